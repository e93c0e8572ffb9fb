"""Engines and sessions for SQLite (the default, a file in the data dir) and PostgreSQL.

PostgreSQL goes through pg8000 (pure Python: the installer ships no libpq), whatever driver
the URL names: `postgresql://usuario@servidor/base` is enough.

SQLite gets WAL, foreign keys and a busy timeout on every connection, and SQLAlchemy owns
its transactions (pysqlite's own BEGIN handling is turned off) so that `write_session`
can start them with BEGIN IMMEDIATE: a writer takes the database's write lock before it
reads, which is what makes folio allocation and state changes safe across processes.
A writer that finds the lock held by another process says so (`lock_wait_notice`, on
stderr by default) after `LOCK_NOTICE_S` and gives up after `LOCK_WAIT_S` with
DatabaseBusyError. SQLite's errors become the store's Spanish errors (`models.damage`):
a damaged file is marked and refused from then on; a folder or disk that does not allow
writing opens the database read-only, for viewing.
"""

from __future__ import annotations

import functools
import os
import re
import socket
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, ExceptionContext, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.pool import NullPool
from sqlmodel import Session, create_engine

from facturador.models import damage, messages
from facturador.models.errors import DatabaseBusyError, DatabaseUnavailableError
from facturador.sat.messages import os_reason

__all__ = [
    "BUSY_TIMEOUT_MS",
    "LOCK_NOTICE_S",
    "LOCK_WAIT_S",
    "create_db_engine",
    "driver_url",
    "is_sqlite",
    "lock_wait_notice",
    "newest_revision",
    "open_database",
    "open_sqlite_file",
    "read_session",
    "sqlite_path",
    "sqlite_url",
    "write_session",
]

BUSY_TIMEOUT_MS = 30_000
LOCK_WAIT_S = BUSY_TIMEOUT_MS / 1000  # a writer gives up after this (DatabaseBusyError)
LOCK_NOTICE_S = 1.0  # ... and says that it is waiting after this
CONNECT_TIMEOUT_S = 10
_IMMEDIATE = "facturador_begin_immediate"


def _notice_on_stderr(text: str) -> None:
    if sys.stderr is not None:  # a windowed app may have none
        sys.stderr.write(text + "\n")
        sys.stderr.flush()


lock_wait_notice: Callable[[str], None] = _notice_on_stderr  # the GUI may replace it


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path)}"


def is_sqlite(engine_or_url: Engine | str) -> bool:
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(engine_or_url)
    return url.get_backend_name() == "sqlite"


def sqlite_path(engine_or_url: Engine | str) -> Path:
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(engine_or_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        raise ValueError("not a SQLite file database")
    return Path(url.database)


_POSTGRES_NAMES = {"postgres", "postgresql"}
POSTGRES_DRIVER = "postgresql+pg8000"


def driver_url(url: str) -> str:
    """`url` with the PostgreSQL driver Facturador ships (pg8000); other URLs unchanged."""
    parsed = make_url(url)
    if parsed.get_backend_name() not in _POSTGRES_NAMES:
        return url
    return parsed.set(drivername=POSTGRES_DRIVER).render_as_string(hide_password=False)


def _integrity_errors(context: ExceptionContext) -> IntegrityError | None:
    """pg8000 raises ProgrammingError for every server error but unique violations; SQLSTATE
    class 23 (integrity constraint: foreign key, not null, check...) is an IntegrityError."""
    original = context.original_exception
    detail = original.args[0] if original.args else None
    if isinstance(context.sqlalchemy_exception, IntegrityError) or not isinstance(detail, dict):
        return None
    if not str(detail.get("C", "")).startswith("23"):
        return None
    return IntegrityError(context.statement, context.parameters, original)


def _tune_pg_socket(dbapi_connection: Any, _record: Any) -> None:
    """pg8000 keeps the connect timeout on its socket for every later read: a statement that
    waits longer (a row lock held by another desktop, a migration) would fail. The timeout is
    for reaching the server only.

    pg8000 also leaves Nagle's algorithm on: a statement sent in several small writes waits
    for the server's delayed ACK, about 40 ms per statement (1,000 inbox rows took 40 s
    instead of 4). TCP_NODELAY sends each message at once."""
    sock = getattr(dbapi_connection, "_usock", None)
    if sock is None:
        return
    sock.settimeout(None)
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def _wait_ms() -> int:
    return int(LOCK_WAIT_S * 1000)


def _sqlite_setup(path: Path, *, writable: bool) -> Callable[[Any, Any], None]:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself, below
        try:
            dbapi_connection.execute(f"PRAGMA busy_timeout = {_wait_ms()}")
            dbapi_connection.execute("PRAGMA foreign_keys = ON")
            if writable:
                dbapi_connection.execute("PRAGMA journal_mode = WAL")
                dbapi_connection.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as error:
            _raise_store_error(error, path)
            raise

    return on_connect


def _raise_store_error(error: sqlite3.Error, path: Path) -> None:
    translated = damage.store_error(error, path, LOCK_WAIT_S)
    if translated is not None:
        raise translated from error


def _on_sqlite_error(context: ExceptionContext) -> None:
    """Every statement's SQLite error in Spanish: damaged (and marked), locked, full..."""
    original = context.original_exception
    engine = context.engine
    if isinstance(original, sqlite3.Error) and engine is not None and engine.url.database:
        _raise_store_error(original, sqlite_path(engine))


def _begin_immediate(raw: sqlite3.Connection, path: Path) -> None:
    """BEGIN IMMEDIATE; if another process holds the lock, say so and wait a bounded time."""
    raw.execute(f"PRAGMA busy_timeout = {int(LOCK_NOTICE_S * 1000)}")
    try:
        try:
            raw.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as error:
            if not isinstance(damage.store_error(error, path, LOCK_WAIT_S), DatabaseBusyError):
                raise
        lock_wait_notice(messages.WAITING_FOR_LOCK.format(where=path, seconds=f"{LOCK_WAIT_S:g}"))
        raw.execute(f"PRAGMA busy_timeout = {max(0, _wait_ms() - int(LOCK_NOTICE_S * 1000))}")
        raw.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:
        _raise_store_error(error, path)
        raise
    finally:
        raw.execute(f"PRAGMA busy_timeout = {_wait_ms()}")


def _on_sqlite_begin(conn: Connection) -> None:
    if conn.get_execution_options().get(_IMMEDIATE, False):
        raw = conn.connection.driver_connection
        assert raw is not None  # a connection that is running a BEGIN is open
        _begin_immediate(raw, sqlite_path(conn.engine))
    else:
        conn.exec_driver_sql("BEGIN")


def _writable(path: Path) -> bool:
    """Whether SQLite may write `path` and its -wal/-shm (False on a read-only folder/disk)."""
    if not path.exists():
        return True
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _read_only_creator(path: Path) -> Callable[[], sqlite3.Connection]:
    """Connections for viewing a database nobody can write here. Without a WAL file there
    is nothing newer than the main file, and `immutable` spares SQLite its -shm file."""
    wal = path.with_name(path.name + "-wal")
    flags = "mode=ro" if wal.exists() else "mode=ro&immutable=1"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            f"file:{path}?{flags}", uri=True, timeout=LOCK_WAIT_S, check_same_thread=False
        )

    return connect


