"""Where the database file is by default: $IPCITY_DB, else ipcity.db in the user data
directory. A base module (no SQLAlchemy), so that shell completion can find the file."""

from __future__ import annotations

import os
from pathlib import Path

DB_FILE = "ipcity.db"


def default_db_path() -> Path | str:
    """$IPCITY_DB (a file, or a PostgreSQL URL), else ipcity.db in the user data directory.
    (The store's own `default_db_path` says the same; this one imports no SQLAlchemy.)"""
    if env := os.environ.get("IPCITY_DB"):
        return env if "://" in env else Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("ipcity", appauthor=False)) / DB_FILE
