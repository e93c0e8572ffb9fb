"""Finkok envelopes per the WSDL, recorded answers, and the client's outcome rules."""

from __future__ import annotations

import base64

import pytest
import requests
from lxml import etree

from facturador.pac import finkok_soap as soap
from facturador.pac.base import StampStatus
from facturador.pac.errors import (
    PacAuthError,
    PacCreditsExhaustedError,
    PacProtocolError,
    PacUnavailableError,
)
from facturador.pac.finkok import FinkokClient
from tests.unit.pac.fakes import FakeSession, ok, recorded

SEALED = b'<?xml version="1.0" encoding="UTF-8"?>\n<cfdi:Comprobante Sello="x"/>'


def _acuse(codes: list[str], *, xml: str = "", uuid: str = "") -> bytes:
    incidencias = "".join(
        f"<s0:Incidencia><s0:CodigoError>{c}</s0:CodigoError>"
        f"<s0:MensajeIncidencia>m{c}</s0:MensajeIncidencia></s0:Incidencia>"
        for c in codes
    )
    uuid_node = f"<s0:UUID>{uuid}</s0:UUID>" if uuid else ""
    return (
        '<senv:Envelope xmlns:senv="http://schemas.xmlsoap.org/soap/envelope/" '
        'xmlns:tns="http://facturacion.finkok.com/stamp" xmlns:s0="apps.services.soap.core.views">'
        f"<senv:Body><tns:stampResponse><tns:stampResult><s0:xml>{xml}</s0:xml>{uuid_node}"
        f"<s0:Incidencias>{incidencias}</s0:Incidencias></tns:stampResult></tns:stampResponse>"
        "</senv:Body></senv:Envelope>"
    ).encode()


def _client(*answers) -> tuple[FinkokClient, FakeSession]:
    session = FakeSession(list(answers))
    client = FinkokClient(
        "user@example.com",
        "secret",
        session=session,  # type: ignore[arg-type]
        recover_attempts=3,
        recover_interval=0,
        sleep=lambda s: None,
    )
    return client, session


def test_stamp_envelope_follows_the_wsdl():
    envelope = etree.fromstring(soap.build_stamp("stamp", SEALED, "user@example.com", "secret"))
    body = envelope.find(f"{{{soap.SOAP_NS}}}Body")
    operation = body[0]
    assert operation.tag == f"{{{soap.STAMP_NS}}}stamp"
    assert [etree.QName(c).localname for c in operation] == ["xml", "username", "password"]
    assert all(etree.QName(c).namespace == soap.STAMP_NS for c in operation)
    assert base64.b64decode(operation[0].text) == SEALED  # base64 once, bytes exact
    assert envelope.find(f"{{{soap.SOAP_NS}}}Header") is not None


def test_cancel_envelope_matches_the_documented_shape():
    data = soap.build_cancel(
        uuid="B107F0AC-6BC3-52CF-A3D7-5E9479414209",
        motivo="01",
        folio_sustitucion="0A1B2C3D-0000-4000-8000-000000000001",
        username="u",
        password="p",
        taxpayer_id="EKU9003173C9",
        cer_pem=b"-----BEGIN CERTIFICATE-----",
        key_pem=b"-----BEGIN PRIVATE KEY-----",
    )
    operation = etree.fromstring(data).find(f"{{{soap.SOAP_NS}}}Body")[0]
    assert operation.tag == f"{{{soap.CANCEL_NS}}}cancel"
    names = [etree.QName(c).localname for c in operation]
    assert names == ["UUIDS", "username", "password", "taxpayer_id", "cer", "key", "store_pending"]
    item = operation[0][0]
    assert item.tag == f"{{{soap.VIEWS_NS}}}UUID"
    assert dict(item.attrib) == {
        "UUID": "B107F0AC-6BC3-52CF-A3D7-5E9479414209",
        "Motivo": "01",
        "FolioSustitucion": "0A1B2C3D-0000-4000-8000-000000000001",
    }
    assert base64.b64decode(operation[4].text).startswith(b"-----BEGIN CERTIFICATE")
    assert operation[6].text == "false"


def test_query_pending_envelope():
    operation = etree.fromstring(soap.build_query_pending("U-1", "u", "p")).find(
        f"{{{soap.SOAP_NS}}}Body"
    )[0]
    assert [etree.QName(c).localname for c in operation] == ["username", "password", "uuid"]


def test_build_refuses_unknown_operations():
    with pytest.raises(ValueError, match="not a stamping operation"):
        soap.build_stamp("cancel", SEALED, "u", "p")


def test_parse_recorded_success():
    acuse = soap.parse_acuse(recorded("finkok_stamp_ok.xml"))
    assert acuse.uuid == "AF124DC7-BD75-5EFF-8EDF-28C1E7D43B1D"
    assert acuse.cod_estatus == "Comprobante timbrado satisfactoriamente"
    assert acuse.xml.startswith(b'<?xml version="1.0" encoding="utf-8"?><cfdi:Comprobante')
    assert b'UUID="AF124DC7-BD75-5EFF-8EDF-28C1E7D43B1D"' in acuse.xml
    assert acuse.incidencias == ()


