"""`facturador recibidos importar CARPETA --json` of 5,000 CFDIs in one process (SQLite).

The folder (tests/unit/services/recibidos_corpus.py): SAT's four samples, CFDI 4.0 invoices
issued to the company by CACX7605101P8 (20 sealed with that test CSD and stamped by the
sandbox, the rest copies with a new UUID), CFDI 3.3 invoices (10 signed, the rest copies),
copies with SAT's `xmlns:schemaLocation` defect, byte-identical duplicates and broken files.
The import runs through the CLI's `main` (output captured), then `recibidos listar --json`.

Prints one JSON line: `files`, `files_per_s` (target >= 300), `imported`, `duplicates`,
`errors`, `listed`, and whether every good one is listed once (`good_listed_once`) and every
bad one reported by name (`bad_named`). `--quick` (CI): 200 files, figures not judged.
`--postgresql`: into a fresh database of the server at FACTURADOR_TEST_PG_URL instead (an
office's shared database; `backend` says which).
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import tempfile
import time
from pathlib import Path

from _quick import rounds
from _timing import new_company

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from facturador.cli import main as cli  # noqa: E402
from facturador.models.engine import open_database  # noqa: E402
from facturador.services.context import Context  # noqa: E402
from facturador.services.secrets import MemorySecretStore  # noqa: E402
from tests.unit.models.databases import fresh_database  # noqa: E402
from tests.unit.services.recibidos_corpus import NOW, write_corpus  # noqa: E402

FILES = rounds(5_000, 200)


def _run(argv: list[str], ctx: Context) -> tuple[int, list[dict[str, object]]]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = cli(argv, ctx)
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


def main() -> int:
    backend = "postgresql" if "--postgresql" in sys.argv else "sqlite"
    with tempfile.TemporaryDirectory() as tmp, fresh_database(backend, Path(tmp)) as url:
        folder = Path(tmp) / "recibidos"
        corpus = write_corpus(folder, FILES)
        engine = open_database(url)
        new_company(engine)
        ctx = Context(engine, MemorySecretStore(), clock=lambda: NOW, data_dir_=Path(tmp))
        from facturador.sat.validation import validate_xml

        validate_xml(next(folder.glob("cfdi40_*.xml")).read_bytes())  # schemas load once
        started = time.perf_counter()
        _code, outcomes = _run(["recibidos", "importar", "--json", str(folder)], ctx)
        seconds = time.perf_counter() - started
        _code, listed = _run(["recibidos", "listar", "--json"], ctx)
        engine.dispose()
    uuids = [str(d["uuid"]) for d in listed]
    errors = sorted(str(d["archivo"]).rsplit("/", 1)[1] for d in outcomes
                    if d["resultado"] == "error" and d["mensaje"])  # fmt: skip
    result = {
        "backend": backend,
        "files": corpus.files,
        "files_per_s": round(corpus.files / seconds, 1),
        "seconds": round(seconds, 2),
        "imported": sum(1 for d in outcomes if d["resultado"] == "importado"),
        "duplicates": sum(1 for d in outcomes if d["resultado"] == "duplicado"),
        "errors": sum(1 for d in outcomes if d["resultado"] == "error"),
        "listed": len(listed),
        "versions": {v: sum(1 for d in listed if d["version"] == v) for v in ("4.0", "3.3")},
        "good_listed_once": sorted(uuids) == sorted(corpus.good) and len(set(uuids)) == len(uuids),
        "bad_named": errors == sorted(corpus.bad),
    }
    print(json.dumps(result))
    return 0 if result["good_listed_once"] and result["bad_named"] else 1


if __name__ == "__main__":
    sys.exit(main())
