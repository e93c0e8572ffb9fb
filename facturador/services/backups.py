"""Backups of the SQLite database with SQLite's online backup API (consistent while in use).

`backup_if_due` runs at app start and makes one backup a day, keeping the newest `keep`.
PostgreSQL is backed up on the server with pg_dump; here it is refused with that advice.
"""

from __future__ import annotations

import contextlib
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from facturador.models.engine import is_sqlite, sqlite_path
from facturador.services.errors import BackupNotSupportedError, InvalidBackupError
from facturador.services.settings import DB_FILE, backups_dir, database_url

__all__ = [
    "Restored",
    "backup_if_due",
    "check_backup",
    "create_backup",
    "list_backups",
    "restore_backup",
    "set_aside",
]

PREFIX = "facturador-"
SUFFIX = ".sqlite3"
_STAMP = "%Y%m%d-%H%M%S-%f"
DAY = timedelta(days=1)


def _database_file(source: str | Path | None) -> Path:
    """The SQLite file for an engine URL, a data dir or the configured database."""
    if source is None:
        source = database_url()
    if isinstance(source, Path):
        return source / DB_FILE if source.is_dir() else source
    if "://" not in source:
        path = Path(source)
        return path / DB_FILE if path.is_dir() else path
    if not is_sqlite(source):
        raise BackupNotSupportedError(source.split("://", 1)[0])
    return sqlite_path(source)


def _copy(source: Path, target: Path) -> None:
    with (
        closing(sqlite3.connect(source)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.execute("PRAGMA busy_timeout = 30000")
        dst.execute("PRAGMA busy_timeout = 30000")
        src.backup(dst)


def list_backups(dest_dir: Path | None = None) -> list[Path]:
    """Backups in `dest_dir`, oldest first."""
    folder = dest_dir or backups_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{PREFIX}*{SUFFIX}"))


def _taken_at(path: Path) -> datetime | None:
    try:
        stamp = path.name.removeprefix(PREFIX).removesuffix(SUFFIX)
        return datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def create_backup(
    source: str | Path | None = None,
    dest_dir: Path | None = None,
    keep: int = 7,
    now: datetime | None = None,
) -> Path:
    """Copy the database to `dest_dir/facturador-<UTC time>.sqlite3`; keep the newest `keep`."""
    database = _database_file(source)
    if not database.exists():
        raise InvalidBackupError(database, missing=True)
    folder = dest_dir or backups_dir()
    folder.mkdir(parents=True, exist_ok=True)
    when = (now or datetime.now(UTC)).astimezone(UTC)
    target = folder / f"{PREFIX}{when.strftime(_STAMP)}{SUFFIX}"
    partial = target.with_suffix(".partial")
    try:
        _copy(database, partial)
    except sqlite3.DatabaseError:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    for old in list_backups(folder)[: max(0, len(list_backups(folder)) - max(keep, 1))]:
        old.unlink()
    return target


def backup_if_due(
    source: str | Path | None = None,
    dest_dir: Path | None = None,
    keep: int = 7,
    now: datetime | None = None,
) -> Path | None:
    """A new backup if the newest is a day old or missing; None otherwise (or for PostgreSQL)."""
    try:
        database = _database_file(source)
    except BackupNotSupportedError:
        return None
    if not database.exists():
        return None
    now = now or datetime.now(UTC)
    taken = [t for t in map(_taken_at, list_backups(dest_dir)) if t is not None]
    if taken and now - max(taken) < DAY:
        return None
    return create_backup(database, dest_dir, keep, now)


def check_backup(path: Path) -> None:
    """InvalidBackupError unless `path` is a readable, intact Facturador database."""
    if not path.is_file():
        raise InvalidBackupError(path, missing=True)
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            ok = db.execute("PRAGMA quick_check").fetchone()
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise InvalidBackupError(path) from error
    if ok != ("ok",) or not {"alembic_version", "empresa", "documento"} <= tables:
        raise InvalidBackupError(path)


@dataclass(frozen=True, slots=True)
class Restored:
    database: Path
    previous: Path | None  # the backup of the database it replaced (None: none, or damaged)


def restore_backup(path: Path, target: str | Path | None = None, keep: int = 7) -> Restored:
    """Replace the database with the backup at `path` (via the backup API, so the WAL and
    any open connection see a consistent database). The schema is upgraded on next open.

    The current database is backed up first (newest `keep` kept), so a restore can be
    undone. A current file SQLite cannot read (damaged, or not a database) is not
    overwritten either: it is renamed aside (`set_aside`) and the backup restored into a new
    file."""
    database = _database_file(target)
    check_backup(path)
    previous = None
    if database.exists():
        with contextlib.suppress(sqlite3.DatabaseError):  # damaged: set aside below
            previous = create_backup(database, keep=keep)
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        _copy(path, database)
    except sqlite3.DatabaseError:
        set_aside(database)
        _copy(path, database)
    return Restored(database=database, previous=previous)


def set_aside(database: Path, now: datetime | None = None) -> Path:
    """Rename a damaged database (and its -wal/-shm) to `<name>-danada-<time>`; never delete."""
    stamp = (now or datetime.now(UTC)).strftime(_STAMP)
    aside = database.with_name(f"{database.stem}-danada-{stamp}{database.suffix}")
    for suffix in ("", "-wal", "-shm"):
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            companion.replace(aside.with_name(aside.name + suffix))
    return aside
