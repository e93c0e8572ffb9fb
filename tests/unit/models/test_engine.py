"""Opening the database: any PostgreSQL URL goes through the shipped driver, and a database
that cannot be opened is explained in Spanish (never a traceback, never the password)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from facturador.models.engine import driver_url, open_database, sqlite_url
from facturador.models.errors import DatabaseUnavailableError
from tests.unit.models.databases import PG_ENV


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u:p@servidor:5433/base", "postgresql+pg8000://u:p@servidor:5433/base"),
        ("postgres://u@servidor/base", "postgresql+pg8000://u@servidor/base"),
        ("postgresql+psycopg://u@servidor/base", "postgresql+pg8000://u@servidor/base"),
        ("postgresql+pg8000://u@servidor/base", "postgresql+pg8000://u@servidor/base"),
        ("sqlite:////tmp/x.sqlite3", "sqlite:////tmp/x.sqlite3"),
    ],
)
def test_postgresql_urls_use_the_shipped_driver(url: str, expected: str) -> None:
    assert driver_url(url) == expected


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_server_that_does_not_answer_is_explained_without_the_password() -> None:
    port = _closed_port()
    with pytest.raises(DatabaseUnavailableError) as caught:
        open_database(f"postgresql://contador:secreto@127.0.0.1:{port}/oficina")
    message = caught.value.message
    assert f"el servidor no responde en 127.0.0.1:{port}" in message
    assert "Revise que el servidor PostgreSQL esté encendido" in message
    assert "secreto" not in message
    assert f"postgresql://contador:***@127.0.0.1:{port}/oficina" in message


def test_sqlite_file_in_a_place_that_cannot_hold_it(tmp_path: Path) -> None:
    blocker = tmp_path / "archivo"
    blocker.write_text("no soy una carpeta")
    with pytest.raises(DatabaseUnavailableError) as caught:
        open_database(sqlite_url(blocker / "facturador.sqlite3"))
    assert str(blocker / "facturador.sqlite3") in caught.value.message
    assert "permiso de escritura" in caught.value.message


@pytest.mark.postgres
def test_missing_database_reports_the_server_message() -> None:
    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server for this test")
    url = make_url(admin_url).set(database="no_existe_facturador")
    with pytest.raises(DatabaseUnavailableError) as caught:
        open_database(url.render_as_string(hide_password=False))
    assert 'database "no_existe_facturador" does not exist' in caught.value.message


@pytest.mark.postgres
def test_connect_timeout_does_not_cut_a_long_statement(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only reaching the server is timed: waiting on another desktop's lock is not."""
    from facturador.models import engine as engine_module

    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server for this test")
    monkeypatch.setattr(engine_module, "CONNECT_TIMEOUT_S", 0.5)
    engine = engine_module.create_db_engine(admin_url)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT pg_sleep(1.2)")
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_statements_are_sent_at_once_not_after_the_servers_delayed_ack() -> None:
    """With Nagle's algorithm on, each small statement pg8000 sends waited ~40 ms for the
    server's delayed ACK (1,000 inbox rows: 40 s instead of 4); the engine turns it off."""
    from facturador.models import engine as engine_module

    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server for this test")
    engine = engine_module.create_db_engine(admin_url)
    try:
        with engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            sock = raw._usock  # type: ignore[union-attr]
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
            assert sock.gettimeout() is None
    finally:
        engine.dispose()
