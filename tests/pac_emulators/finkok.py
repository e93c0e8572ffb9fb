"""Finkok SOAP emulator (pac-protocols.md §8.2), backed by a SandboxStamper."""

from __future__ import annotations

import base64
import binascii
import re
import threading
import time

from lxml import etree

from facturador.pac.base import StampResult, StampStatus
from facturador.pac.errors import PacCreditsExhaustedError, PacError
from facturador.pac.finkok_soap import CANCEL_NS, SOAP_NS, STAMP_NS, VIEWS_NS
from facturador.pac.sandbox import SandboxStamper
from facturador.sat.xml_safety import parse_xml
from tests.pac_emulators.faults import Fault, FaultKind, FaultPlan
from tests.pac_emulators.server import LoopbackServer, Reply, Request

_S0 = f"{{{VIEWS_NS}}}"
_SUCCESS = "Comprobante timbrado satisfactoriamente"
_PREVIOUSLY = "Comprobante timbrado previamente"
_MESSAGES = {
    "300": "Usuario y contraseña inválidos",
    "307": "El CFDI contiene un timbre previo",
    "401": "Fecha y hora de generación fuera de rango",
    "603": "El CFDI no contiene un timbre previo",
    "705": "XML con estructura inválida",
    "707": "El XML ya contiene un nodo TimbreFiscalDigital",
    "708": "No se pudo conectar al SAT",
    "718": "No cuenta con timbres disponibles",
}


class FinkokEmulator(LoopbackServer):
    """`previous_variant`: "A" (307 without data, recover with `stamped`) or "B" (307 with
    the earlier xml/UUID). `stamped_delay`: seconds after a stamp during which the `stamped`
    lookup does not show it yet, answering `lagging_answer` ("603" not stamped, or a bare
    "307" without the stamp), as real PACs do for a while."""

    def __init__(
        self,
        sandbox: SandboxStamper,
        *,
        username: str = "demo@example.com",
        password: str = "secreto",
        previous_variant: str = "A",
        stamped_delay: float = 0.0,
        lagging_answer: str = "603",
        faults: FaultPlan | None = None,
    ) -> None:
        super().__init__(faults=faults)
        self.sandbox = sandbox
        self.username = username
        self.password = password
        self.previous_variant = previous_variant
        self.stamped_delay = stamped_delay
        self.lagging_answer = lagging_answer
        self._stamped_at: dict[str, float] = {}
        self._lock = threading.Lock()

    @property
    def stamp_counts(self):
        return self.sandbox.stamp_counts

    def operation(self, request: Request) -> str:
        try:
            return _operation(parse_xml(request.body))[0]
        except Exception:  # noqa: BLE001 - garbage is answered by handle()
            return "unknown"

    def handle(self, request: Request, fault: Fault | None) -> Reply:
        try:
            name, op = _operation(parse_xml(request.body))
        except Exception:  # noqa: BLE001
            return _fault_reply("Client", "Bad request")
        params = {etree.QName(child).localname: child for child in op}
        if name in ("stamp", "quick_stamp", "stamped"):
            return self._stamp(name, params, fault)
        if name == "query_pending":
            return self._query_pending(params)
        if name == "cancel":
            return self._cancel(params)
        return _fault_reply("Client", f"Unknown operation {name}")

    # ------------------------------------------------------------ stamping

    def _stamp(self, name: str, params: dict, fault: Fault | None) -> Reply:
        if (
            _text(params, "username") != self.username
            or _text(params, "password") != (self.password)
            or (fault and fault.kind is FaultKind.AUTH)
        ):
            return _acuse(name, incidencias=["300"])
        try:
            xml = base64.b64decode(_text(params, "xml"), validate=True)
        except (binascii.Error, ValueError):
            return _acuse(name, incidencias=["705"])
        if not xml.lstrip().startswith(b"<"):
            return _acuse(name, incidencias=["705"])
        if name == "stamped":
            return self._stamped(xml)
        if fault is not None and fault.kind is not FaultKind.PREVIOUSLY_STAMPED:
            code = {FaultKind.CREDITS: "718", FaultKind.UNAVAILABLE: "708"}.get(
                fault.kind, fault.arg or "CFDI40999"
            )
            return _acuse(name, incidencias=[code])
        return self._stamp_new(name, xml, fault)

    def _stamp_new(self, name: str, xml: bytes, fault: Fault | None) -> Reply:
        try:
            result = self.sandbox.stamp(xml)
        except PacCreditsExhaustedError:
            return _acuse(name, incidencias=["718"])
        if result.status is StampStatus.STAMPED:
            with self._lock:
                self._stamped_at[result.uuid or ""] = time.monotonic()
            if fault is not None:  # PREVIOUSLY_STAMPED: stamped now, answer 307 without data
                return _acuse(name, incidencias=["307"])
            return _acuse(name, result=result, estatus=_SUCCESS)
        if result.status is StampStatus.PREVIOUSLY_STAMPED:
            if self.previous_variant == "B" and name == "stamp":
                return _acuse(name, result=result, estatus=_PREVIOUSLY, incidencias=["307"])
            return _acuse(name, incidencias=["307", "307"])
        return _acuse(name, incidencias=[result.code or "CFDI40999"], mensaje=result.detail)

    def _stamped(self, xml: bytes) -> Reply:
        result = self.sandbox.lookup(xml)
        if result is None:
            return _acuse("stamped", incidencias=["603"])
        with self._lock:
            at = self._stamped_at.get(result.uuid or "", 0.0)
        if time.monotonic() - at < self.stamped_delay:
            return _acuse("stamped", incidencias=[self.lagging_answer])
        return _acuse("stamped", result=result, estatus=_PREVIOUSLY)

    def _query_pending(self, params: dict) -> Reply:
        uuid = (_text(params, "uuid") or "").upper()
        envelope, result = _response(STAMP_NS, "query_pending")
        found = self.sandbox.lookup(uuid)
        if found is None:
            _sub(result, "error", f"UUID {uuid} No Encontrado")
        else:
            _sub(result, "status", "F")
            _sub(result, "xml", (found.xml or b"").decode("utf-8"))
            _sub(result, "uuid", uuid)
            _sub(result, "uuid_status", "stamped")
        return _reply(envelope)

    # ------------------------------------------------------------ cancellation

    def _cancel(self, params: dict) -> Reply:
        from facturador.pac.base import CancelCommand

        envelope, result = _response(CANCEL_NS, "cancel")
        if _text(params, "username") != self.username or _text(params, "password") != (
            self.password
        ):
            _sub(result, "CodEstatus", "Invalid Username or Password")
            return _reply(envelope)
        uuids = params.get("UUIDS")
        item = uuids.find(f"{_S0}UUID") if uuids is not None else None
        if item is None:
            _sub(result, "CodEstatus", "La lista enviada contiene UUIDS en formato inválido")
            return _reply(envelope)
        motivo = item.get("Motivo", "")
        if motivo not in ("01", "02", "03", "04"):
            _sub(
                result,
                "CodEstatus",
                "Motivo de cancelación debe contener uno de los valores 01,02,03 o 04",
            )
            return _reply(envelope)
        uuid = item.get("UUID", "").upper()
        try:
            command = CancelCommand(
                uuid=uuid,
                rfc_emisor=_text(params, "taxpayer_id") or "",
                motivo=motivo,
                certificate=b"",
                private_key=b"",
                password="",
                folio_sustitucion=item.get("FolioSustitucion") or None,
            )
        except PacError as error:
            _sub(result, "CodEstatus", f"{error.code} {error.detail}")
            return _reply(envelope)
        answer = self.sandbox.cancel(command)
        folios = etree.SubElement(result, f"{_S0}Folios")
        folio = etree.SubElement(folios, f"{_S0}Folio")
        _sub(folio, "UUID", uuid)
        _sub(folio, "EstatusUUID", answer.code)
        _sub(folio, "EstatusCancelacion", answer.detail or "")
        _sub(result, "Acuse", f'<CancelaCFDResult RfcEmisor="{_text(params, "taxpayer_id")}"/>')
        _sub(result, "RfcEmisor", _text(params, "taxpayer_id") or "")
        return _reply(envelope)


