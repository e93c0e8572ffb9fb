"""Engines and sessions for SQLite (the default, a file in the data dir) and PostgreSQL.

PostgreSQL goes through pg8000 (pure Python: the installer ships no libpq), whatever driver
the URL names: `postgresql://usuario@servidor/base` is enough.

SQLite gets WAL, foreign keys and a busy timeout on every connection, and SQLAlchemy owns
its transactions (pysqlite's own BEGIN handling is turned off) so that `write_session`
can start them with BEGIN IMMEDIATE: a writer takes the database's write lock before it
reads, which is what makes folio allocation and state changes safe across processes.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, ExceptionContext, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.pool import NullPool
from sqlmodel import Session, create_engine

from facturador.models.errors import DatabaseUnavailableError

__all__ = [
    "BUSY_TIMEOUT_MS",
    "create_db_engine",
    "driver_url",
    "is_sqlite",
    "newest_revision",
    "open_database",
    "read_session",
    "sqlite_path",
    "sqlite_url",
    "write_session",
]

BUSY_TIMEOUT_MS = 30_000
CONNECT_TIMEOUT_S = 10
_IMMEDIATE = "facturador_begin_immediate"


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


def _no_timeout_after_connect(dbapi_connection: Any, _record: Any) -> None:
    """pg8000 keeps the connect timeout on its socket for every later read: a statement that
    waits longer (a row lock held by another desktop, a migration) would fail. The timeout is
    for reaching the server only."""
    sock = getattr(dbapi_connection, "_usock", None)
    if sock is not None:
        sock.settimeout(None)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself, below
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _on_sqlite_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get(_IMMEDIATE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_db_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`, configured per dialect; no schema work (see `open_database`)."""
    if is_sqlite(url):
        path = sqlite_path(url)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseUnavailableError(
                str(path), error.strerror or str(error), server=False
            ) from error
        kwargs.setdefault("connect_args", {"timeout": BUSY_TIMEOUT_MS / 1000})
        kwargs.setdefault("poolclass", NullPool)
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    # A laptop away from the office network must get an answer, not hang on the connect.
    kwargs.setdefault("connect_args", {"timeout": CONNECT_TIMEOUT_S})
    engine = create_engine(driver_url(url), **kwargs)
    event.listen(engine, "connect", _no_timeout_after_connect)
    event.listen(engine, "handle_error", _integrity_errors)
    return engine


def open_database(url: str, **kwargs: Any) -> Engine:
    """The engine for `url` with its schema migrated to the newest revision.

    A database already at the newest revision (every start after the first) is recognised
    with one query, without loading Alembic: that saves seconds of start-up.
    """
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
