"""Fresh databases for store tests: a SQLite file, or a new PostgreSQL database per test.

PostgreSQL comes from FACTURADOR_TEST_PG_URL (`.ci/services.sh` starts a server and exports
it; locally: `source .ci/services.sh && start_postgres`). Without it the postgres params skip.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from facturador.models.engine import driver_url, sqlite_url

PG_ENV = "FACTURADOR_TEST_PG_URL"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@contextmanager
def fresh_database(backend: str, tmp_path: Path) -> Iterator[str]:
    """Yield the URL of an empty database of `backend`, dropped afterwards."""
    if backend == "sqlite":
        yield sqlite_url(tmp_path / "store.sqlite3")
        return
    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server for this test")
    name = f"facturador_test_{secrets.token_hex(6)}"
    admin = create_engine(driver_url(admin_url), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
