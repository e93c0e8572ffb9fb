"""The one hardened XML parser: no DTD, no entities, no network, bounded size."""

from __future__ import annotations

from lxml import etree

from facturador.sat.errors import UnsafeXmlError
from facturador.sat.messages import xml_syntax_reason

__all__ = ["MAX_XML_BYTES", "MAX_XML_ELEMENTS", "parse_xml", "safe_parser"]

MAX_XML_BYTES = 20 * 1024 * 1024
# libxml2 takes ~120 bytes per node: 20 MB of `<a/>` would be 5 million nodes (600 MB). A
# real CFDI spends far more than 40 bytes per element, so this bound refuses only junk.
MAX_XML_ELEMENTS = 500_000


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        dtd_validation=False,
        load_dtd=False,
        huge_tree=False,
        remove_blank_text=False,
    )


_PARSER = safe_parser()


def parse_xml(data: bytes) -> etree._Element:
    """Parse untrusted XML bytes; refuse DTDs (XXE, billion laughs) and oversized input."""
    if len(data) > MAX_XML_BYTES:
        raise UnsafeXmlError(f"mide más de {MAX_XML_BYTES // (1024 * 1024)} MB")
    if data.count(b"<") > MAX_XML_ELEMENTS:  # an upper bound of the elements, in one pass
        raise UnsafeXmlError(f"tiene más de {MAX_XML_ELEMENTS:,} elementos".replace(",", " "))
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as error:
        line, column = error.position
        raise UnsafeXmlError(xml_syntax_reason(str(error.msg), line, column)) from None
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise UnsafeXmlError("contiene una declaración DOCTYPE, que un CFDI no puede tener")
    return root
