"""SW answers (recorded JSON) and SAT Consulta answers, through fakes: no network."""

from __future__ import annotations

from decimal import Decimal

import pytest

from facturador.pac.base import StampStatus, StatusQuery
from facturador.pac.errors import PacProtocolError, PacUnavailableError
from facturador.pac.sat_status import (
    SatStatusClient,
    expresion_impresa,
    parse_consulta_response,
)
from facturador.pac.sw import SwClient, split_message
from tests.unit.pac.fakes import FakeSession, ok, recorded

TOKEN = b'{"data": {"token": "T", "expires_in": 1900000000}, "status": "success"}'


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("CFDI40158 - La clave del campo", ("CFDI40158", "La clave del campo")),
        (
            "307. El comprobante contiene un timbre previo.",
            ("307", "El comprobante contiene un timbre previo."),
        ),
        ("AU2000 - El usuario y/o contraseña", ("AU2000", "El usuario y/o contraseña")),
        ("401 - El rango de la fecha", ("401", "El rango de la fecha")),
    ],
)
def test_split_message(message, expected):
    assert split_message(message) == expected


def _client(*answers) -> tuple[SwClient, FakeSession]:
    session = FakeSession([ok(TOKEN), *answers])
    client = SwClient(
        user="u",
        password="p",
        session=session,  # type: ignore[arg-type]
        clock=lambda: 1_800_000_000.0,
    )
    return client, session


def test_307_with_data_is_previously_stamped():
    client, session = _client(ok(recorded("sw_307_data.json"), status=400))
    result = client.stamp(b"<cfdi:Comprobante/>")
    assert result.status is StampStatus.PREVIOUSLY_STAMPED
    assert result.uuid == "AF124DC7-BD75-5EFF-8EDF-28C1E7D43B1D"
    assert session.calls[0][1] == "https://services.test.sw.com.mx/v2/security/authenticate"
    assert session.calls[1][1] == "https://services.test.sw.com.mx/cfdi33/stamp/v4"
    assert session.calls[1][2]["headers"]["Authorization"] == "Bearer T"


def test_rule_error_is_a_rejection_with_detail():
    client, _ = _client(ok(recorded("sw_rule_error.json"), status=400))
    result = client.stamp(b"<cfdi:Comprobante/>")
    assert (result.status, result.code) == (StampStatus.REJECTED, "CFDI40158")
    assert "ValorEsperado: 601" in result.detail


def test_html_500_is_unavailable_and_html_200_is_protocol_error():
    client, _ = _client(ok(b"<html>oops</html>", 502), ok(b"<html>oops</html>"))
    with pytest.raises(PacUnavailableError):
        client.stamp(b"<x/>")
    with pytest.raises(PacProtocolError):
        client.stamp(b"<x/>")


def test_success_without_cfdi_is_protocol_error():
    client, _ = _client(ok(b'{"status": "success", "data": {}}'))
    with pytest.raises(PacProtocolError):
        client.stamp(b"<x/>")


def test_needs_credentials_or_token():
    with pytest.raises(ValueError, match="token"):
        SwClient(user="u")


def test_production_hosts():
    client = SwClient(token="T", environment="produccion")
    assert (client.services_url, client.api_url) == (
        "https://services.sw.com.mx",
        "https://api.sw.com.mx",
    )


def test_sat_recorded_answer():
    status = parse_consulta_response(recorded("sat_consulta_vigente.xml"))
    assert status.found
    assert (status.estado, status.es_cancelable, status.estatus_cancelacion) == (
        "Vigente",
        "No cancelable",
        "",
    )
    assert status.validacion_efos == "200"


@pytest.mark.parametrize("data", [b"", b"<s:Envelope xmlns:s='x'/>", b"<a><b/></a>"])
def test_sat_garbage(data):
    with pytest.raises(PacProtocolError):
        parse_consulta_response(data)


@pytest.mark.parametrize(
    ("total", "tt"),
    [("1160.00", "1160.0"), ("123.45", "123.45"), ("0.1234565", "0.123457"), ("0", "0.0")],
)
def test_expresion_impresa(total, tt):
    query = StatusQuery(
        uuid="ab", rfc_emisor="E", rfc_receptor="R", total=Decimal(total), sello="0123456789"
    )
    assert expresion_impresa(query) == (
        "https://verificacfdi.facturaelectronica.sat.gob.mx/default.aspx"
        f"?id=AB&re=E&rr=R&tt={tt}&fe=23456789"
    )


def test_sat_client_posts_soap():
    session = FakeSession([ok(recorded("sat_consulta_vigente.xml"))])
    client = SatStatusClient(session=session)  # type: ignore[arg-type]
    client.status(StatusQuery(uuid="A", rfc_emisor="E", rfc_receptor="R", total=Decimal(1)))
    _method, url, kwargs = session.calls[0]
    assert url.startswith("https://consultaqr.facturaelectronica.sat.gob.mx/")
    assert kwargs["headers"]["SOAPAction"] == "http://tempuri.org/IConsultaCFDIService/Consulta"
