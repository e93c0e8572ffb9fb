"""`validate_xml`: hardened parse, XSD, offline SAT rules, Sello and TimbreFiscalDigital.

Every stage runs even when an earlier one found problems (as long as there is something to
check), so the report lists every finding, not just the first (at most `MAX_FINDINGS`, then
one LIMITE01 saying how many more). An XSD finding about an attribute that a SAT rule also
reports (for example a FormaPago outside the catalog) is dropped in favour of the finding
with SAT's code. The Addenda is detached first (an aviso, never an error); complements SAT
does not publish are reported once per namespace and kept out of the XSD.

CFDI 4.0 gets everything. CFDI 3.3 gets the XSD (its own schema and complements), the Sello
over SAT's 3.3 cadena and the TFD; its rules matrix is not checked (aviso CFDI33). 3.2 and
older: the facts and the Sello only (aviso VERSION01).
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from datetime import datetime

from lxml import etree

from facturador.sat.build import parse_fecha
from facturador.sat.catalogs import Catalogs, default_catalogs
from facturador.sat.comprobante import Comprobante
from facturador.sat.credentials import Certificate
from facturador.sat.errors import AmountInputError, ComprobanteInputError, UnsafeXmlError
from facturador.sat.validation import document as doc
from facturador.sat.validation.messages import MESSAGES, text
from facturador.sat.validation.paths import COMPROBANTE, EMISOR, RECEPTOR, attr, normalized
from facturador.sat.validation.report import DocumentFacts, Finding, ValidationReport
from facturador.sat.validation.rules import run_rules
from facturador.sat.validation.rules33 import rules33
from facturador.sat.validation.sello import check_sello
from facturador.sat.validation.timbre import check_timbre
from facturador.sat.validation.xsd import XsdResult, xsd_findings
from facturador.sat.xml_reader import comprobante_from_element
from facturador.sat.xml_safety import MAX_XML_BYTES, parse_xml

__all__ = ["MAX_FINDINGS", "read_document", "validate_rules", "validate_xml"]

MAX_FINDINGS = 100
CFDI40_IN_FORCE = datetime(2022, 1, 1)
_CFDI_NAMESPACES = {"http://www.sat.gob.mx/cfd/4": ("4.0",), "http://www.sat.gob.mx/cfd/3": ("3.",)}
_FULL_VERSIONS = frozenset({"4.0", "3.3"})
# Rules that look a value up in a catalog whose entries start in 2022: before that date
# they all fail for the same reason, said once by FECHA01.
_DATE_DEPENDENT = frozenset(
    key.split(".")[0] for key, value in MESSAGES.items() if "catálogo" in value
)
_PRECISION = 80  # amounts are at most 24 + 12 digits (see _xml_attrs): products fit


def validate_rules(comprobante: Comprobante, *, catalogs: Catalogs | None = None) -> list[Finding]:
    """The offline SAT rules only (no XSD, no seal): what to check before sealing."""
    with decimal.localcontext(prec=_PRECISION):
        return run_rules(comprobante, catalogs or default_catalogs())


def _failed(finding: Finding) -> ValidationReport:
    return ValidationReport(errores=(finding,), comprobante=None, sello_valido=None,
                            timbre_valido=None)  # fmt: skip


def read_document(data: bytes) -> etree._Element | Finding:
    """The parsed root of a CFDI (any version), or the finding (XML01/XML02) saying why not."""
    try:
        root = parse_xml(data)
    except UnsafeXmlError as error:
        return Finding("XML01", text("XML01", detalle=error.detail), "/")
    if not _is_cfdi(root):
        raiz = root.tag if isinstance(root.tag, str) else "desconocido"
        return Finding("XML02", text("XML02", raiz=raiz), root.getroottree().getpath(root))
    return root


def _read_without_large_addenda(data: bytes) -> tuple[etree._Element | Finding, Finding | None]:
    """The parsed document, its large Addenda cut first when the cut reads (see document.py)."""
    if len(data) <= MAX_XML_BYTES:  # larger is refused as it is
        shorter, cut = doc.cut_large_addenda(data)
        if cut is not None:
            root = read_document(shorter)
            if not (isinstance(root, Finding) and root.codigo == "XML01"):
                return root, cut
    return read_document(data), None


def _is_cfdi(root: etree._Element) -> bool:
    """A cfdi:Comprobante whose Version belongs to its namespace (4.0 in cfd/4, 3.x in cfd/3)."""
    if not isinstance(root.tag, str) or etree.QName(root).localname != "Comprobante":
        return False
    versions = _CFDI_NAMESPACES.get(etree.QName(root).namespace or "")
    version = doc.get(root, "Version") or ""
    return versions is not None and version.startswith(versions)


def _read_comprobante(root: etree._Element) -> Comprobante | Finding:
    try:
        return comprobante_from_element(root)
    except AmountInputError as error:  # wins over the XSD's word about the same value
        return Finding("XML04", text("XML04", detalle=error.detail), error.path)
    except ComprobanteInputError as error:
        if error.path.endswith("/@Fecha"):
            return Finding("CFDI40101", text("CFDI40101", valor=root.get("Fecha")), error.path)
        return Finding("XML03", text("XML03", detalle=error.detail), error.path)
    except (UnsafeXmlError, ValueError) as error:  # pragma: no cover - root already checked
        return Finding("XML03", text("XML03", detalle=str(error)), attr(COMPROBANTE, "Version"))


def merge(xsd: list[Finding], rules: list[Finding]) -> list[Finding]:
    """XSD findings not already reported with a SAT code at the same place, then the rules."""
    covered = {normalized(f.ruta) for f in rules}
    return [f for f in xsd if normalized(f.ruta) not in covered] + rules


def _not_said(rules: list[Finding], xsd: list[Finding]) -> list[Finding]:
    """Without an XML03 the XSD already reported at the same place (in its own words)."""
    said = {normalized(f.ruta) for f in xsd}
    return [f for f in rules if f.codigo != "XML03" or normalized(f.ruta) not in said]


def _fecha(facts: DocumentFacts) -> datetime | None:
    try:
        return parse_fecha(facts.fecha or "")
    except ValueError:
        return None


def _rfc_avisos(root: etree._Element, facts: DocumentFacts) -> list[Finding]:
    avisos = []
    ns = f"{{{etree.QName(root).namespace}}}"
    for node, path, rfc in ((f"{ns}Emisor", EMISOR, facts.rfc_emisor),
                            (f"{ns}Receptor", RECEPTOR, facts.rfc_receptor)):  # fmt: skip
        written = doc.get(root.find(node), "Rfc")
        if written is not None and written != rfc:
            avisos.append(Finding("RFC01", text("RFC01", valor=written, rfc=rfc),
                                  attr(path, "Rfc")))  # fmt: skip
    return avisos


def _capped(errores: list[Finding], xsd: XsdResult) -> tuple[Finding, ...]:
    more = xsd.more + max(0, len(errores) - MAX_FINDINGS)
    kept = errores[:MAX_FINDINGS]
    if xsd.stopped:
        kept.append(Finding("LIMITE01", text("LIMITE01.detenido", cuantos=len(kept)), "/"))
    elif more:
        kept.append(Finding("LIMITE01", text("LIMITE01", cuantos=more), "/"))
    return tuple(kept)


def _rules(comprobante: Comprobante, fecha: datetime | None, catalogs: Catalogs | None
           ) -> list[Finding]:  # fmt: skip
    findings = validate_rules(comprobante, catalogs=catalogs)
    if fecha is None or fecha >= CFDI40_IN_FORCE:
        return findings
    first = Finding("FECHA01", text("FECHA01", fecha=fecha.isoformat()), attr(COMPROBANTE, "Fecha"))
    return [first, *(f for f in findings if f.codigo not in _DATE_DEPENDENT)]


def validate_xml(
    data: bytes,
    *,
    catalogs: Catalogs | None = None,
    sat_certificates: Mapping[str, Certificate] | None = None,
) -> ValidationReport:
    """Everything that can be checked offline about a CFDI; never raises for bad input."""
    root, cut = _read_without_large_addenda(data)
    if isinstance(root, Finding):
        return _failed(root)
    facts = doc.document_facts(root)
    version = facts.version or ""
    avisos = [a for a in (cut, doc.take_addenda(root)) if a is not None]
    avisos += _rfc_avisos(root, facts)
    if version not in _FULL_VERSIONS:
        return _legacy_report(root, facts, _fecha(facts), avisos)
    complements = doc.complement_check(root, version)
    comprobante: Comprobante | None = None
    rules: list[Finding] = []
    read = _read_comprobante(root) if version == "4.0" else None
    fecha = read.fecha if isinstance(read, Comprobante) else _fecha(facts)
    if isinstance(read, Finding):
        rules = [read]
    elif read is not None:
        comprobante, rules = read, _rules(read, fecha, catalogs)
    if version == "3.3":
        rules = rules33(root, catalogs)
        avisos.append(Finding("CFDI33", text("CFDI33"), attr(COMPROBANTE, "Version")))
    sello = check_sello(root, fecha, version)
    timbre = check_timbre(root, sat_certificates)
    doc.detach(root, complements.unknown)
    xsd = xsd_findings(root, complements.namespaces, MAX_FINDINGS)
    rules = _not_said(rules, xsd.findings)
    own = complements.errores + rules + sello.errores + timbre.errores
    return ValidationReport(
        errores=_capped(merge(xsd.findings, own), xsd),
        comprobante=comprobante,
        sello_valido=sello.valido,
        timbre_valido=timbre.valido,
        avisos=tuple(avisos + timbre.avisos),
        hechos=facts,
    )


def _legacy_report(
    root: etree._Element, facts: DocumentFacts, fecha: datetime | None, avisos: list[Finding]
) -> ValidationReport:
    """CFDI 3.2 and older: what it is, and whether its Sello verifies."""
    sello = check_sello(root, fecha, facts.version or "")
    aviso = Finding("VERSION01", text("VERSION01", version=facts.version or "desconocida"),
                    attr(COMPROBANTE, "Version"))  # fmt: skip
    return ValidationReport(
        errores=tuple(sello.errores),
        comprobante=None,
        sello_valido=sello.valido,
        timbre_valido=None,
        avisos=(aviso, *avisos),
        hechos=facts,
    )
