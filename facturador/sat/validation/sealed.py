"""The check a sealed CFDI gets before it is stored or written: well-formed XML and SAT's XSD.

`check_sealed_xml` parses the exact bytes that would be stored, sent to the PAC or written,
and raises `ComprobanteInputError` naming the field of the JSON input (`Receptor.Rfc`,
`Conceptos[1].Descripcion`) for the first thing SAT's schema refuses. SAT's offline rules
are checked by `validate_rules` on the Comprobante; this covers what only the XSD says
(each attribute's pattern and length).
"""

from __future__ import annotations

import dataclasses
import re

from lxml import etree

from facturador.sat import messages
from facturador.sat.comprobante import Comprobante
from facturador.sat.errors import ComprobanteInputError, UnsafeXmlError
from facturador.sat.validation.document import complement_check
from facturador.sat.validation.report import Finding
from facturador.sat.validation.xsd import CORE_NAMESPACES, xsd_findings
from facturador.sat.xml_safety import parse_xml
from facturador.sat.xml_writer import to_xml

__all__ = ["check_sealed_xml", "input_path", "unsealed_schema_findings"]

# Findings about what sealing fills in (stand-ins here) are dropped.
_SEAL_ATTRIBUTES = ("/@NoCertificado", "/@Certificado", "/@Sello", "/@Folio")

_STEP = re.compile(r"^(?:[^:]+:)?([^\[]+)(?:\[(\d+)\])?$")
_LISTS_THEMSELVES = frozenset({"CfdiRelacionados", "CfdiRelacionado", "Pago", "DoctoRelacionado"})


def _steps(xpath: str) -> list[tuple[str, int]]:
    result = []
    for part in xpath.strip("/").split("/")[1:]:  # without the Comprobante itself
        match = _STEP.match(part.lstrip("@"))
        if match is not None:
            result.append((match.group(1), int(match.group(2) or 1)))
    return result


def _schema_namespaces(root: etree._Element) -> frozenset[str]:
    """The core schemas and those of the document's complements (Comercio Exterior...)."""
    return CORE_NAMESPACES | complement_check(root, "4.0").namespaces


def input_path(xpath: str) -> str:
    """The JSON input's path of a node or attribute of the XML (`Conceptos[0].Importe`)."""
    out: list[str] = []
    previous = ""
    for name, index in _steps(xpath):
        if name in _LISTS_THEMSELVES:
            out.append(f"{name}[{index - 1}]")
        elif previous and previous != name and previous.startswith(name):
            out[-1] = f"{previous}[{index - 1}]"  # Conceptos/Concepto[2] -> Conceptos[1]
        else:
            out.append(name)
        previous = name
    return ".".join(out) or "Comprobante"


def unsealed_schema_findings(comprobante: Comprobante) -> list[Finding]:
    """What SAT's XSD would say about the document before it is sealed (a form's preview):
    the seal's own attributes and the Folio, which sealing fills in, are not judged."""
    unsealed = dataclasses.replace(
        comprobante, no_certificado="0" * 20, certificado="AA==", sello="AA=="
    )
    xml = to_xml(unsealed)
    try:
        root = parse_xml(xml)
    except UnsafeXmlError as error:
        return [Finding("XML01", error.message, "/")]
    findings = xsd_findings(root, _schema_namespaces(root)).findings
    return [f for f in findings if not f.ruta.endswith(_SEAL_ATTRIBUTES)]


def check_sealed_xml(xml: bytes) -> None:
    """Raise ComprobanteInputError for malformed XML or the first XSD finding."""
    try:
        root = parse_xml(xml)
    except UnsafeXmlError as error:
        raise ComprobanteInputError("Comprobante", error.message) from None
    findings = xsd_findings(root, _schema_namespaces(root)).findings
    if findings:
        first = findings[0]
        raise ComprobanteInputError(input_path(first.ruta), f"{first.mensaje} {messages.FIX_FIELD}")
