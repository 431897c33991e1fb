"""The base layer: errors, periods, units, text, limits, paths and the message catalog,
which every other layer may use and which import nothing of ipcity above them."""
