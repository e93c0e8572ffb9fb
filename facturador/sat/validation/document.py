"""What is read from any CFDI before (and besides) the full model: facts, Addenda, complements.

`document_facts` reads leniently whatever is there (any version, broken templates included),
so a report always says which document it is about. `take_addenda` detaches the Addenda:
customer XML outside the cadena original, which neither SAT nor the PACs validate; the
finding is an aviso with its namespaces. `complement_check` reports complements SAT does not
publish (and detaches them, so the XSD does not report each element) or that do not apply to
the document's version.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from facturador.sat.validation.complements import complement_for
from facturador.sat.validation.messages import text
from facturador.sat.validation.paths import COMPROBANTE
from facturador.sat.validation.report import DocumentFacts, Finding

__all__ = ["ComplementCheck", "complement_check", "document_facts", "take_addenda"]

_TFD_NS = "http://www.sat.gob.mx/TimbreFiscalDigital"


def namespace_of(element: etree._Element) -> str:
    return etree.QName(element).namespace or ""


def get(element: etree._Element | None, name: str) -> str | None:
    """Attribute `name`, or its lower-camel spelling of CFDI 3.2 and older (`rfc`, `total`)."""
    if element is None:
        return None
    value = element.get(name)
    return value if value is not None else element.get(name[0].lower() + name[1:])


def _collapsed(value: str | None) -> str | None:
    """The value as SAT's schemas read it (whiteSpace collapse)."""
    return None if value is None else " ".join(value.split())


def document_facts(root: etree._Element) -> DocumentFacts:
    ns = f"{{{namespace_of(root)}}}"
    tfd = root.find(f"{ns}Complemento/{{{_TFD_NS}}}TimbreFiscalDigital")
    uuid = get(tfd, "UUID")
    return DocumentFacts(
        version=get(root, "Version"),
        uuid=uuid.strip().upper() if uuid else None,
        fecha=get(root, "Fecha"),
        tipo_de_comprobante=get(root, "TipoDeComprobante"),
        total=_collapsed(get(root, "Total")),
        rfc_emisor=_collapsed(get(root.find(f"{ns}Emisor"), "Rfc")),
        rfc_receptor=_collapsed(get(root.find(f"{ns}Receptor"), "Rfc")),
        nombre_emisor=get(root.find(f"{ns}Emisor"), "Nombre"),
        nombre_receptor=get(root.find(f"{ns}Receptor"), "Nombre"),
        moneda=get(root, "Moneda"),
    )


def take_addenda(root: etree._Element) -> Finding | None:
    """Detach the Addenda (if any) and say it was there, with the namespaces it uses."""
    tag = f"{{{namespace_of(root)}}}Addenda"
    addenda = root.find(tag)
    if addenda is None:
        return None
    namespaces = sorted({namespace_of(child) or "sin espacio de nombres" for child in addenda})
    del addenda  # no Python reference left: lxml frees the subtree instead of moving it
    etree.strip_elements(root, tag, with_tail=False)
    espacios = ", ".join(namespaces) or "vacía"
    return Finding("ADDENDA01", text("ADDENDA01", espacios=espacios), f"{COMPROBANTE}/cfdi:Addenda")


@dataclass(frozen=True, slots=True)
class ComplementCheck:
    errores: list[Finding]
    namespaces: frozenset[str]  # of every element the XSD will see
    unknown: frozenset[str]  # namespaces of complements to detach before the XSD


def _complement_nodes(root: etree._Element) -> list[etree._Element]:
    ns = f"{{{namespace_of(root)}}}"
    nodes = list(root.iterfind(f"{ns}Complemento"))
    nodes += root.iterfind(f"{ns}Conceptos/{ns}Concepto/{ns}ComplementoConcepto")
    return [child for node in nodes for child in node if isinstance(child.tag, str)]


