"""The company most service tests start from: SAT's test taxpayer with its CSD installed."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

from facturador.models import write_session
from facturador.services.companies import add_company, install_csd
from tests.unit.sat.conftest import BASE_INPUT

NOW = datetime(2026, 11, 25, 16, 0, 0, tzinfo=UTC)
PASSWORD = "12345678a"


def company_input() -> dict[str, object]:
    """A valid invoice without what the company fills in (Emisor, Folio, LugarExpedicion)."""
    data = copy.deepcopy(BASE_INPUT)
    for key in ("Emisor", "Folio", "LugarExpedicion"):
        data.pop(key)
    return data


def install_test_company(engine, csd_dir, secrets, now=NOW):
    csd = csd_dir / "csd_EKU9003173C9"
    with write_session(engine) as session:
        empresa = add_company(
            session,
            rfc="EKU9003173C9",
            nombre="ESCUELA KEMPER URGATE",
            regimen_fiscal="601",
            lugar_expedicion="42501",
        )
        install_csd(
            session,
            empresa.id,
            (csd / "certificate.cer").read_bytes(),
            (csd / "private_key.key").read_bytes(),
            PASSWORD,
            secrets,
            now,
        )
        return empresa
