"""One renderer per output format; `ipcity.cli.options.Format` picks one in a single place."""
