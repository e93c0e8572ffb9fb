"""Copy SAT's cadena original stylesheets of CFDI 3.3 and 3.2 into `resources/xslt/`.

Each stylesheet's `xsl:include/@href` is rewritten to name a sibling file, as was done for
`cadenaoriginal_4_0.xslt`; the included stylesheets are copied unchanged (a file that is
already there must be byte-identical, or the script stops). Source: SAT's tree as mirrored
in `../shared/sat/sat-xml/` (phpcfdi/resources-sat-xml, Unlicense; the files are SAT's).

Run: `uv run python scripts/copy_cadena_xslt.py`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO.parent / "shared/sat/sat-xml/www.sat.gob.mx/sitio_internet/cfd"
TARGET = REPO / "resources" / "xslt"
STYLESHEETS = ("3/cadenaoriginal_3_3/cadenaoriginal_3_3.xslt",
               "3/cadenaoriginal_3_2/cadenaoriginal_3_2.xslt")  # fmt: skip
_INCLUDE = re.compile(rb'(<xsl:include\s+href=")([^"]+)(")')


def _copy_included(folder: Path, href: str) -> str:
    source = (folder / href).resolve()
    target = TARGET / source.name
    data = source.read_bytes()
    if target.exists() and target.read_bytes() != data:
        raise SystemExit(f"{target.name}: differs from {source}")
    target.write_bytes(data)
    return source.name


def main() -> int:
    for relative in STYLESHEETS:
        path = SOURCE / relative
        data = path.read_bytes()

        def sibling(match: re.Match[bytes], folder: Path = path.parent) -> bytes:
            name = _copy_included(folder, match.group(2).decode())
            return match.group(1) + name.encode() + match.group(3)

        (TARGET / path.name).write_bytes(_INCLUDE.sub(sibling, data))
        print(path.name, "copied")
    return 0


if __name__ == "__main__":
    sys.exit(main())
