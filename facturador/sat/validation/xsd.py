"""XSD validation against SAT's schemas (CFDI 4.0, TFD 1.1, Pagos 2.0, implocal), offline.

The schema set is `resources/xsd/cfdi40_bundle.xsd` with one change: `catCFDI.xsd` is served
as `catCFDI_light.xsd` (built by `scripts/build_light_xsd.py`), whose big enumerations are
patterns; their catalog membership is checked by the rules against SQLite, with SAT codes.
Compiled once per process (~6 ms); validating a document takes ~0.05 ms.
"""

from __future__ import annotations

import functools
import re
import threading
from typing import Any

from lxml import etree

from facturador.sat.resources import resource_path
from facturador.sat.validation.messages import text
from facturador.sat.validation.report import Finding

__all__ = ["xsd_findings", "xsd_only_claves"]

_XS = "{http://www.w3.org/2001/XMLSchema}"
_ATTRIBUTE = re.compile(r"attribute '([^']+)'")
_TRANSLATIONS = (
    (re.compile(r"The attribute '([^']+)' is required but missing"),
     "falta el atributo obligatorio {0}"),
    (re.compile(r"\[facet 'enumeration'\] The value '([^']*)' is not an element of the set"),
     "el valor «{0}» no está en el catálogo"),
    (re.compile(r"\[facet 'pattern'\] The value '([^']*)' is not accepted by the pattern"),
     "el valor «{0}» no tiene el formato requerido"),
    (re.compile(r"The attribute '([^']+)' is not allowed"), "el atributo {0} no está permitido"),
    (re.compile(r"Element '([^']+)': This element is not expected"),
     "el elemento {0} no se espera en esa posición"),
    (re.compile(r"Missing child element\(s\)\. Expected is.*\( ?([^ )]+) ?\)"),
     "falta el elemento {0}"),
    (re.compile(r"\[facet 'maxLength'\] The value '([^']*)' has a length of '(\d+)'.* of '(\d+)'"),
     "el valor «{0}» mide {1} caracteres y el máximo es {2}"),
    (re.compile(r"\[facet 'minLength'\] The value '([^']*)' has a length of '(\d+)'.* of '(\d+)'"),
     "el valor «{0}» mide {1} caracteres y el mínimo es {2}"),
    (re.compile(r"\[facet 'length'\] The value '([^']*)' has a length of '(\d+)'.* of '(\d+)'"),
     "el valor «{0}» mide {1} caracteres y debe medir {2}"),
    (re.compile(r"'([^']*)' is not a valid value of the atomic type"),
     "el valor «{0}» no es válido para su tipo"),
)  # fmt: skip


_LOCK = threading.Lock()  # error_log belongs to the schema object: one validation at a time


class _LightCatalogResolver(etree.Resolver):
    def resolve(
        self, url: str | None, pubid: str | None, context: object
    ) -> Any:  # lxml's _InputDocument, or None to let lxml resolve it
        if url and url.replace("\\", "/").rsplit("/", 1)[-1] == "catCFDI.xsd":
            return self.resolve_filename(str(resource_path("xsd", "catCFDI_light.xsd")), context)
        return None


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(_LightCatalogResolver())
    return parser


@functools.cache
def _schema() -> etree.XMLSchema:
    path = resource_path("xsd", "cfdi40_bundle.xsd")
    return etree.XMLSchema(etree.parse(str(path), _parser()))


@functools.cache
def xsd_only_claves(type_name: str) -> frozenset[str]:
    """Claves SAT's catCFDI.xsd enumerates for `type_name` that the SQLite catalog lacks."""
    tree = etree.parse(str(resource_path("xsd", "catCFDI_light.xsd")), _parser())
    found = tree.getroot().find(
        f"{_XS}simpleType[@name='{type_name}']/{_XS}annotation/{_XS}appinfo"
    )
    return frozenset((found.text or "").split()) if found is not None else frozenset()


def _spanish(message: str) -> str:
    for pattern, template in _TRANSLATIONS:
        match = pattern.search(message)
        if match:
            return template.format(*(group.rsplit("}", 1)[-1] for group in match.groups()))
    return message


def xsd_findings(document: etree._Element) -> list[Finding]:
    """One finding (code "XSD") per schema error, with the node's path and attribute."""
    schema = _schema()
    with _LOCK:
        if schema.validate(document):
            return []
        errors = list(schema.error_log)
    findings = []
    for error in errors:
        path = error.path or "/"
        attribute = _ATTRIBUTE.search(error.message)
        if attribute:
            path = f"{path}/@{attribute.group(1)}"
        detalle = _spanish(error.message)
        findings.append(Finding("XSD", text("XSD", detalle=detalle), path))
    return findings
