"""Backups of the SQLite database with SQLite's online backup API (consistent while in use).

A backup counts only once its copy passes `PRAGMA integrity_check` and the app's own sanity
queries (`models.damage.file_problem`). A copy that fails is thrown away, every older
backup is kept, and the database is marked damaged (DatabaseDamagedError: the CLI exits
non-zero, the app offers the restore). Rotation keeps the newest `keep` and never deletes
the backup just made, so the last good one always survives.

`daily_check` is what the GUI's scheduler runs at start and every hour (`backup_if_due`): a
`PRAGMA quick_check` of the live database, then one backup a day.
PostgreSQL is backed up on the server with pg_dump; here it is refused with that advice.
"""

from __future__ import annotations

import errno
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from facturador.models import damage
from facturador.models.engine import is_sqlite, open_sqlite_file, sqlite_path
from facturador.models.errors import DatabaseDamagedError, DiskFullError
from facturador.services.errors import (
    BackupNotSupportedError,
    BackupWriteError,
    InvalidBackupError,
)
from facturador.services.messages import BACKUP_COPY_DAMAGED, BACKUP_COPY_FAILED, os_reason
from facturador.services.settings import DB_FILE, backups_dir, database_url

if TYPE_CHECKING:
    from facturador.services.views import BackupInfo

