"""Membership in the complement catalogs too big for libxml2 (c_ClaveProdServCP, ...).

`scripts/build_sat_xml_zip.py` stores those catalogs in `sat-xml.zip` with their big
enumerations as patterns (the XSD still checks the shape of each value) and the values in
`catalogos/enumeraciones.json`; `catalogos/atributos.json` names each attribute of such a
type. This module finds those attributes in a document and reports a value outside the
catalog exactly as the XSD would have (code XSD, same Spanish text), in a set lookup
instead of a scan of up to 48,757 values.
"""

from __future__ import annotations

import functools
import json
import zipfile
from collections import defaultdict

from lxml import etree

from facturador.sat.resources import resource_path
from facturador.sat.validation.messages import text
from facturador.sat.validation.report import Finding

__all__ = ["catalog_findings"]

_Attributes = dict[str, dict[str, list[tuple[str, frozenset[str]]]]]


@functools.cache
def _attributes() -> _Attributes:
    """namespace -> element name -> [(attribute, allowed values)]."""
    with zipfile.ZipFile(resource_path("xsd", "sat-xml.zip")) as archive:
        values = json.loads(archive.read("catalogos/enumeraciones.json"))
        rows = json.loads(archive.read("catalogos/atributos.json"))
    sets = {(ns, name): frozenset(v) for ns, types in values.items() for name, v in types.items()}
    found: _Attributes = defaultdict(lambda: defaultdict(list))
    for namespace, element, attribute, catalog, type_name in rows:
        found[namespace][element].append((attribute, sets[(catalog, type_name)]))
    return {ns: dict(elements) for ns, elements in found.items()}


def catalog_findings(root: etree._Element, namespaces: frozenset[str]) -> list[Finding]:
    """An XSD finding per attribute whose value is not in its big complement catalog."""
    table = _attributes()
    findings = []
    for namespace in sorted(namespaces & table.keys()):
        elements = table[namespace]
        for element in root.iter(f"{{{namespace}}}*"):
            for attribute, allowed in elements.get(etree.QName(element).localname, ()):
                value = element.get(attribute)
                if value is not None and " ".join(value.split()) not in allowed:
                    detalle = f"el valor «{value}» no está en el catálogo"
                    path = f"{element.getroottree().getpath(element)}/@{attribute}"
                    findings.append(Finding("XSD", text("XSD", detalle=detalle), path))
    return findings
