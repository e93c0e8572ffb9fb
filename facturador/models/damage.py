"""The health of a SQLite database file; damage found once is remembered.

SQLite can find a file damaged at any moment: at open, in the middle of a command
("database disk image is malformed"), in the check of a backup's copy, or in the quick
check at start-up. Wherever it is found, `mark_damaged` writes a note `<file>.danada` beside
the file; while the note exists `refuse_if_damaged` (called by `open_database` and by the
backups) refuses the file, so nothing writes to it again and no backup of it replaces a
good one. Restoring a backup sets the damaged file and its note aside (never deleted).

`store_error` turns SQLite's errors (damaged, locked, disk full, read-only) into the
store's Spanish errors; the engine applies it to every statement.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from facturador.models.errors import (
    DatabaseBusyError,
    DatabaseDamagedError,
    DiskFullError,
    ReadOnlyDatabaseError,
    StoreError,
)

__all__ = [
    "NOTE_SUFFIX",
    "REQUIRED_TABLES",
    "clear_mark",
    "damage_note",
    "file_problem",
    "is_damaged_error",
    "mark_damaged",
    "quick_check",
    "refuse_if_damaged",
    "store_error",
]

log = logging.getLogger(__name__)

NOTE_SUFFIX = ".danada"
REQUIRED_TABLES = frozenset({"alembic_version", "empresa", "documento"})

# SQLite's primary result codes (https://sqlite.org/rescode.html)
_BUSY, _LOCKED, _READONLY, _CORRUPT, _FULL, _NOTADB = 5, 6, 8, 11, 13, 26
_DAMAGED_WORDS = ("malformed", "not a database")


def damage_note(database: Path) -> Path:
    return database.with_name(database.name + NOTE_SUFFIX)


def mark_damaged(database: Path, detail: str) -> None:
    """Remember that `database` is damaged (a read-only folder only loses the note)."""
    log.info("database %s is damaged: %s", database, detail)
    with contextlib.suppress(OSError):
        damage_note(database).write_text(
            f"{datetime.now(UTC).isoformat()} {detail}\n", encoding="utf-8"
        )


def clear_mark(database: Path) -> None:
    damage_note(database).unlink(missing_ok=True)


def _is_empty(database: Path) -> bool:
    """A 0-byte file whose WAL holds nothing either: the data is gone, it is not new."""
    try:
        if database.stat().st_size != 0:
            return False
    except OSError:
        return False
    wal = database.with_name(database.name + "-wal")
    return not wal.exists() or wal.stat().st_size == 0


def refuse_if_damaged(database: Path) -> None:
    """DatabaseDamagedError if the file was found damaged before, or is empty."""
    if damage_note(database).exists():
        raise DatabaseDamagedError(str(database), "marked damaged")
    if _is_empty(database):
        raise DatabaseDamagedError(str(database), "empty file", empty=True)


def _code(error: sqlite3.Error) -> int | None:
    code = getattr(error, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def is_damaged_error(error: sqlite3.Error) -> bool:
    code = _code(error)
    if code is not None:
        return code in (_CORRUPT, _NOTADB)
    return any(word in str(error) for word in _DAMAGED_WORDS)


def store_error(error: sqlite3.Error, database: Path, wait_s: float) -> StoreError | None:
    """The store's error for a SQLite error on `database` (None: not one of ours).

    A damaged file is marked on the way (`mark_damaged`)."""
    code, where = _code(error), str(database)
    if is_damaged_error(error):
        mark_damaged(database, str(error))
        return DatabaseDamagedError(where, str(error))
    if code in (_BUSY, _LOCKED) or "database is locked" in str(error):
        return DatabaseBusyError(where, wait_s)
    if code == _FULL or "disk is full" in str(error):
        return DiskFullError(where)
    if code == _READONLY or "readonly database" in str(error):
        return ReadOnlyDatabaseError(where)
    return None


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def file_problem(path: Path, *, thorough: bool = True) -> str | None:
    """What is wrong with the Facturador database at `path` (None: nothing).

    `PRAGMA integrity_check` (or the faster `quick_check`), then the app's own sanity
    queries: its tables exist, the schema revision is one row, companies and documents
    can be counted and read to the last row."""
    pragma = "integrity_check" if thorough else "quick_check"
    try:
        with closing(_read_only(path)) as db:
            verdict = [row[0] for row in db.execute(f"PRAGMA {pragma}")]
            if verdict != ["ok"]:
                return "; ".join(str(line) for line in verdict[:3])
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
            if not tables >= REQUIRED_TABLES:
                return "not a Facturador database"
            if db.execute("SELECT count(*) FROM alembic_version").fetchone() != (1,):
                return "schema revision missing"
            db.execute("SELECT count(*), max(id) FROM empresa").fetchone()
            db.execute("SELECT count(*), max(id), max(fecha) FROM documento").fetchone()
    except sqlite3.DatabaseError as error:
        return str(error)
    return None


def quick_check(database: Path) -> None:
    """`PRAGMA quick_check` of the live database (start-up, daily backup); a damaged file
    is marked and DatabaseDamagedError raised."""
    refuse_if_damaged(database)
    try:
        with closing(_read_only(database)) as db:
            verdict = [row[0] for row in db.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as error:
        if not is_damaged_error(error):
            translated = store_error(error, database, 0)
            if translated is None:
                raise
            raise translated from error
        verdict = [str(error)]
    if verdict != ["ok"]:
        detail = "; ".join(str(line) for line in verdict[:3])
        mark_damaged(database, detail)
        raise DatabaseDamagedError(str(database), detail)
