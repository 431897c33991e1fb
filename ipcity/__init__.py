"""ipcity: track a city's intellectual-property action plan against its targets."""

__version__ = "0.1.0"
