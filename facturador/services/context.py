"""What every use case runs against: the database, the secret store, the clock, the data dir.

One `Context` is opened per process (the CLI's `main`, the desktop window) and handed to
every use case in `facturador.services`; tests build their own with a fresh database, a
`MemorySecretStore` and a fixed clock. Nothing here opens anything at import time: the
engine (migrations included) and the OS keyring are opened on first use, so the GUI builds
its Context on the GUI thread and the first use happens in a worker.

The secret store has one fallback policy (`secrets.open_secret_store`): the OS keyring, or
a store for this session only where there is none.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    from facturador.models.tables import Empresa
    from facturador.services.secrets import SecretStore

__all__ = ["Context", "Probe", "utcnow"]


def utcnow() -> datetime:
    return datetime.now(UTC)


class Probe(Protocol):
    """Whether a host answers (a TCP connection opens); tests pass a stub."""

    def __call__(self, host: tuple[str, int], timeout: float) -> bool: ...


def _tcp_probe(host: tuple[str, int], timeout: float) -> bool:
    from facturador.pac.probe import can_connect

    return can_connect(host, timeout)


@dataclass(eq=False)
class Context:
    """The collaborators of every use case; give any of them to replace the default."""

    engine_: Engine | None = None
    secrets_: SecretStore | None = None
    clock: Callable[[], datetime] = utcnow
    data_dir_: Path | None = None
    probe: Probe = _tcp_probe
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def engine(self) -> Engine:
        """The database, opened (and migrated) on first use: call it from a worker."""
        with self._lock:
            if self.engine_ is None:
                from facturador.services.settings import open_engine

                self.engine_ = open_engine()
            return self.engine_

    @property
    def secrets(self) -> SecretStore:
        with self._lock:
            if self.secrets_ is None:
                from facturador.services.secrets import open_secret_store

                self.secrets_ = open_secret_store()
            return self.secrets_

    @property
    def secrets_are_session_only(self) -> bool:
        """True when no OS keyring works: passwords live only while the app runs."""
        from facturador.services.secrets import SessionSecretStore

        return isinstance(self.secrets, SessionSecretStore)

    @property
    def data_dir(self) -> Path:
        if self.data_dir_ is not None:
            return self.data_dir_
        from facturador.services.settings import data_dir

        return data_dir()

    def now(self) -> datetime:
        return self.clock()

    def open(self) -> None:
        """Open (and migrate) the database now; the app calls it in a worker at start-up."""
        _ = self.engine

    @contextmanager
    def read(self) -> Iterator[Session]:
        from facturador.models.engine import read_session

        with read_session(self.engine) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        from facturador.models.engine import write_session

        with write_session(self.engine) as session:
            yield session

    def active_company(self, session: Session) -> Empresa:
        """The active company's row in `session` (NoActiveCompanyError without one)."""
        from facturador.services.companies import get_active_company

        return get_active_company(session)

    def company(self) -> Empresa:
        """The active company's row, detached (read it; change it through a use case)."""
        with self.read() as session:
            return self.active_company(session)
