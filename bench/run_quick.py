"""Run every bench once in quick mode (tiny round counts; figures not judged), for CI.

A bench that fails, or whose last line of output is not one JSON object, fails the run: a
broken bench (an import cycle, a renamed function) is found by CI, not by the next person
who wants a figure. Each bench runs in its own process, as a user would start it.

    uv run --group bench python bench/run_quick.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
TIMEOUT_S = 120


def benches() -> list[Path]:
    """Every bench script: bench/*.py except helpers (`_name.py`) and this runner."""
    return sorted(
        p
        for p in BENCH.glob("*.py")
        if not p.name.startswith("_") and p != Path(__file__).resolve()
    )


def _run(path: Path) -> tuple[bool, str, float]:
    env = {**os.environ, "FACTURADOR_BENCH_QUICK": "1", "QT_QPA_PLATFORM": "offscreen"}
    started = time.perf_counter()
    try:
        result = subprocess.run([sys.executable, str(path), "--quick"], capture_output=True,
                                text=True, env=env, cwd=BENCH.parent, timeout=TIMEOUT_S,
                                check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        return False, f"más de {TIMEOUT_S} s", time.perf_counter() - started
    elapsed = time.perf_counter() - started
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0:
        return False, (result.stderr.strip().splitlines() or ["sin salida"])[-1], elapsed
    try:
        parsed = json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        parsed = None
    if not isinstance(parsed, dict):
        return False, "la última línea no es un objeto JSON", elapsed
    return True, lines[-1], elapsed


def main() -> int:
    failed = 0
    total_started = time.perf_counter()
    for path in benches():
        ok, detail, elapsed = _run(path)
        failed += not ok
        print(f"{'ok ' if ok else 'FALLÓ'} {path.name} ({elapsed:.1f} s): {detail[:300]}")
    elapsed = time.perf_counter() - total_started
    print(f"{len(benches())} benchmarks, {failed} con error, {elapsed:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
