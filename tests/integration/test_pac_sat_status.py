# ruff: noqa: F811 - the fixtures imported from tests.pac_emulators.fixtures are parameters
"""SatStatusClient against the loopback ConsultaCFDIService emulator."""

from __future__ import annotations

from decimal import Decimal

import pytest

from facturador.pac.base import CancelCommand, StatusQuery
from facturador.pac.errors import PacProtocolError, PacUnavailableError
from facturador.pac.finkok import FinkokClient
from facturador.pac.sat_status import SatStatusClient
from tests.pac_emulators import FaultKind
from tests.pac_emulators.fixtures import (  # noqa: F401 - pytest fixtures
    TEST_TIMEOUT,
    csd_credential,
    make_sealed,
    sandbox,
    sat_emulator,
)


def _query(uuid: str) -> StatusQuery:
    return StatusQuery(
        uuid=uuid,
        rfc_emisor="EKU9003173C9",
        rfc_receptor="CACX7605101P8",
        total=Decimal("1160.00"),
        sello="abcdefgh12345678==",
    )


def test_vigente_then_cancelado(sandbox, sat_emulator, make_sealed):
    stamped = sandbox.stamp(make_sealed())
    client = SatStatusClient(
        url=f"{sat_emulator.url}/ConsultaCFDIService.svc", timeout=TEST_TIMEOUT
    )
    status = client.status(_query(stamped.uuid))
    assert status.found
    assert (status.estado, status.es_cancelable) == ("Vigente", "Cancelable sin aceptación")
    assert status.validacion_efos == "200"
    sandbox.cancel(
        CancelCommand(
            uuid=stamped.uuid,
            rfc_emisor="EKU9003173C9",
            motivo="02",
            certificate=b"",
            private_key=b"",
            password="",
        )
    )
    assert client.status(_query(stamped.uuid)).estado == "Cancelado"
    body = sat_emulator.requests[0].body
    assert b"tt=1160.0&amp;fe=345678==" in body
    assert sat_emulator.requests[0].headers["soapaction"].endswith("IConsultaCFDIService/Consulta")


def test_unknown_uuid(sat_emulator):
    client = SatStatusClient(url=sat_emulator.url, timeout=TEST_TIMEOUT)
    status = client.status(_query("11111111-2222-4333-8444-555555555555"))
    assert not status.found
    assert status.estado == "No Encontrado"
    assert status.codigo_estatus.startswith("N - 602")


def test_adapter_status_delegates_to_sat_client(sandbox, sat_emulator, make_sealed):
    stamped = sandbox.stamp(make_sealed())
    client = FinkokClient(
        "u",
        "p",
        base_url="http://127.0.0.1:9",
        sat_status=SatStatusClient(url=sat_emulator.url, timeout=TEST_TIMEOUT),
    )
    assert client.status(_query(stamped.uuid)).estado == "Vigente"


@pytest.mark.parametrize(
    ("kind", "error"),
    [(FaultKind.HTTP_503, PacUnavailableError), (FaultKind.MALFORMED, PacProtocolError)],
)
def test_faults(sat_emulator, kind, error):
    sat_emulator.faults.operations = frozenset({"Consulta"})
    sat_emulator.faults.script(kind)
    client = SatStatusClient(url=sat_emulator.url, timeout=TEST_TIMEOUT)
    with pytest.raises(error):
        client.status(_query("11111111-2222-4333-8444-555555555555"))