def complement_check(root: etree._Element, version: str) -> ComplementCheck:
    """Findings for complements SAT does not publish or that do not apply to `version`."""
    errores: list[Finding] = []
    unknown_count: Counter[str] = Counter()
    namespaces = {namespace_of(root)}
    for child in _complement_nodes(root):
        namespace = namespace_of(child)
        complement = complement_for(namespace)
        if complement is None:
            unknown_count[namespace] += 1
            continue
        namespaces.add(namespace)
        if version not in complement.versions:
            errores.append(Finding("COMPL02", text("COMPL02", nombre=complement.nombre,
                                                   version=version),
                                   child.getroottree().getpath(child)))  # fmt: skip
    for namespace, count in unknown_count.items():
        mensaje = text("COMPL01", espacio=namespace or "ninguno", cuantos=count, version=version)
        errores.append(Finding("COMPL01", mensaje, f"{COMPROBANTE}/cfdi:Complemento"))
    return ComplementCheck(errores, frozenset(namespaces), frozenset(unknown_count))


def detach(root: etree._Element, namespaces: frozenset[str]) -> None:
    """Strip the complements of `namespaces` (in linear time: lxml frees them in place)."""
    if not namespaces:
        return
    ns = f"{{{namespace_of(root)}}}"
    tags = [f"{{{namespace}}}*" for namespace in sorted(namespaces)]
    for tag in (f"{ns}Complemento", f"{ns}ComplementoConcepto"):
        for node in root.iter(tag):
            etree.strip_elements(node, *tags, with_tail=False)


_ROOT_PREFIX = re.compile(rb'xmlns(?::([A-Za-z_][\w.-]*))?="http://www\.sat\.gob\.mx/cfd/[34]"')
_NAMESPACE_DECLARATION = re.compile(rb'xmlns(?::[\w.-]+)?="([^"]*)"')
LARGE_ADDENDA = 64 * 1024


class _NoTree:
    """A parser target that builds nothing: libxml2 only checks that the XML is well formed."""

    def close(self) -> None:
        return None


def _well_formed(data: bytes) -> bool:
    # types-lxml wants a full ParserTarget; lxml calls only the methods a target defines,
    # and a target with `close` alone makes libxml2 parse without calling back per node.
    parser = etree.XMLParser(target=_NoTree(), resolve_entities=False, no_network=True,  # type: ignore[call-overload]
                             load_dtd=False, huge_tree=False)  # fmt: skip
    try:
        etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return False
    return True


def cut_large_addenda(data: bytes) -> tuple[bytes, Finding | None]:
    """The bytes without a large Addenda (never parsed: it may hold millions of nodes).

    SAT's schema puts the Addenda last in the Comprobante, and the cadena original leaves it
    out, so cutting its bytes changes no verdict. Only a cut that leaves nothing but the
    closing tag of the Comprobante after it is made; anything else is parsed as it is.
    """
    if len(data) < LARGE_ADDENDA:
        return data, None
    match = _ROOT_PREFIX.search(data, 0, 16384)
    if match is None:
        return data, None
    prefix = match.group(1) + b":" if match.group(1) else b""
    closing = b"</" + prefix + b"Addenda>"
    start = data.find(b"<" + prefix + b"Addenda")
    end = data.rfind(closing)
    if start < 0 or end - start < LARGE_ADDENDA:
        return data, None
    end += len(closing)
    if data[end:].strip() != b"</" + prefix + b"Comprobante>" or not _well_formed(data):
        return data, None
    head = data[start : start + 4096]
    namespaces = sorted(
        {ns.decode("utf-8", "replace") for ns in _NAMESPACE_DECLARATION.findall(head)}
    )
    espacios = ", ".join(namespaces) or "sin espacio de nombres"
    aviso = Finding(
        "ADDENDA01", text("ADDENDA01", espacios=espacios), f"{COMPROBANTE}/cfdi:Addenda"
    )
    return data[:start] + data[end:], aviso
