"""Finkok's SOAP messages: envelopes built with lxml per the WSDL, answers parsed safely.

Kept apart from the client so unit tests can check them against recorded answers, and the
loopback emulator can reuse the names. Element order follows each WSDL `xs:sequence`.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from lxml import etree

from facturador.pac.errors import PacProtocolError
from facturador.sat.errors import UnsafeXmlError
from facturador.sat.xml_safety import parse_xml

__all__ = [
    "CANCEL_NS",
    "SOAP_NS",
    "STAMP_NS",
    "VIEWS_NS",
    "Acuse",
    "CancelAnswer",
    "Incidencia",
    "PendingAnswer",
    "build_cancel",
    "build_query_pending",
    "build_stamp",
    "parse_acuse",
    "parse_cancel",
    "parse_query_pending",
]

SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
STAMP_NS = "http://facturacion.finkok.com/stamp"
CANCEL_NS = "http://facturacion.finkok.com/cancel"
VIEWS_NS = "apps.services.soap.core.views"
STAMP_OPERATIONS = ("stamp", "quick_stamp", "stamped", "sign_stamp")


def _envelope(ns: str, prefix: str, operation: str) -> tuple[etree._Element, etree._Element]:
    nsmap = {"soapenv": SOAP_NS, prefix: ns}
    if ns == CANCEL_NS:
        nsmap["apps"] = VIEWS_NS
    envelope = etree.Element(f"{{{SOAP_NS}}}Envelope", nsmap=nsmap)
    etree.SubElement(envelope, f"{{{SOAP_NS}}}Header")
    body = etree.SubElement(envelope, f"{{{SOAP_NS}}}Body")
    return envelope, etree.SubElement(body, f"{{{ns}}}{operation}")


def _add(parent: etree._Element, ns: str, name: str, text: str) -> None:
    etree.SubElement(parent, f"{{{ns}}}{name}").text = text


def _serialize(envelope: etree._Element) -> bytes:
    return etree.tostring(envelope, xml_declaration=True, encoding="utf-8")


def build_stamp(operation: str, xml: bytes, username: str, password: str) -> bytes:
    """`stamp`, `quick_stamp`, `stamped`: xml (base64 once), username, password."""
    if operation not in STAMP_OPERATIONS:
        raise ValueError(f"not a stamping operation: {operation}")
    envelope, op = _envelope(STAMP_NS, "stamp", operation)
    _add(op, STAMP_NS, "xml", base64.b64encode(xml).decode("ascii"))
    _add(op, STAMP_NS, "username", username)
    _add(op, STAMP_NS, "password", password)
    return _serialize(envelope)


def build_query_pending(uuid: str, username: str, password: str) -> bytes:
    envelope, op = _envelope(STAMP_NS, "stamp", "query_pending")
    _add(op, STAMP_NS, "username", username)
    _add(op, STAMP_NS, "password", password)
    _add(op, STAMP_NS, "uuid", uuid)
    return _serialize(envelope)


def build_cancel(
    *,
    uuid: str,
    motivo: str,
    folio_sustitucion: str | None,
    username: str,
    password: str,
    taxpayer_id: str,
    cer_pem: bytes,
    key_pem: bytes,
    store_pending: bool = False,
) -> bytes:
    """CFDI 4.0 `cancel`: UUIDS/UUID[@UUID,@Motivo,@FolioSustitucion], then credentials."""
    envelope, op = _envelope(CANCEL_NS, "can", "cancel")
    uuids = etree.SubElement(op, f"{{{CANCEL_NS}}}UUIDS")
    item = etree.SubElement(uuids, f"{{{VIEWS_NS}}}UUID", UUID=uuid, Motivo=motivo)
    if folio_sustitucion:
        item.set("FolioSustitucion", folio_sustitucion)
    _add(op, CANCEL_NS, "username", username)
    _add(op, CANCEL_NS, "password", password)
    _add(op, CANCEL_NS, "taxpayer_id", taxpayer_id)
    _add(op, CANCEL_NS, "cer", base64.b64encode(cer_pem).decode("ascii"))
    _add(op, CANCEL_NS, "key", base64.b64encode(key_pem).decode("ascii"))
    _add(op, CANCEL_NS, "store_pending", "true" if store_pending else "false")
    return _serialize(envelope)


# ---------------------------------------------------------------- answers


@dataclass(frozen=True, slots=True)
class Incidencia:
    codigo: str
    mensaje: str


@dataclass(frozen=True, slots=True)
class Acuse:
    """`AcuseRecepcionCFDI`: `xml` is the stamped CFDI's bytes exactly as Finkok sent them."""

    xml: bytes | None
    uuid: str | None
    fecha: str | None
    cod_estatus: str | None
    incidencias: tuple[Incidencia, ...] = field(default=())

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(i.codigo for i in self.incidencias)


