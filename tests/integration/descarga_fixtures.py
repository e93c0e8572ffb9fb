"""A company with SAT's test e.firma installed, a Context on a file database, the emulator."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from facturador.models.engine import open_database, sqlite_url
from facturador.pac.sat_descarga import SatDescargaClient
from facturador.sat.credentials import Certificate
from facturador.services.company_setup import create_company
from facturador.services.context import Context
from facturador.services.descarga import POLL_ENV, install_fiel
from facturador.services.secrets import MemorySecretStore
from tests.pac_emulators.sat_descarga import SatDescargaEmulator

SAT = Path(__file__).resolve().parents[2].parent / "shared" / "sat"
FIEL = SAT / "csd" / "fiel_EKU9003173C9"
CSD = SAT / "csd" / "csd_EKU9003173C9"
NOW = datetime(2026, 12, 2, 18, 0, tzinfo=UTC)
TIMEOUT = (0.5, 0.5)


def fiel_files() -> tuple[bytes, bytes, str]:
    return (
        (FIEL / "certificate.cer").read_bytes(),
        (FIEL / "private_key.key").read_bytes(),
        (FIEL / "password.txt").read_text().strip(),
    )


def fiel_certificate() -> Certificate:
    return Certificate.from_der((FIEL / "certificate.cer").read_bytes())


def company_context(path: Path, *, clock=None, with_fiel: bool = True) -> Context:
    """A Context on `path`/facturador.sqlite3 with EKU9003173C9 active (and its FIEL)."""
    path.mkdir(parents=True, exist_ok=True)
    engine = open_database(sqlite_url(path / "facturador.sqlite3"))
    ctx = Context(
        engine_=engine,
        secrets_=MemorySecretStore(),
        clock=clock or (lambda: datetime.now(UTC)),
        data_dir_=path,
    )
    create_company(
        ctx,
        rfc="EKU9003173C9",
        nombre="ESCUELA KEMPER URGATE",
        regimen_fiscal="601",
        lugar_expedicion="42501",
    )
    if with_fiel:
        install_fiel(ctx, *fiel_files())
    return ctx


@pytest.fixture
def fast_polls(monkeypatch):
    monkeypatch.setenv(POLL_ENV, "0")


@pytest.fixture
def ctx(tmp_path, fast_polls) -> Iterator[Context]:
    context = company_context(tmp_path / "datos")
    yield context
    context.engine.dispose()


@pytest.fixture
def emulator() -> Iterator[SatDescargaEmulator]:
    with SatDescargaEmulator(fiel_certificate()) as server:
        yield server


def factory_for(emulator: SatDescargaEmulator):
    return lambda credential: SatDescargaClient(credential, base_url=emulator.url, timeout=TIMEOUT)