def _operation(root: etree._Element) -> tuple[str, etree._Element]:
    body = root.find(f"{{{SOAP_NS}}}Body")
    if body is None or len(body) == 0:
        raise ValueError("no SOAP body")
    op = body[0]
    return etree.QName(op).localname, op


def _text(params: dict, name: str) -> str | None:
    node = params.get(name)
    return node.text if node is not None else None


def _response(ns: str, operation: str) -> tuple[etree._Element, etree._Element]:
    envelope = etree.Element(
        f"{{{SOAP_NS}}}Envelope", nsmap={"senv": SOAP_NS, "tns": ns, "s0": VIEWS_NS}
    )
    body = etree.SubElement(envelope, f"{{{SOAP_NS}}}Body")
    response = etree.SubElement(body, f"{{{ns}}}{operation}Response")
    return envelope, etree.SubElement(response, f"{{{ns}}}{operation}Result")


def _sub(parent: etree._Element, name: str, text: str | None) -> etree._Element:
    node = etree.SubElement(parent, f"{_S0}{name}")
    node.text = text
    return node


def _reply(envelope: etree._Element) -> Reply:
    return Reply(200, etree.tostring(envelope, xml_declaration=True, encoding="utf-8"))


def _acuse(
    operation: str,
    *,
    result: StampResult | None = None,
    estatus: str | None = None,
    incidencias: list[str] = (),  # type: ignore[assignment]
    mensaje: str | None = None,
) -> Reply:
    envelope, node = _response(STAMP_NS, operation)
    if result is not None:
        _sub(node, "xml", (result.xml or b"").decode("utf-8"))
        _sub(node, "UUID", result.uuid)
        _sub(node, "Fecha", result.fecha_timbrado)
        _sub(node, "CodEstatus", estatus)
        _sub(node, "SatSeal", _sello_sat(result.xml or b""))
    else:
        _sub(node, "xml", None)
    container = etree.SubElement(node, f"{_S0}Incidencias")
    for code in incidencias:
        incidencia = etree.SubElement(container, f"{_S0}Incidencia")
        _sub(incidencia, "CodigoError", code)
        _sub(incidencia, "MensajeIncidencia", mensaje or _MESSAGES.get(code, f"Error {code}"))
    return _reply(envelope)


def _sello_sat(xml: bytes) -> str | None:
    found = re.search(rb'SelloSAT="([^"]+)"', xml)
    return found.group(1).decode("ascii") if found else None


def _fault_reply(code: str, text: str) -> Reply:
    envelope = etree.Element(f"{{{SOAP_NS}}}Envelope", nsmap={"senv": SOAP_NS})
    body = etree.SubElement(envelope, f"{{{SOAP_NS}}}Body")
    fault = etree.SubElement(body, f"{{{SOAP_NS}}}Fault")
    etree.SubElement(fault, "faultcode").text = f"senv:{code}"
    etree.SubElement(fault, "faultstring").text = text
    return Reply(500, etree.tostring(envelope, encoding="utf-8"))