@dataclass(frozen=True, slots=True)
class PendingAnswer:
    status: str | None
    xml: bytes | None
    uuid: str | None
    error: str | None


@dataclass(frozen=True, slots=True)
class CancelAnswer:
    folios: tuple[tuple[str, str, str], ...]  # (UUID, EstatusUUID, EstatusCancelacion)
    acuse: bytes | None
    cod_estatus: str | None


def _text(parent: etree._Element, ns: str, name: str) -> str | None:
    node = parent.find(f"{{{ns}}}{name}")
    if node is None or node.text is None:
        return None
    return node.text.strip() or None


def _result(data: bytes, ns: str, operation: str) -> etree._Element:
    """The `<op>Result` element; a Fault or anything else is a protocol error."""
    try:
        root = parse_xml(data)
    except UnsafeXmlError as error:
        raise PacProtocolError("SOAP", error.detail) from None
    if root.tag != f"{{{SOAP_NS}}}Envelope":
        raise PacProtocolError("SOAP", "la respuesta no es un sobre SOAP")
    fault = root.find(f"{{{SOAP_NS}}}Body/{{{SOAP_NS}}}Fault")
    if fault is not None:
        raise PacProtocolError("SOAP", (fault.findtext("faultstring") or "Fault").strip())
    path = f"{{{SOAP_NS}}}Body/{{{ns}}}{operation}Response/{{{ns}}}{operation}Result"
    result = root.find(path)
    if result is None:
        raise PacProtocolError("SOAP", f"respuesta sin {operation}Result")
    return result


def parse_acuse(data: bytes, operation: str = "stamp") -> Acuse:
    result = _result(data, STAMP_NS, operation)
    incidencias = tuple(
        Incidencia(
            codigo=_text(node, VIEWS_NS, "CodigoError") or "",
            mensaje=_text(node, VIEWS_NS, "MensajeIncidencia") or "",
        )
        for node in result.iterfind(f"{{{VIEWS_NS}}}Incidencias/{{{VIEWS_NS}}}Incidencia")
    )
    node = result.find(f"{{{VIEWS_NS}}}xml")
    xml = node.text.encode("utf-8") if node is not None and node.text else None
    return Acuse(
        xml=xml,
        uuid=_text(result, VIEWS_NS, "UUID"),
        fecha=_text(result, VIEWS_NS, "Fecha"),
        cod_estatus=_text(result, VIEWS_NS, "CodEstatus"),
        incidencias=incidencias,
    )


def parse_query_pending(data: bytes) -> PendingAnswer:
    result = _result(data, STAMP_NS, "query_pending")
    xml = _text(result, VIEWS_NS, "xml")
    return PendingAnswer(
        status=_text(result, VIEWS_NS, "status"),
        xml=xml.encode("utf-8") if xml else None,
        uuid=_text(result, VIEWS_NS, "uuid"),
        error=_text(result, VIEWS_NS, "error"),
    )


def parse_cancel(data: bytes) -> CancelAnswer:
    result = _result(data, CANCEL_NS, "cancel")
    folios = tuple(
        (
            _text(node, VIEWS_NS, "UUID") or "",
            _text(node, VIEWS_NS, "EstatusUUID") or "",
            _text(node, VIEWS_NS, "EstatusCancelacion") or "",
        )
        for node in result.iterfind(f"{{{VIEWS_NS}}}Folios/{{{VIEWS_NS}}}Folio")
    )
    acuse = _text(result, VIEWS_NS, "Acuse")
    return CancelAnswer(
        folios=folios,
        acuse=acuse.encode("utf-8") if acuse else None,
        cod_estatus=_text(result, VIEWS_NS, "CodEstatus"),
    )
