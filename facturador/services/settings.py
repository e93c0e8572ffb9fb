"""Where data lives and the few user settings, each declared once.

The data dir is FACTURADOR_HOME when set (the CLI's `--datos` sets it), else the OS
user-data dir. FACTURADOR_DB_URL selects a PostgreSQL database instead of the SQLite
file in the data dir. Settings are a small JSON file in the data dir.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy.engine import Engine

__all__ = [
    "BACKUP_ENABLED",
    "BACKUP_KEEP",
    "ENV_DB_URL",
    "ENV_HOME",
    "SETTINGS",
    "Setting",
    "backups_dir",
    "data_dir",
    "database_path",
    "database_url",
    "get_setting",
    "open_engine",
    "set_setting",
]

ENV_HOME = "FACTURADOR_HOME"
ENV_DB_URL = "FACTURADOR_DB_URL"
DB_FILE = "facturador.sqlite3"
SETTINGS_FILE = "ajustes.json"


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    type: type
    default: Any
    label: str


BACKUP_ENABLED = Setting("respaldos.automaticos", bool, True, "Respaldo automático diario")
BACKUP_KEEP = Setting("respaldos.conservar", int, 7, "Respaldos que se conservan")
SETTINGS = (BACKUP_ENABLED, BACKUP_KEEP)


def data_dir() -> Path:
    home = os.environ.get(ENV_HOME)
    path = Path(home) if home else Path(platformdirs.user_data_dir("Facturador", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_path() -> Path:
    return data_dir() / DB_FILE


def database_url() -> str:
    return os.environ.get(ENV_DB_URL) or f"sqlite:///{database_path()}"


def open_engine(*, pooled: bool = False) -> Engine:
    """The configured database, migrated to the newest schema (one per process or test).

    `pooled` keeps SQLite connections open between transactions, for a batch of many in one
    process (`emitir A.json B.json ...`): no reconnect, PRAGMAs or WAL checkpoint per
    transaction. Each transaction still starts as usual (BEGIN IMMEDIATE for writers).
    """
    from facturador.models.engine import is_sqlite, open_database

    url = database_url()
    if pooled and is_sqlite(url):
        from sqlalchemy.pool import QueuePool

        return open_database(url, poolclass=QueuePool)
    return open_database(url)


def backups_dir() -> Path:
    return data_dir() / "respaldos"


def _load() -> dict[str, Any]:
    path = data_dir() / SETTINGS_FILE
    if not path.exists():
        return {}
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def get_setting(setting: Setting) -> Any:
    value = _load().get(setting.key, setting.default)
    return value if isinstance(value, setting.type) else setting.default


def set_setting(setting: Setting, value: Any) -> None:
    if not isinstance(value, setting.type):
        raise TypeError(f"{setting.key} expects {setting.type.__name__}")
    values = _load()
    values[setting.key] = value
    path = data_dir() / SETTINGS_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(values, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
