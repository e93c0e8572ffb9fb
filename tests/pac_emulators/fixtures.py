"""Pytest fixtures for the loopback PAC servers. Import the ones you need into a test module
or a conftest (`from tests.pac_emulators.fixtures import finkok_emulator, sandbox, ...`)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from facturador.pac.sandbox import SandboxStamper
from facturador.sat.build import build_comprobante
from facturador.sat.credentials import Credential
from facturador.sat.sello import seal
from facturador.selftest import GOLDEN_INPUT
from tests.pac_emulators.finkok import FinkokEmulator
from tests.pac_emulators.sat import SatEmulator
from tests.pac_emulators.sw import SwEmulator

# The sandbox's "now" (16:30 UTC = 10:30 in Mexico City) and a Fecha half an hour before.
SANDBOX_NOW = datetime(2026, 11, 25, 16, 30, 0, tzinfo=UTC)
FECHA = datetime(2026, 11, 25, 10, 0, 0)
TEST_TIMEOUT = (0.5, 0.5)
CSD_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "sat" / "csd" / "csd_EKU9003173C9"

# The golden invoice without a Folio: emission assigns one.
INVOICE: dict[str, object] = copy.deepcopy({k: v for k, v in GOLDEN_INPUT.items() if k != "Folio"})


@pytest.fixture(scope="session")
def csd_credential() -> Credential:
    return Credential.load(
        (CSD_DIR / "certificate.cer").read_bytes(),
        (CSD_DIR / "private_key.key").read_bytes(),
        (CSD_DIR / "password.txt").read_text().strip(),
        now=SANDBOX_NOW,
    )


@pytest.fixture
def make_sealed(csd_credential: Credential) -> Callable[..., bytes]:
    """`make_sealed(folio="7", **overrides)` -> sealed CFDI bytes (Fecha = FECHA)."""
    counter = iter(range(1, 1_000_000))

    def make(folio: str | None = None, fecha: datetime = FECHA, **overrides: object) -> bytes:
        data = {**INVOICE, **overrides}
        comprobante = build_comprobante(data, fecha=fecha, folio=folio or str(next(counter)))
        return seal(comprobante, csd_credential).xml

    return make


@pytest.fixture
def sandbox() -> SandboxStamper:
    return SandboxStamper(clock=lambda: SANDBOX_NOW)


@pytest.fixture
def finkok_emulator(sandbox: SandboxStamper) -> Iterator[FinkokEmulator]:
    with FinkokEmulator(sandbox) as emulator:
        yield emulator


@pytest.fixture
def sw_emulator(sandbox: SandboxStamper) -> Iterator[SwEmulator]:
    with SwEmulator(sandbox) as emulator:
        yield emulator


@pytest.fixture
def sat_emulator(sandbox: SandboxStamper) -> Iterator[SatEmulator]:
    with SatEmulator(sandbox) as emulator:
        yield emulator
