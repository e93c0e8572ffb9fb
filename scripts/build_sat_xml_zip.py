"""Build `resources/xsd/sat-xml.zip`: the schemas of CFDI 3.3/4.0 and of every complement.

Reads SAT's tree as mirrored in `../shared/sat/sat-xml/www.sat.gob.mx/sitio_internet/cfd/`
(phpcfdi/resources-sat-xml, Unlicense; the files are SAT's) and stores, byte for byte and
under the same relative paths, each schema named in `facturador.sat.validation.complements`
plus every schema they import (catalogs, tipos de datos), except `catalogos/catCFDI.xsd`:
validation serves `resources/xsd/catCFDI_light.xsd` in its place (see `build_light_xsd.py`).
Compressed (deflate), the 4.5 MB of text take about 0.4 MB in the installer.

The complement catalogs with huge enumerations (c_ClaveProdServCP, 48,757 values;
c_FraccionArancelaria, 26,045...) cost libxml2 a linear scan per value (0.4-0.9 ms per
document), so, as for catCFDI, those types become patterns in the stored XSD, and their values
go to `catalogos/enumeraciones.json` (catalog namespace -> type -> values), with
`catalogos/atributos.json` listing every complement attribute of such a type (namespace,
element, attribute, catalog namespace, type). `complement_catalogs.py` checks them.

Run: `uv run python scripts/build_sat_xml_zip.py [SAT_CFD_DIR]`.
"""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from build_light_xsd import pattern_for  # noqa: E402
from lxml import etree  # noqa: E402

from facturador.sat.validation.complements import CFDI_SCHEMAS, COMPLEMENTS  # noqa: E402

DEFAULT_SOURCE = REPO.parent / "shared/sat/sat-xml/www.sat.gob.mx/sitio_internet/cfd"
TARGET = REPO / "resources" / "xsd" / "sat-xml.zip"
SKIPPED = {"catalogos/catCFDI.xsd"}
LIGHT = ("catalogos/CartaPorte/catCartaPorte.xsd", "catalogos/ComExt/catComExt.xsd")
BIG = 200
XS = "{http://www.w3.org/2001/XMLSchema}"
_IMPORT = re.compile(rb'schemaLocation="([^"]+)"')


def _lighten(data: bytes) -> tuple[bytes, str, dict[str, list[str]]]:
    """The catalog with its big enumerations as patterns, its namespace and their values."""
    root = etree.fromstring(data)
    values: dict[str, list[str]] = {}
    for simple_type in root.iterfind(f"{XS}simpleType"):
        restriction = simple_type.find(f"{XS}restriction")
        enumerations = restriction.findall(f"{XS}enumeration") if restriction is not None else []
        if len(enumerations) <= BIG:
            continue
        values[simple_type.get("name")] = sorted(e.get("value") for e in enumerations)
        for enumeration in enumerations:
            restriction.remove(enumeration)
        etree.SubElement(restriction, f"{XS}pattern").set(
            "value", pattern_for(values[simple_type.get("name")])
        )
    note = f" Lightened by build_sat_xml_zip.py: enumerations over {BIG} values are in JSON. "
    root.insert(0, etree.Comment(note))
    light = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return light, root.get("targetNamespace"), values


def _typed_attributes(data: bytes, big: dict[str, dict[str, list[str]]]) -> list[list[str]]:
    """[namespace, element, attribute, catalog namespace, type] of attributes of a big type."""
    root = etree.fromstring(data)
    found = []
    for attribute in root.iter(f"{XS}attribute"):
        restriction = attribute.find(f"{XS}simpleType/{XS}restriction")
        qname = attribute.get("type") or (restriction.get("base") if restriction is not None
                                           else None)  # fmt: skip
        if not qname or ":" not in qname:
            continue
        prefix, name = qname.split(":", 1)
        namespace = attribute.nsmap.get(prefix)
        if namespace not in big or name not in big[namespace]:
            continue
        element = next(a for a in attribute.iterancestors(f"{XS}element"))
        found.append([root.get("targetNamespace"), element.get("name"), attribute.get("name"),
                      namespace, name])  # fmt: skip
    return found


def _closure(source: Path, roots: list[str]) -> list[str]:
    """`roots` and every schema they import, as paths relative to `source`."""
    seen: set[str] = set()
    pending = list(roots)
    while pending:
        relative = pending.pop()
        if relative in seen:
            continue
        seen.add(relative)
        folder = Path(relative).parent
        for location in _IMPORT.findall((source / relative).read_bytes()):
            target = (folder / location.decode()).as_posix()
            pending.append(_normalized(target))
    return sorted(seen - SKIPPED)


def _normalized(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    roots = [path for _, path in CFDI_SCHEMAS] + [c.xsd for c in COMPLEMENTS]
    files = _closure(source, roots)
    contents = {relative: (source / relative).read_bytes() for relative in files}
    big: dict[str, dict[str, list[str]]] = {}
    for relative in LIGHT:
        contents[relative], namespace, values = _lighten(contents[relative])
        big[namespace] = values
    attributes = [row for relative in files if not relative.startswith("catalogos/")
                  for row in _typed_attributes(contents[relative], big)]  # fmt: skip
    contents["catalogos/enumeraciones.json"] = json.dumps(big, ensure_ascii=False).encode()
    contents["catalogos/atributos.json"] = json.dumps(attributes, ensure_ascii=False).encode()
    with zipfile.ZipFile(TARGET, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for relative, data in sorted(contents.items()):
            info = zipfile.ZipInfo(relative, date_time=(2026, 4, 18, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    raw = sum((source / f).stat().st_size for f in files)
    packed = TARGET.stat().st_size
    print(f"{TARGET.name}: {len(files)} schemas, {raw // 1024} KB -> {packed // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