def open_sqlite_file(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection to `path` (backups): read-only when nothing may write it."""
    if _writable(path):
        return sqlite3.connect(path, timeout=LOCK_WAIT_S)
    return _read_only_creator(path)()


def create_db_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`, configured per dialect; no schema work (see `open_database`)."""
    if is_sqlite(url):
        path = sqlite_path(url)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseUnavailableError(str(path), os_reason(error), server=False) from error
        writable = _writable(path)
        if not writable:
            kwargs.setdefault("creator", _read_only_creator(path))
        kwargs.setdefault("connect_args", {"timeout": LOCK_WAIT_S})
        kwargs.setdefault("poolclass", NullPool)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_setup(path, writable=writable))
        event.listen(engine, "begin", _on_sqlite_begin)
        event.listen(engine, "handle_error", _on_sqlite_error)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    # A laptop away from the office network must get an answer, not hang on the connect.
    kwargs.setdefault("connect_args", {"timeout": CONNECT_TIMEOUT_S})
    engine = create_engine(driver_url(url), **kwargs)
    event.listen(engine, "connect", _tune_pg_socket)
    event.listen(engine, "handle_error", _integrity_errors)
    return engine


def open_database(url: str, **kwargs: Any) -> Engine:
    """The engine for `url` with its schema migrated to the newest revision.

    A database already at the newest revision (every start after the first) is recognised
    with one query, without loading Alembic: that saves seconds of start-up.
    """
    if is_sqlite(url):
        damage.refuse_if_damaged(sqlite_path(url))
    engine = create_db_engine(url, **kwargs)
    _check_reachable(engine)
    if _stored_revision(engine) != newest_revision():
        from facturador.models.migrate import upgrade

        upgrade(engine)
    return engine


_REVISION_LINE = re.compile(r"^revision\s*=\s*[\"'](\w+)[\"']", re.MULTILINE)
_DOWN_LINE = re.compile(r"^down_revision\s*=\s*[\"'](\w+)[\"']", re.MULTILINE)


@functools.cache
def newest_revision() -> str:
    """The head of the migration scripts, read from their text (no Alembic import)."""
    revisions, parents = set(), set()
    for script in (Path(__file__).resolve().parent / "migrations" / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revisions.update(_REVISION_LINE.findall(text))
        parents.update(_DOWN_LINE.findall(text))
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {sorted(heads)}")
    return str(heads.pop())


def _check_reachable(engine: Engine) -> None:
    """DatabaseUnavailableError, in Spanish, when not even a connection can be made."""
    try:
        with engine.connect():
            pass
    except DBAPIError as error:
        engine.dispose()
        if is_sqlite(engine):
            raise DatabaseUnavailableError(
                str(sqlite_path(engine)), str(error.orig), server=False
            ) from error
        url = engine.url
        detail = error.orig.args[0] if error.orig is not None and error.orig.args else error
        if isinstance(detail, dict):  # pg8000 passes the server's error fields
            detail = detail.get("M", detail)
        elif "can't create a connection" in str(detail).lower():
            detail = f"el servidor no responde en {url.host}:{url.port or 5432}"
        where = url.set(drivername="postgresql").render_as_string(hide_password=True)
        raise DatabaseUnavailableError(where, str(detail), server=True) from error


def _stored_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as connection:
            row = connection.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    except DBAPIError:
        return None  # a new database: no alembic_version table yet
    return None if row is None else str(row[0])


def read_session(engine: Engine) -> Session:
    """A session for reading (and for writes that take no cross-process lock)."""
    return Session(engine, expire_on_commit=False)


def write_session(engine: Engine) -> Session:
    """A session whose transaction starts as a writer: BEGIN IMMEDIATE on SQLite.

    On PostgreSQL row locks (UPDATE ... RETURNING, SELECT ... FOR UPDATE) do that work and
    this is a plain session. Use it for every use case that changes state or folios.
    """
    if is_sqlite(engine):
        engine = engine.execution_options(**{_IMMEDIATE: True})
    return Session(engine, expire_on_commit=False)
