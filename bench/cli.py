"""The command line in fresh processes, and many documents through one `emitir` process.

Median of RUNS runs, each a new process with PYTHONDONTWRITEBYTECODE=1 (as on CI), of
`facturador --help`, `facturador registros` (a company, no documents) and `facturador emitir`
of one 5-concept invoice (SAT's test CSD, --password-file). Then `facturador emitir` of a
folder of BATCH documents in one process (build + rules + seal + SAT's XSD + store + queue,
each in its own transaction), as documents per second of the whole process (start-up
included) and of the emission loop alone (start-up, i.e. the one-document run, taken out).
Also what SAT's XSD check (`check_sealed_xml`) costs per document, in-process.
Prints one JSON line; `*_best_s` is the fastest of the runs and `*_cpu_s` the median of
their CPU time (user + system), both less sensitive than the median wall time to a machine
shared with other work. The targets are judged on the medians.

Third-party packages are byte-compiled by `uv sync` (pyproject: compile-bytecode). Our own
package is an editable install, which uv does not compile, and PYTHONDONTWRITEBYTECODE=1
stops Python from caching it: the bench compiles `facturador/` first (`compileall`, as an
installed wheel or the bundle has it), and reports what a run without that costs
(`emitir_uncompiled_s`, one run).

    uv run python bench/cli.py [--quick]
"""

from __future__ import annotations

import copy
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._inputs import CSD_DIR, company_home, invoice_input
from bench._quick import QUICK, rounds

RUNS = rounds(10, 1)
BATCH = rounds(300, 5)
XSD_ROUNDS = rounds(2_000, 5)
TARGETS = {"help_s": 0.25, "registros_s": 0.5, "emitir_s": 0.6, "lote_docs_per_s": 100}


def _command() -> list[str]:
    script = Path(sys.executable).with_name("facturador")
    return [str(script)] if script.exists() else [sys.executable, "-m", "facturador"]


def _document() -> dict[str, object]:
    data = copy.deepcopy(invoice_input())
    for key in ("Folio", "Emisor", "LugarExpedicion"):
        data.pop(key)
    return data


CPU: dict[str, list[float]] = {}  # CPU seconds (user + system) of each run, per command


def _run(argv: list[str], env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [*_command(), *argv], env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    CPU.setdefault(argv[0], []).append(cpu)
    if result.returncode != 0:
        raise SystemExit(f"{argv[0]} failed: {result.stderr.strip()}")
    return elapsed


BEST: dict[str, float] = {}  # the fastest run of each command


def _median(argv: list[str], env: dict[str, str]) -> float:
    CPU.pop(argv[0], None)
    times = [_run(argv, env) for _ in range(RUNS)]
    BEST[argv[0]] = round(min(times), 3)
    return round(statistics.median(times), 3)


def _compile_ours(compiled: bool) -> None:
    import compileall
    import shutil

    package = Path(__file__).resolve().parent.parent / "facturador"
    if compiled:
        compileall.compile_dir(package, quiet=1)
        return
    for cache in package.rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)


def _xsd_check_ms() -> float:
    from datetime import UTC, datetime

    from facturador.sat.build import build_comprobante
    from facturador.sat.credentials import Credential
    from facturador.sat.sello import seal
    from facturador.sat.validation.sealed import check_sealed_xml

    credential = Credential.load((CSD_DIR / "certificate.cer").read_bytes(),
                                 (CSD_DIR / "private_key.key").read_bytes(),
                                 (CSD_DIR / "password.txt").read_text().strip(),
                                 now=datetime.now(UTC))  # fmt: skip
    xml = seal(build_comprobante(invoice_input(), fecha=datetime(2026, 11, 25, 10)), credential).xml
    check_sealed_xml(xml)  # compiles the schema once
    started = time.perf_counter()
    for _ in range(XSD_ROUNDS):
        check_sealed_xml(xml)
    return round((time.perf_counter() - started) * 1000 / XSD_ROUNDS, 3)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home, lote = Path(tmp) / "datos", Path(tmp) / "lote"
        lote.mkdir()
        company_home(home)
        env = {**os.environ, "FACTURADOR_HOME": str(home), "PYTHONDONTWRITEBYTECODE": "1"}
        one = Path(tmp) / "uno.json"
        one.write_text(json.dumps(_document()), encoding="utf-8")
        for n in range(BATCH):
            (lote / f"{n:04d}.json").write_text(json.dumps(_document()), encoding="utf-8")
        password = ["--password-file", str(CSD_DIR / "password.txt")]
        _compile_ours(False)
        uncompiled = round(_run(["emitir", str(one), *password], env), 3)
        _compile_ours(True)
        figures: dict[str, object] = {
            "help_s": _median(["--help"], env),
            "registros_s": _median(["registros"], env),
            "emitir_s": _median(["emitir", str(one), *password], env),
        }
        for name, key in (("help", "--help"), ("registros", "registros"), ("emitir", "emitir")):
            figures[f"{name}_best_s"] = BEST[key]
            figures[f"{name}_cpu_s"] = round(statistics.median(CPU[key]), 3)
        lote_s = _run(["emitir", str(lote), *password], env)
    figures["emitir_uncompiled_s"] = uncompiled
    startup = float(figures["emitir_s"])
    figures |= {
        "lote_documents": BATCH,
        "lote_s": round(lote_s, 3),
        "lote_docs_per_s": round(BATCH / lote_s, 1),
        "lote_loop_docs_per_s": round(BATCH / (lote_s - startup), 1) if lote_s > startup else None,
        "xsd_check_ms_per_doc": _xsd_check_ms(),
    }
    seconds = [float(figures[k]) <= TARGETS[k] for k in ("help_s", "registros_s", "emitir_s")]
    met = all(seconds) and float(figures["lote_docs_per_s"]) >= TARGETS["lote_docs_per_s"]
    print(json.dumps({"bench": "cli", "runs": RUNS, "quick": QUICK, **figures,
                      "targets": TARGETS, "targets_met": met}))  # fmt: skip


if __name__ == "__main__":
    main()
