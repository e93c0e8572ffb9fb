"""SAT's public ConsultaCFDIService: is a CFDI Vigente, Cancelado or unknown?"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import requests
from lxml import etree

from facturador.pac._http import Transport
from facturador.pac.base import DEFAULT_TIMEOUT, SatStatus, StatusQuery, Timeout
from facturador.pac.errors import PacProtocolError, PacUnavailableError
from facturador.sat.errors import UnsafeXmlError
from facturador.sat.xml_safety import parse_xml

__all__ = ["SAT_STATUS_URLS", "SatStatusClient", "expresion_impresa", "parse_consulta_response"]

SAT_STATUS_URLS = {
    "produccion": "https://consultaqr.facturaelectronica.sat.gob.mx/ConsultaCFDIService.svc",
    "pruebas": "https://pruebacfdiconsultaqr.cloudapp.net/ConsultaCFDIService.svc",
}
SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
TEMPURI = "http://tempuri.org/"
DATA_NS = "http://schemas.datacontract.org/2004/07/Sat.Cfdi.Negocio.ConsultaCfdi.Servicio"
SOAP_ACTION = "http://tempuri.org/IConsultaCFDIService/Consulta"
_VERIFICA = "https://verificacfdi.facturaelectronica.sat.gob.mx/default.aspx"


def _format_total(total: Decimal) -> str:
    """`tt`: up to 6 decimals, trailing zeros removed, at least one decimal kept."""
    text = format(total.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP), "f")
    integer, _, decimals = text.partition(".")
    return f"{integer}.{decimals.rstrip('0') or '0'}"


def expresion_impresa(query: StatusQuery) -> str:
    """The verification URL of a CFDI 4.0 (also printed as QR), as SAT's service takes it."""
    return (
        f"{_VERIFICA}?id={query.uuid.upper()}&re={query.rfc_emisor}&rr={query.rfc_receptor}"
        f"&tt={_format_total(query.total)}&fe={query.sello[-8:]}"
    )


def build_consulta_envelope(query: StatusQuery) -> bytes:
    envelope = etree.Element(f"{{{SOAP_NS}}}Envelope", nsmap={"s": SOAP_NS})
    body = etree.SubElement(envelope, f"{{{SOAP_NS}}}Body")
    consulta = etree.SubElement(body, f"{{{TEMPURI}}}Consulta", nsmap={"c": TEMPURI})
    etree.SubElement(consulta, f"{{{TEMPURI}}}expresionImpresa").text = expresion_impresa(query)
    return etree.tostring(envelope, xml_declaration=True, encoding="utf-8")


def parse_consulta_response(data: bytes) -> SatStatus:
    try:
        root = parse_xml(data)
    except UnsafeXmlError as error:
        raise PacProtocolError("SAT", error.detail) from None
    result = root.find(f".//{{{TEMPURI}}}ConsultaResult")
    if result is None:
        raise PacProtocolError("SAT", "respuesta sin ConsultaResult")

    def field(name: str) -> str:
        node = result.find(f"{{{DATA_NS}}}{name}")
        return (node.text or "").strip() if node is not None else ""

    codigo = field("CodigoEstatus")
    if not codigo:
        raise PacProtocolError("SAT", "respuesta sin CodigoEstatus")
    return SatStatus(
        codigo_estatus=codigo,
        estado=field("Estado"),
        es_cancelable=field("EsCancelable"),
        estatus_cancelacion=field("EstatusCancelacion"),
        validacion_efos=field("ValidacionEFOS"),
    )


class SatStatusClient:
    """Queries SAT's status service (no authentication)."""

    def __init__(
        self,
        environment: str = "produccion",
        *,
        url: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
    ) -> None:
        self.url = url or SAT_STATUS_URLS[environment]
        self._transport = Transport(timeout, session)

    def status(self, query: StatusQuery) -> SatStatus:
        response = self._transport.request(
            "POST",
            self.url,
            data=build_consulta_envelope(query),
            headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": SOAP_ACTION},
        )
        if response.status_code >= 500:
            raise PacUnavailableError(f"HTTP{response.status_code}", "servicio del SAT")
        return parse_consulta_response(response.content)