def test_parse_recorded_307_and_rejection():
    assert soap.parse_acuse(recorded("finkok_stamp_307.xml")).codes == ("307", "307")
    rejected = soap.parse_acuse(recorded("finkok_stamp_rejected.xml"))
    assert rejected.codes == ("CFDI40102",)
    assert rejected.xml is None


def test_parse_recorded_cancel():
    answer = soap.parse_cancel(recorded("finkok_cancel_201.xml"))
    assert answer.folios == (
        (
            "B107F0AC-6BC3-52CF-A3D7-5E9479414209",
            "201",
            "Petición de cancelación realizada exitosamente",
        ),
    )
    assert answer.acuse.startswith(b"<s:Envelope")


@pytest.mark.parametrize(
    "data", [b"", b"<html>502</html>", b"<senv:Envelope", recorded("finkok_fault.xml")]
)
def test_garbage_is_a_protocol_error(data):
    with pytest.raises(PacProtocolError) as caught:
        soap.parse_acuse(data)
    assert caught.value.retryable


def test_client_success_keeps_the_xml_exactly_as_received():
    client, session = _client(ok(recorded("finkok_stamp_ok.xml")))
    result = client.stamp(SEALED)
    assert result.status is StampStatus.STAMPED
    assert result.xml == soap.parse_acuse(recorded("finkok_stamp_ok.xml")).xml
    method, url, kwargs = session.calls[0]
    assert (method, url) == ("POST", "https://demo-facturacion.finkok.com/servicios/soap/stamp")
    assert kwargs["timeout"] == (5.0, 30.0)
    assert session.verify is True


def test_incidencias_with_a_uuid_are_warnings():
    xml = "&lt;tfd:TimbreFiscalDigital UUID=&quot;AF124DC7-BD75-5EFF-8EDF-28C1E7D43B1D&quot;/&gt;"
    client, _ = _client(
        ok(_acuse(["CFDI40999"], xml=xml, uuid="af124dc7-bd75-5eff-8edf-28c1e7d43b1d"))
    )
    result = client.stamp(SEALED)
    assert result.status is StampStatus.STAMPED
    assert result.uuid == "AF124DC7-BD75-5EFF-8EDF-28C1E7D43B1D"


def test_307_without_data_calls_stamped_with_the_same_bytes():
    stamped_xml = "&lt;x UUID=&quot;AF124DC7-BD75-5EFF-8EDF-28C1E7D43B1D&quot;/&gt;"
    client, session = _client(
        ok(recorded("finkok_stamp_307.xml")),
        ok(
            _acuse(["603"])
            .replace(b"stampResponse", b"stampedResponse")
            .replace(b"stampResult", b"stampedResult")
        ),
        ok(
            _acuse([], xml=stamped_xml, uuid="AF124DC7-BD75-5EFF-8EDF-28C1E7D43B1D")
            .replace(b"stampResponse", b"stampedResponse")
            .replace(b"stampResult", b"stampedResult")
        ),
    )
    result = client.stamp(SEALED)
    assert result.status is StampStatus.PREVIOUSLY_STAMPED
    assert result.code == "307"
    sent = [etree.fromstring(kw["data"]) for _, _, kw in session.calls]
    ops = [e.find(f"{{{soap.SOAP_NS}}}Body")[0] for e in sent]
    assert [etree.QName(o).localname for o in ops] == ["stamp", "stamped", "stamped"]
    assert {base64.b64decode(o[0].text) for o in ops} == {SEALED}


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("718", PacCreditsExhaustedError),
        ("300", PacAuthError),
        ("702", PacAuthError),
        ("708", PacUnavailableError),
    ],
)
def test_account_and_service_codes_raise(code, error):
    client, _ = _client(ok(_acuse([code])))
    with pytest.raises(error) as caught:
        client.stamp(SEALED)
    assert caught.value.code == code


def test_data_codes_are_rejections():
    client, _ = _client(ok(recorded("finkok_stamp_rejected.xml")))
    result = client.stamp(SEALED)
    assert (result.status, result.code) == (StampStatus.REJECTED, "CFDI40102")
    assert result.detail.startswith("El resultado de la digestión")


def test_timeout_and_connection_errors_are_retryable():
    client, _ = _client(requests.ConnectTimeout("x"), requests.ConnectionError("refused"))
    for _ in range(2):
        with pytest.raises(PacUnavailableError) as caught:
            client.stamp(SEALED)
        assert caught.value.code == "CONEXION"


def test_http_500_fault_is_retryable_with_faultstring():
    client, _ = _client(ok(recorded("finkok_fault.xml"), status=500))
    with pytest.raises(PacUnavailableError) as caught:
        client.stamp(SEALED)
    assert caught.value.code == "HTTP500"
    assert "NoneType" in caught.value.detail


def test_production_and_override_urls():
    assert FinkokClient("u", "p", environment="produccion").base_url == (
        "https://facturacion.finkok.com"
    )
    assert FinkokClient("u", "p", base_url="http://127.0.0.1:1/").base_url == "http://127.0.0.1:1"
