"""Build `resources/xsd/sat-xml.zip`: the schemas of CFDI 3.3/4.0 and of every complement.

Reads SAT's tree as mirrored in `../shared/sat/sat-xml/www.sat.gob.mx/sitio_internet/cfd/`
(phpcfdi/resources-sat-xml, Unlicense; the files are SAT's) and stores, byte for byte and
under the same relative paths, each schema named in `facturador.sat.validation.complements`
plus every schema they import (catalogs, tipos de datos), except `catalogos/catCFDI.xsd`:
validation serves `resources/xsd/catCFDI_light.xsd` in its place (see `build_light_xsd.py`).
Compressed (deflate), the 4.5 MB of text take about 0.4 MB in the installer.

Run: `uv run python scripts/build_sat_xml_zip.py [SAT_CFD_DIR]`.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from facturador.sat.validation.complements import CFDI_SCHEMAS, COMPLEMENTS  # noqa: E402

DEFAULT_SOURCE = REPO.parent / "shared/sat/sat-xml/www.sat.gob.mx/sitio_internet/cfd"
TARGET = REPO / "resources" / "xsd" / "sat-xml.zip"
SKIPPED = {"catalogos/catCFDI.xsd"}
_IMPORT = re.compile(rb'schemaLocation="([^"]+)"')


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
    with zipfile.ZipFile(TARGET, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for relative in files:
            info = zipfile.ZipInfo(relative, date_time=(2026, 4, 18, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (source / relative).read_bytes())
    raw = sum((source / f).stat().st_size for f in files)
    packed = TARGET.stat().st_size
    print(f"{TARGET.name}: {len(files)} schemas, {raw // 1024} KB -> {packed // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
