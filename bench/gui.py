"""GUI cold start: process start to the main window shown (offscreen). Prints one JSON line.

Also, in a second process (bench/_gui_documents.py): Registros CFDI over 100,000 stored documents
(bulk-inserted as bench/registros.py does) — `registros_open_ms`, the time from opening the
page to its first page of rows shown in the view, and `registros_filter_ms`, the median time
from changing a filter (estado, RFC, texto, fechas) to the filtered rows shown — and
`max_ui_block_ms`, the longest stall of the GUI event loop (a QTimer ticking every 10 ms,
minus the 10 ms) while the queue runner drains 500 queued documents (demo company, sandbox
stamper in-process, Registros open and following the queue).

Launches `python -c "from facturador.ui.app import run; run()"` with
FACTURADOR_STARTUP_PROBE=1, which makes the app print the wall-clock time when the window is
first shown and when the database is open and the company shown, then quit. The time is
measured from just before the process is spawned. Each run uses a data dir that already
holds a migrated database (the normal case after the first start); the best and median of
RUNS runs are reported.

    uv run python bench/gui.py [--quick]   (--quick: one run, few documents; not judged)
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

from _quick import rounds

RUNS = rounds(5, 1)
TARGET_S = 1.5
CODE = "from facturador.ui.app import run; raise SystemExit(run())"
DOCUMENTS_CODE = (
    "import json; from bench._gui_documents import measure; print(json.dumps(measure()))"
)


def _one(env: dict[str, str]) -> tuple[float, float]:
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", CODE],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    events: dict[str, float] = {}
    for line in out.stdout.splitlines():
        if line.startswith("{"):
            events.update(json.loads(line))
    return events["shown_at"] - start, events["ready_at"] - start


def _documents(env: dict[str, str]) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", DOCUMENTS_CODE],
        check=False,
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def main() -> None:
    home = tempfile.mkdtemp(prefix="facturador-bench-gui-")
    env = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", FACTURADOR_STARTUP_PROBE="1", FACTURADOR_HOME=home
    )
    _one(env)  # first start: creates and migrates the database, warms the disk cache
    shown, ready = zip(*(_one(env) for _ in range(RUNS)), strict=True)
    documents_env = dict(env, FACTURADOR_HOME=tempfile.mkdtemp(prefix="facturador-bench-docs-"))
    documents_env.pop("FACTURADOR_STARTUP_PROBE")
    documents = _documents(documents_env)
    print(
        json.dumps(
            {
                "bench": "gui_cold_start",
                "cold_start_s": round(statistics.median(shown), 3),
                "cold_start_best_s": round(min(shown), 3),
                "ready_s": round(statistics.median(ready), 3),
                "runs": RUNS,
                "target_s": TARGET_S,
                "ok": statistics.median(shown) < TARGET_S,
                **documents,
            }
        )
    )


if __name__ == "__main__":
    main()
