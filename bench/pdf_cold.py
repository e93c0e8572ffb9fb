"""The first PDF of a session, in fresh processes. Prints one JSON line.

`first_pdf_s` / `next_pdf_s`: `from facturador.pdf import render_pdf` and `render_pdf(xml)`
of a stamped 10-concept invoice in a fresh interpreter (the lazy imports of reportlab, segno
and num2words are part of the first), then of a second invoice; `first_pages_s` /
`next_pages_s`: rasterizing those PDFs with pdfium as the viewer does. `warmed_*`: the same
after `pdf_viewer.warm_up()` (what the GUI runs in a low-priority worker after start-up),
which takes `warmed_warm_up_s`. Medians of RUNS processes.

`gui_first_pdf_s` / `gui_next_pdf_s`: in a fresh GUI process (offscreen), from "Ver PDF" in
Registros to the pages shown, opened OPEN_AFTER_S seconds after the window is ready (the
user's first click; 3 s, or PDF_COLD_OPEN_AFTER_S), while the start-up's network work is
still going on: the company's PAC is a local port that never accepts (its SYNs are dropped,
as on a bad network), so the connection check and the queue pass hold worker threads until
their timeouts.
`gui_first_pdf_queued_s` is the part of the first spent waiting for a worker thread.

    uv run python bench/pdf_cold.py [--quick]
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

from bench._quick import rounds  # noqa: E402

RUNS = rounds(5, 1)
GUI_RUNS = rounds(3, 1)

_RENDER_CHILD = """
import json, sys, time
xml = [open(p, "rb").read() for p in sys.argv[1:3]]
times = []
if "--warm" in sys.argv:  # what the GUI does after start-up, in a low-priority worker
    start = time.perf_counter()
    from facturador.ui.dialogs.pdf_viewer import warm_up
    warm_up()
    times.append(time.perf_counter() - start)
for one in xml:
    start = time.perf_counter()
    from facturador.pdf import render_pdf  # the first imports reportlab (lazy attribute)
    pdf = render_pdf(one)
    rendered = time.perf_counter()
    from facturador.ui.dialogs.pdf_viewer import render_pages  # the GUI has it imported
    imported = time.perf_counter()
    render_pages(pdf)
    times += [rendered - start, time.perf_counter() - imported]
print(json.dumps(times))
"""


def _documents(folder: Path) -> list[Path]:
    from tests.unit.pdf.documents import add_timbre, load_credential, sealed_invoice

    credential = load_credential()
    paths = []
    for folio in (1, 2):
        path = folder / f"{folio}.xml"
        path.write_bytes(add_timbre(sealed_invoice(credential, 10, folio)))
        paths.append(path)
    return paths


def _child(args: list[str], env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().splitlines()[-1])
    return result.stdout.strip().splitlines()[-1]


def _render(documents: list[Path], *warm: str) -> dict[str, float]:
    names = ("first_pdf_s", "first_pages_s", "next_pdf_s", "next_pages_s")
    if warm:
        names = tuple(f"warmed_{n}" for n in ("warm_up_s", *names))
    args = ["-c", _RENDER_CHILD, *map(str, documents), *warm]
    runs = [json.loads(_child(args)) for _ in range(RUNS)]
    return {n: round(statistics.median(r[i] for r in runs), 3) for i, n in enumerate(names)}


def _gui(folder: Path) -> dict[str, float]:
    home = folder / "home"
    _child(["-m", "bench._pdf_cold_gui", "setup"], {"FACTURADOR_HOME": str(home)})
    runs = []
    for n in range(GUI_RUNS):
        copy = folder / f"home{n}"
        subprocess.run(["cp", "-r", str(home), str(copy)], check=True)
        runs.append(
            json.loads(
                _child(["-m", "bench._pdf_cold_gui", "open"], {"FACTURADOR_HOME": str(copy)})
            )
        )
    return {k: round(statistics.median(r[k] for r in runs), 3) for k in runs[0]}


def main() -> None:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="pdf-cold-") as tmp:
        folder = Path(tmp)
        documents = _documents(folder)
        report: dict[str, object] = {"bench": "pdf_cold", **_render(documents)}
        report.update(_render(documents, "--warm"))
        report.update(_gui(folder))
    report["load_average_1m"] = round(os.getloadavg()[0], 2)
    report["bench_s"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
