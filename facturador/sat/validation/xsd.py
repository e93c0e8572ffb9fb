"""XSD validation against SAT's schemas, offline: CFDI 4.0 and 3.3 and every complement.

Two schema sets, each compiled once per process:

- the core set, `resources/xsd/cfdi40_bundle.xsd` (CFDI 4.0, TFD 1.1, Pagos 2.0, implocal;
  ~6 ms to compile), for the usual documents;
- the full set, built in memory from `resources/xsd/sat-xml.zip` (CFDI 4.0 and 3.3 and every
  complement of `complements.COMPLEMENTS`, ~0.16 s), for documents that need more.

In both, `catCFDI.xsd` is served as `catCFDI_light.xsd` (built by
`scripts/build_light_xsd.py`), whose big enumerations are patterns; their catalog membership
is checked by the rules against SQLite, with SAT codes.

libxml2 reports one error per bad node and lxml computes each error's path by walking the
node's siblings, so a tree with many bad siblings costs quadratic time. `xsd_findings` keeps
it linear: a large tree (`LARGE_ELEMENTS` elements, or a node with `LARGE_SIBLINGS`
children) is validated while being streamed, and that pass stops after `limit` errors.
"""

from __future__ import annotations

import functools
import io
import re
import threading
import zipfile
from dataclasses import dataclass
from typing import Any

from lxml import etree

from facturador.sat.resources import resource_path
from facturador.sat.validation.complement_catalogs import catalog_findings
from facturador.sat.validation.complements import CFDI_SCHEMAS, COMPLEMENTS
from facturador.sat.validation.messages import text
from facturador.sat.validation.report import Finding

__all__ = ["LARGE_ELEMENTS", "LARGE_SIBLINGS", "XsdResult", "xsd_findings", "xsd_only_claves"]

LARGE_ELEMENTS = 20_000
LARGE_SIBLINGS = 1_000
CORE_NAMESPACES = frozenset({
    "http://www.sat.gob.mx/cfd/4",
    "http://www.sat.gob.mx/TimbreFiscalDigital",
    "http://www.sat.gob.mx/Pagos20",
    "http://www.sat.gob.mx/implocal",
})  # fmt: skip
_XS = "{http://www.w3.org/2001/XMLSchema}"
_ZIP_BASE = "satxml:///cfd/"
_ATTRIBUTE = re.compile(r"attribute '([^']+)'")
_ELEMENT = re.compile(r"Element '(?:\{[^}]*\})?([^']+)'")
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


@dataclass(frozen=True, slots=True)
class XsdResult:
    findings: list[Finding]  # at most `limit` of them
    more: int  # how many more errors were found and not listed
    stopped: bool  # the streamed pass stopped early: there may be more than `more`


class _Resolver(etree.Resolver):
    """catCFDI.xsd -> the light one; `satxml:` URLs -> members of sat-xml.zip."""

    def __init__(self, archive: zipfile.ZipFile | None = None) -> None:
        super().__init__()
        self._archive = archive

    def resolve(
        self, url: str | None, pubid: str | None, context: object
    ) -> Any:  # lxml's _InputDocument, or None to let lxml resolve it
        if not url:
            return None
        if url.replace("\\", "/").rsplit("/", 1)[-1] == "catCFDI.xsd":
            return self.resolve_filename(str(resource_path("xsd", "catCFDI_light.xsd")), context)
        if self._archive is not None and url.startswith(_ZIP_BASE):
            data = self._archive.read(url.removeprefix(_ZIP_BASE))
            return self.resolve_string(data, context, base_url=url)
        return None


def _parser(archive: zipfile.ZipFile | None = None) -> etree.XMLParser:
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(_Resolver(archive))
    return parser


@functools.cache
def _core_schema() -> etree.XMLSchema:
    path = resource_path("xsd", "cfdi40_bundle.xsd")
    return etree.XMLSchema(etree.parse(str(path), _parser()))


@functools.cache
def _full_schema() -> etree.XMLSchema:
    schemas = [*CFDI_SCHEMAS, *((c.namespace, c.xsd) for c in COMPLEMENTS)]
    imports = "".join(f'<xs:import namespace="{ns}" schemaLocation="{path}"/>'
                      for ns, path in schemas)  # fmt: skip
    bundle = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    with zipfile.ZipFile(resource_path("xsd", "sat-xml.zip")) as archive:
        parser = _parser(archive)
        root = etree.fromstring(bundle.encode(), parser, base_url=f"{_ZIP_BASE}bundle.xsd")
        return etree.XMLSchema(etree.ElementTree(root))


def schema_for(namespaces: frozenset[str]) -> etree.XMLSchema:
    """The core set when it covers every namespace of the document, else the full one."""
    return _core_schema() if namespaces <= CORE_NAMESPACES else _full_schema()


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


def _finding(message: str, path: str | None) -> Finding:
    if path is None:  # streamed: libxml2 knows the element's name, not its place
        element = _ELEMENT.search(message)
        path = f"//{element.group(1)}" if element else "/"
    attribute = _ATTRIBUTE.search(message)
    if attribute:
        path = f"{path}/@{attribute.group(1)}"
    return Finding("XSD", text("XSD", detalle=_spanish(message)), path)


def is_large(document: etree._Element) -> bool:
    """Whether validating the tree in place could cost quadratic time (see the docstring)."""
    for count, element in enumerate(document.iter(), start=1):
        if count > LARGE_ELEMENTS or len(element) > LARGE_SIBLINGS:
            return True
    return False


def _in_place(schema: etree.XMLSchema, document: etree._Element, limit: int) -> XsdResult:
    with _LOCK:
        if schema.validate(document):
            return XsdResult([], 0, stopped=False)
        errors = list(schema.error_log)
    findings = [_finding(e.message, e.path or "/") for e in errors[:limit]]
    return XsdResult(findings, max(0, len(errors) - limit), stopped=False)


def _streamed(schema: etree.XMLSchema, document: etree._Element, limit: int) -> XsdResult:
    """Validate while re-reading the serialized tree, dropping what was read; stop early."""
    events = etree.iterparse(
        io.BytesIO(etree.tostring(document)), events=("end",), schema=schema,
        no_network=True, resolve_entities=False, huge_tree=False,
    )  # fmt: skip
    stopped = False
    try:
        for count, (_, element) in enumerate(events):
            element.clear(keep_tail=True)
            while element.getprevious() is not None:
                del element.getparent()[0]  # type: ignore[union-attr]
            if count % 256 == 0 and len(events.error_log) > limit:
                stopped = True
                break
    except etree.XMLSyntaxError:
        pass  # the schema errors are in the log
    errors = list(events.error_log)
    findings = [_finding(e.message, None) for e in errors[:limit]]
    return XsdResult(findings, max(0, len(errors) - limit), stopped=stopped)


def xsd_findings(
    document: etree._Element, namespaces: frozenset[str] = CORE_NAMESPACES, limit: int = 100
) -> XsdResult:
    """One finding (code "XSD") per schema error, at most `limit`, with the node's path."""
    schema = schema_for(namespaces)
    result = (
        _streamed(schema, document, limit)
        if is_large(document)
        else (_in_place(schema, document, limit))
    )
    if namespaces <= CORE_NAMESPACES:
        return result
    extra = catalog_findings(document, namespaces)
    if not extra:
        return result
    findings = result.findings + extra
    more = result.more + max(0, len(findings) - limit)
    return XsdResult(findings[:limit], more, stopped=result.stopped)
