"""Fresh databases for store tests: a SQLite file, or a new PostgreSQL database per test.

PostgreSQL comes from FACTURADOR_TEST_PG_URL (`.ci/services.sh` starts a server and exports
it; locally: `source .ci/services.sh && start_postgres`). Without it the postgres params skip.
"""

from __future__ import annotations

import atexit
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from facturador.models.engine import driver_url, sqlite_url

PG_ENV = "FACTURADOR_TEST_PG_URL"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


_templates: dict[str, str] = {}  # backend -> a migrated database of this process to copy


def _sqlite_template() -> str:
    if "sqlite" not in _templates:
        from facturador.models.engine import open_database

        path = Path(tempfile.mkdtemp(prefix="facturador-tpl-")) / "template.sqlite3"
        open_database(sqlite_url(path)).dispose()
        _templates["sqlite"] = str(path)
    return _templates["sqlite"]


def _postgres_template(admin: Engine, admin_url: str) -> str:
    """A migrated database cloned for each test (CREATE DATABASE ... TEMPLATE): a copy is
    about 0.1 s, migrating a new one about 0.6 s. Dropped when the process ends."""
    if "postgresql" not in _templates:
        from facturador.models.engine import open_database

        name = f"facturador_tpl_{secrets.token_hex(6)}"
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        open_database(_url(admin_url, name)).dispose()  # no connection left: it can be copied
        _templates["postgresql"] = name
        atexit.register(_drop, admin_url, name)
    return _templates["postgresql"]


def _url(admin_url: str, name: str) -> str:
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def _admin(admin_url: str) -> Engine:
    return create_engine(driver_url(admin_url), isolation_level="AUTOCOMMIT", poolclass=NullPool)


def _drop(admin_url: str, name: str) -> None:
    admin = _admin(admin_url)
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


@contextmanager
def fresh_database(backend: str, tmp_path: Path, *, migrated: bool = False) -> Iterator[str]:
    """Yield the URL of a new database of `backend`, dropped afterwards: empty, or
    `migrated` to the newest schema (a copy of one migrated once per process)."""
    if backend == "sqlite":
        path = tmp_path / "store.sqlite3"
        if migrated:
            shutil.copy(_sqlite_template(), path)
        yield sqlite_url(path)
        return
    admin_url = os.environ.get(PG_ENV)
    if not admin_url:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server for this test")
    name = f"facturador_test_{secrets.token_hex(6)}"
    admin = _admin(admin_url)
    template = f' TEMPLATE "{_postgres_template(admin, admin_url)}"' if migrated else ""
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"{template}')
    try:
        yield _url(admin_url, name)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
