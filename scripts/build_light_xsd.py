"""Build `resources/xsd/catCFDI_light.xsd`: SAT's catCFDI.xsd without its big enumerations.

SAT's catCFDI.xsd is 5 MB of `xs:enumeration`s (c_ClaveProdServ, c_CodigoPostal, ...);
compiling it takes ~0.15 s and validating a document against it ~3 ms. The validator
(`facturador.sat.validation`) checks membership of those catalogs against the SQLite
catalogs instead (with the SAT codes CFDI40162, CFDI40126, ...), so the schema only needs
the lexical shape of each value.

Every simple type with more than `BIG` enumerations becomes its `xs:string` base with the
`whiteSpace` facet kept and a pattern derived from the values (all the values of these types
are fixed-width digits or letters, so the pattern is exact about length and alphabet). Small
enumerations (c_FormaPago, c_UsoCFDI, ...) are kept as they are.

Values the XSD lists but the SQLite catalog of the same name does not (for example 233
ClaveProdServ codes that SAT's XSD still enumerates) are written to the type's
`xs:annotation/xs:appinfo`, one per line, so the rules can still accept them: the XSD is the
authority for membership, SQLite adds the validity dates.

Run: `uv run python scripts/build_light_xsd.py` (reads resources/xsd/catCFDI.xsd and
resources/catalogs.sqlite; rewrites resources/xsd/catCFDI_light.xsd).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from facturador.sat.catalogs import UnknownCatalogError, default_catalogs  # noqa: E402

XS_NS = "http://www.w3.org/2001/XMLSchema"
XS = f"{{{XS_NS}}}"
BIG = 50
SOURCE = REPO / "resources" / "xsd" / "catCFDI.xsd"
TARGET = REPO / "resources" / "xsd" / "catCFDI_light.xsd"


def pattern_for(values: list[str]) -> str:
    """The narrowest simple pattern (alphabet and length range) that every value matches."""
    lengths = sorted({len(v) for v in values})
    if all(v.isdigit() for v in values):
        alphabet = "[0-9]"
    elif all(re.fullmatch(r"[A-Z0-9]+", v) for v in values):
        alphabet = "[A-Z0-9]"
    elif all(re.fullmatch(r"[A-Za-z0-9]+", v) for v in values):
        alphabet = "[A-Za-z0-9]"
    else:
        alphabet = "[^|]"  # catch-all, never reached with SAT's current catalogs
    if lengths[0] == lengths[-1]:
        return f"{alphabet}{{{lengths[0]}}}"
    return f"{alphabet}{{{lengths[0]},{lengths[-1]}}}"


def lighten(simple_type: etree._Element, known: frozenset[str] | None) -> None:
    restriction = simple_type.find(f"{XS}restriction")
    values = [e.get("value") for e in restriction.iterfind(f"{XS}enumeration")]
    for enumeration in restriction.findall(f"{XS}enumeration"):
        restriction.remove(enumeration)
    pattern = etree.SubElement(restriction, f"{XS}pattern")
    pattern.set("value", pattern_for(values))
    extra = sorted(set(values) - known) if known is not None else []
    if extra:
        annotation = etree.Element(f"{XS}annotation")
        appinfo = etree.SubElement(annotation, f"{XS}appinfo")
        appinfo.text = "\n" + "\n".join(extra) + "\n"
        simple_type.insert(0, annotation)


def main() -> int:
    tree = etree.parse(str(SOURCE))
    catalogs = default_catalogs()
    for simple_type in tree.getroot().iterfind(f"{XS}simpleType"):
        restriction = simple_type.find(f"{XS}restriction")
        if len(restriction.findall(f"{XS}enumeration")) <= BIG:
            continue
        try:
            known: frozenset[str] | None = catalogs.keys(simple_type.get("name"))
        except UnknownCatalogError:
            known = None
        lighten(simple_type, known)
    comment = etree.Comment(
        " Derived from SAT's catCFDI.xsd by scripts/build_light_xsd.py: enumerations with more"
        f" than {BIG} values became patterns; membership is checked against the SQLite catalogs. "
    )
    tree.getroot().insert(0, comment)
    etree.indent(tree, space=" ")
    TARGET.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n")
    print(f"wrote {TARGET.relative_to(REPO)} ({TARGET.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
