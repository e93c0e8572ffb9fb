"""`facturador lote importar` of a 1,000-row file (300 documents), as CSV and as XLSX.

Each run is a fresh process on a fresh data dir with SAT's test company (password from
--password-file): read the file, check every row (catalogs, RFC, receptor rules, XSD),
then build, seal, check SAT's XSD on the sealed bytes, store and queue every document.
Prints one JSON line: documents per second of the whole command (start-up included) for
each format (median of RUNS runs), whether all 300 were emitted and queued with folios
1..300, and the time of the check alone (`--simular`). Target: >= 100 documents per second.

    uv run python bench/lote.py [--quick]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench._inputs import CSD_DIR, company_home  # noqa: E402
from bench._quick import QUICK, rounds  # noqa: E402
from tests.unit.services.batch_files import big_batch, write_csv, write_xlsx  # noqa: E402

RUNS = rounds(3, 1)
DOCUMENTS, ROWS = (300, 1_000) if not QUICK else (10, 34)
TARGET_DOCS_PER_S = 100


def _command() -> list[str]:
    script = Path(sys.executable).with_name("facturador")
    return [str(script)] if script.exists() else [sys.executable, "-m", "facturador"]


def _run(home: Path, *argv: str) -> tuple[float, dict[str, object]]:
    env = {**os.environ, "FACTURADOR_HOME": str(home)}
    started = time.perf_counter()
    result = subprocess.run([*_command(), "lote", "importar", *argv, "--json",
                             "--password-file", str(CSD_DIR / "password.txt")],
                            env=env, capture_output=True, text=True, check=False)  # fmt: skip
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"lote importar failed: {result.stderr.strip() or result.stdout[:500]}")
    return elapsed, json.loads(result.stdout)


def _queued_folios(home: Path) -> list[int]:
    env = {**os.environ, "FACTURADOR_HOME": str(home)}
    out = subprocess.run([*_command(), "registros", "--json", "--limite", "100000"], env=env,
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    rows = json.loads(out)
    return sorted(int(r["folio"]) for r in rows if r.get("estado") == "EN_COLA")


def _format(tmp: Path, name: str, path: Path) -> dict[str, object]:
    times, consecutive = [], True
    for n in range(RUNS):
        home = tmp / f"{name}-{n}"
        company_home(home)
        elapsed, result = _run(home, str(path))
        times.append(elapsed)
        folios = [d["folio"] for d in result["documentos"]]  # type: ignore[union-attr]
        consecutive &= folios == list(range(1, DOCUMENTS + 1))
        consecutive &= _queued_folios(home) == list(range(1, DOCUMENTS + 1))
    check_home = tmp / f"{name}-check"
    company_home(check_home)
    check_s, _ = _run(check_home, str(path), "--simular")
    wall = statistics.median(times)
    return {
        f"{name}_s": round(wall, 3),
        f"{name}_docs_per_s": round(DOCUMENTS / wall, 1),
        f"{name}_best_docs_per_s": round(DOCUMENTS / min(times), 1),
        f"{name}_simular_s": round(check_s, 3),
        f"{name}_all_queued_consecutive": consecutive,
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        table = big_batch(DOCUMENTS, ROWS)
        csv_path = write_csv(table, tmp / "lote.csv", encoding="cp1252", delimiter=";")
        xlsx_path = write_xlsx(table, tmp / "lote.xlsx")
        figures: dict[str, object] = {"bench": "lote", "rows": ROWS, "documents": DOCUMENTS,
                                      "runs": RUNS, "quick": QUICK}  # fmt: skip
        figures.update(_format(tmp, "csv", csv_path))
        figures.update(_format(tmp, "xlsx", xlsx_path))
        figures["target_docs_per_s"] = TARGET_DOCS_PER_S
        figures["meets_target"] = all(
            float(figures[f"{f}_docs_per_s"]) >= TARGET_DOCS_PER_S  # type: ignore[arg-type]
            for f in ("csv", "xlsx")
        )
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
