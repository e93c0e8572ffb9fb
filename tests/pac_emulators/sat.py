"""SAT ConsultaCFDIService emulator (pac-protocols.md §8.4), reading the sandbox's state."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qs, urlsplit

from lxml import etree

from facturador.pac.base import StatusQuery
from facturador.pac.sandbox import SandboxStamper
from facturador.pac.sat_status import DATA_NS, SOAP_NS, TEMPURI
from facturador.sat.xml_safety import parse_xml
from tests.pac_emulators.faults import Fault, FaultPlan
from tests.pac_emulators.server import LoopbackServer, Reply, Request

_601 = "N - 601: La expresión impresa proporcionada no es válida."


class SatEmulator(LoopbackServer):
    def __init__(
        self, sandbox: SandboxStamper, *, efos: str = "200", faults: FaultPlan | None = None
    ) -> None:
        super().__init__(faults=faults or FaultPlan(operations=frozenset({"Consulta"})))
        self.sandbox = sandbox
        self.efos = efos

    def operation(self, request: Request) -> str:
        return "Consulta"

    def handle(self, request: Request, fault: Fault | None) -> Reply:
        try:
            root = parse_xml(request.body)
            expresion = root.findtext(f".//{{{TEMPURI}}}expresionImpresa") or ""
        except Exception:  # noqa: BLE001 - garbage in
            return _answer(_601, "", "", "")
        query = urlsplit(expresion.strip()).query or expresion.partition("?")[2]
        values = {k: v[0] for k, v in parse_qs(query).items()}
        uuid = values.get("id", "").upper()
        try:
            total = Decimal(values.get("tt", "x"))
        except InvalidOperation:
            return _answer(_601, "", "", "")
        status = self.sandbox.status(
            StatusQuery(
                uuid=uuid,
                rfc_emisor=values.get("re", ""),
                rfc_receptor=values.get("rr", ""),
                total=total,
            )
        )
        if not status.found:
            return _answer(status.codigo_estatus, status.estado, "", "")
        return _answer(
            status.codigo_estatus,
            status.estado,
            status.es_cancelable,
            status.estatus_cancelacion,
            self.efos,
        )


def _answer(codigo: str, estado: str, cancelable: str, estatus: str, efos: str = "") -> Reply:
    envelope = etree.Element(f"{{{SOAP_NS}}}Envelope", nsmap={"s": SOAP_NS})
    body = etree.SubElement(envelope, f"{{{SOAP_NS}}}Body")
    response = etree.SubElement(body, f"{{{TEMPURI}}}ConsultaResponse", nsmap={None: TEMPURI})
    result = etree.SubElement(response, f"{{{TEMPURI}}}ConsultaResult", nsmap={"a": DATA_NS})
    for name, value in (
        ("CodigoEstatus", codigo),
        ("EsCancelable", cancelable),
        ("Estado", estado),
        ("EstatusCancelacion", estatus),
        ("ValidacionEFOS", efos),
    ):
        etree.SubElement(result, f"{{{DATA_NS}}}{name}").text = value or None
    return Reply(200, etree.tostring(envelope, encoding="utf-8"))