__all__ = [
    "Restored",
    "automatic_backups",
    "backup_if_due",
    "backup_views",
    "check_backup",
    "check_database",
    "create_backup",
    "daily_check",
    "list_backups",
    "newest_good_backup",
    "restore_and_keep",
    "restore_backup",
    "set_aside",
    "set_automatic_backups",
    "take_backup",
    "taken_at",
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
    with closing(open_sqlite_file(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.execute("PRAGMA busy_timeout = 30000")
        dst.execute("PRAGMA busy_timeout = 30000")
        src.backup(dst)


def list_backups(dest_dir: Path | None = None) -> list[Path]:
    """Backups in `dest_dir`, oldest first."""
    folder = dest_dir or backups_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{PREFIX}*{SUFFIX}"))


def taken_at(path: Path) -> datetime | None:
    try:
        stamp = path.name.removeprefix(PREFIX).removesuffix(SUFFIX)
        return datetime.strptime(stamp, _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def _write_error(folder: Path, error: OSError) -> Exception:
    if error.errno == errno.ENOSPC:
        return DiskFullError(str(folder))
    return BackupWriteError(folder, os_reason(error))


def _start_partial(folder: Path, partial: Path) -> None:
    """Create the folder and the empty partial file, so that the OS says what is wrong."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        partial.touch()
    except OSError as error:
        raise _write_error(folder, error) from error


def _copy_into(database: Path, partial: Path, folder: Path) -> None:
    try:
        _copy(database, partial)
    except sqlite3.DatabaseError as error:
        if damage.is_damaged_error(error):
            damage.mark_damaged(database, str(error))
            raise DatabaseDamagedError(str(database), str(error)) from error
        translated = damage.store_error(error, partial, 30)
        if isinstance(translated, DiskFullError):
            raise DiskFullError(str(folder)) from error
        raise BackupWriteError(folder, BACKUP_COPY_FAILED) from error
    except OSError as error:
        raise _write_error(folder, error) from error


def _verify_copy(database: Path, partial: Path, folder: Path) -> None:
    """The copy must pass integrity_check and the sanity queries. If it fails, the
    database is damaged (marked) unless its own quick check passes: then the backup disk
    spoiled the copy."""
    problem = damage.file_problem(partial)
    if problem is None:
        return
    if damage.file_problem(database, thorough=False) is None:
        raise BackupWriteError(folder, BACKUP_COPY_DAMAGED)
    damage.mark_damaged(database, problem)
    raise DatabaseDamagedError(str(database), problem)


def _rotate(folder: Path, keep: int, newest: Path) -> None:
    """Keep the newest `keep` backups; `newest` (just made and checked) is never deleted,
    even when a wrong clock sorted it first."""
    others = [path for path in list_backups(folder) if path != newest]
    for old in others[: max(0, len(others) + 1 - max(keep, 1))]:
        old.unlink()


def create_backup(
    source: str | Path | None = None,
    dest_dir: Path | None = None,
    keep: int = 7,
    now: datetime | None = None,
) -> Path:
    """Copy the database to `dest_dir/facturador-<UTC time>.sqlite3` and check the copy;
    keep the newest `keep`. DatabaseDamagedError (older backups untouched) if it fails."""
    database = _database_file(source)
    if not database.exists():
        raise InvalidBackupError(database, missing=True)
    damage.refuse_if_damaged(database)
    folder = dest_dir or backups_dir()
    when = (now or datetime.now(UTC)).astimezone(UTC)
    target = folder / f"{PREFIX}{when.strftime(_STAMP)}{SUFFIX}"
    partial = target.with_suffix(".partial")
    _start_partial(folder, partial)
    try:
        _copy_into(database, partial, folder)
        _verify_copy(database, partial, folder)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    _rotate(folder, keep, target)
    return target


def check_database(source: str | Path | None = None) -> None:
    """`PRAGMA quick_check` of the live database; DatabaseDamagedError (and the file marked)
    if it fails. Nothing to check for PostgreSQL or a database not created yet."""
    try:
        database = _database_file(source)
    except BackupNotSupportedError:
        return
    if database.exists():
        damage.quick_check(database)


def backup_if_due(
    source: str | Path | None = None,
    dest_dir: Path | None = None,
    keep: int = 7,
    now: datetime | None = None,
) -> Path | None:
    """Quick check, then a new backup if the newest is a day old or missing; None otherwise
    (or for PostgreSQL)."""
    try:
        database = _database_file(source)
    except BackupNotSupportedError:
        return None
    if not database.exists():
        return None
    damage.quick_check(database)
    now = now or datetime.now(UTC)
    taken = [t for t in map(taken_at, list_backups(dest_dir)) if t is not None]
    if taken and now - max(taken) < DAY:
        return None
    return create_backup(database, dest_dir, keep, now)


def check_backup(path: Path) -> None:
    """InvalidBackupError unless `path` is a readable, intact Facturador database."""
    if not path.is_file():
        raise InvalidBackupError(path, missing=True)
    if damage.file_problem(path) is not None:
        raise InvalidBackupError(path)


def newest_good_backup(dest_dir: Path | None = None) -> Path | None:
    """The newest backup that passes `check_backup` (None: there is none)."""
    for path in reversed(list_backups(dest_dir)):
        if damage.file_problem(path) is None:
            return path
    return None


@dataclass(frozen=True, slots=True)
class Restored:
    database: Path
    previous: Path | None  # the backup of the database it replaced (None: none, or damaged)


def _keep_current(database: Path, keep: int) -> Path | None:
    """Back up the database about to be replaced; a damaged one is set aside instead."""
    try:
        return create_backup(database, keep=keep)
    except DatabaseDamagedError:
        set_aside(database)
        return None


def restore_backup(path: Path, target: str | Path | None = None, keep: int = 7) -> Restored:
    """Replace the database with the backup at `path` (via the backup API, so the WAL and
    any open connection see a consistent database). The schema is upgraded on next open.

    The current database is backed up first (newest `keep` kept), so a restore can be
    undone. A current file that is damaged (SQLite cannot read it, its check fails, or it
    was marked damaged) is not overwritten either: it is renamed aside (`set_aside`) and
    the backup restored into a new file."""
    database = _database_file(target)
    check_backup(path)
    previous = _keep_current(database, keep) if database.exists() else None
    database.parent.mkdir(parents=True, exist_ok=True)
    try:
        _copy(path, database)
    except sqlite3.DatabaseError:
        set_aside(database)
        _copy(path, database)
    damage.clear_mark(database)
    return Restored(database=database, previous=previous)


def set_aside(database: Path, now: datetime | None = None) -> Path:
    """Rename a damaged database (with its -wal/-shm and damage note) to
    `<name>-danada-<time>`; never delete."""
    stamp = (now or datetime.now(UTC)).strftime(_STAMP)
    aside = database.with_name(f"{database.stem}-danada-{stamp}{database.suffix}")
    for suffix in ("", "-wal", "-shm", damage.NOTE_SUFFIX):
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            companion.replace(aside.with_name(aside.name + suffix))
    return aside


# ---------------------------------------------------------------- as Respaldos shows them


def _view(path: Path) -> BackupInfo:
    from facturador.services.views import BackupInfo

    return BackupInfo(path=path, taken_at=taken_at(path), size=path.stat().st_size)


def backup_views() -> list[BackupInfo]:
    """The backups in the data dir, newest first."""
    return [_view(path) for path in reversed(list_backups())]


def take_backup() -> BackupInfo:
    """A backup now (Respaldos' button), keeping as many as the settings say."""
    from facturador.services.settings import BACKUP_KEEP, get_setting

    return _view(create_backup(keep=int(get_setting(BACKUP_KEEP))))


def restore_and_keep(path: Path) -> Path:
    """Restore `path` over the database, which is backed up first (see `restore_backup`)."""
    from facturador.services.settings import BACKUP_KEEP, get_setting

    return restore_backup(path, keep=int(get_setting(BACKUP_KEEP))).database


def automatic_backups() -> bool:
    from facturador.services.settings import BACKUP_ENABLED, get_setting

    return bool(get_setting(BACKUP_ENABLED))


def set_automatic_backups(enabled: bool) -> None:
    from facturador.services.settings import BACKUP_ENABLED, set_setting

    set_setting(BACKUP_ENABLED, bool(enabled))


def daily_check(now: datetime) -> Path | None:
    """The app's scheduled check (at start and every hour): `PRAGMA quick_check` of the
    database, then the day's backup if automatic backups are on (DatabaseDamagedError if
    damaged)."""
    from facturador.services.settings import BACKUP_KEEP, get_setting

    if not automatic_backups():
        check_database()
        return None
    return backup_if_due(keep=int(get_setting(BACKUP_KEEP)), now=now)
