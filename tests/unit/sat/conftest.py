"""Fixtures for the CFDI core: SAT's test CSD at a pinned moment, and a valid JSON input."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from facturador.sat.credentials import Credential
from facturador.selftest import GOLDEN_INPUT

PINNED_NOW = datetime(2026, 11, 25, 16, 0, 0, tzinfo=UTC)
FECHA = datetime(2026, 11, 25, 10, 0, 0)

# The golden invoice the self-test also seals (tests/unit/sat/golden/ingreso_iva16.json).
BASE_INPUT: dict[str, object] = copy.deepcopy(GOLDEN_INPUT)


@pytest.fixture
def invoice_input() -> dict[str, object]:
    """A fresh copy of a valid ingreso: 2 x 500.00 + IVA 16 % = 1,160.00 MXN."""
    return copy.deepcopy(BASE_INPUT)


@pytest.fixture(scope="session")
def credential(shared_sat) -> Credential:
    csd = shared_sat / "csd" / "csd_EKU9003173C9"
    return Credential.load(
        (csd / "certificate.cer").read_bytes(),
        (csd / "private_key.key").read_bytes(),
        (csd / "password.txt").read_text(),
        now=PINNED_NOW,
    )
