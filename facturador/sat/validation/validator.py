"""`validate_xml`: hardened parse, XSD, offline SAT rules, Sello and TimbreFiscalDigital.

Every stage runs even when an earlier one found problems (as long as there is something to
check), so the report lists every finding, not just the first. An XSD finding about an
attribute that a SAT rule also reports (for example a FormaPago outside the catalog) is
dropped in favour of the finding with SAT's code.
"""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree

from facturador.sat.catalogs import Catalogs, default_catalogs
from facturador.sat.comprobante import Comprobante
from facturador.sat.credentials import Certificate
from facturador.sat.errors import ComprobanteInputError, UnsafeXmlError
from facturador.sat.validation.messages import text
from facturador.sat.validation.paths import COMPROBANTE, attr, normalized
from facturador.sat.validation.report import Finding, ValidationReport
from facturador.sat.validation.rules import run_rules
from facturador.sat.validation.sello import check_sello
from facturador.sat.validation.timbre import check_timbre
from facturador.sat.validation.xsd import xsd_findings
from facturador.sat.xml_reader import comprobante_from_element
from facturador.sat.xml_safety import parse_xml
from facturador.sat.xml_writer import CFDI_NS

__all__ = ["read_document", "validate_rules", "validate_xml"]

_ROOT = f"{{{CFDI_NS}}}Comprobante"


def validate_rules(comprobante: Comprobante, *, catalogs: Catalogs | None = None) -> list[Finding]:
    """The offline SAT rules only (no XSD, no seal): what to check before sealing."""
    return run_rules(comprobante, catalogs or default_catalogs())


def _failed(finding: Finding) -> ValidationReport:
    return ValidationReport(errores=(finding,), comprobante=None, sello_valido=None,
                            timbre_valido=None)  # fmt: skip


def read_document(data: bytes) -> etree._Element | Finding:
    """The parsed root of a CFDI 4.0, or the finding (XML01/XML02) saying why not."""
    try:
        root = parse_xml(data)
    except UnsafeXmlError as error:
        return Finding("XML01", text("XML01", detalle=error.detail), "/")
    if root.tag != _ROOT or root.get("Version") != "4.0":
        raiz = root.tag if isinstance(root.tag, str) else "desconocido"
        return Finding("XML02", text("XML02", raiz=raiz), root.getroottree().getpath(root))
    return root


def _read_comprobante(root: etree._Element) -> Comprobante | Finding:
    try:
        return comprobante_from_element(root)
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


def validate_xml(
    data: bytes,
    *,
    catalogs: Catalogs | None = None,
    sat_certificates: Mapping[str, Certificate] | None = None,
) -> ValidationReport:
    """Everything that can be checked offline about a CFDI 4.0; never raises for bad input."""
    root = read_document(data)
    if isinstance(root, Finding):
        return _failed(root)
    xsd = xsd_findings(root)
    comprobante = _read_comprobante(root)
    if isinstance(comprobante, Finding):
        said = comprobante.codigo == "XML03" and any(
            normalized(f.ruta) == normalized(comprobante.ruta) for f in xsd
        )
        errores = xsd if said else merge(xsd, [comprobante])
        return ValidationReport(errores=tuple(errores), comprobante=None, sello_valido=None,
                                timbre_valido=None)  # fmt: skip
    errores = merge(xsd, validate_rules(comprobante, catalogs=catalogs))
    sello = check_sello(root, comprobante)
    timbre = check_timbre(root, sat_certificates)
    errores += sello.errores + timbre.errores
    return ValidationReport(
        errores=tuple(errores),
        comprobante=comprobante,
        sello_valido=sello.valido,
        timbre_valido=timbre.valido,
        avisos=tuple(timbre.avisos),
    )
