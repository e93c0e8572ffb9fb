"""The GUI part of bench/pdf_cold.py, each mode in its own fresh process.

`setup`: the demo company in FACTURADOR_HOME with two stamped invoices and one queued.
`open`: start the main window on that data with the company's PAC at a local port that
never accepts, wait OPEN_AFTER_S after it is ready, open the first invoice's PDF from
Registros and then the second's; print their times as one JSON line.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OPEN_AFTER_S = float(os.environ.get("PDF_COLD_OPEN_AFTER_S", "3"))  # 0: click at "ready"


def setup() -> None:
    from bench._gui_documents import _invoice
    from facturador.services.company_setup import create_demo_company
    from facturador.services.context import Context
    from facturador.services.issuing import issue
    from facturador.services.secrets import MemorySecretStore
    from facturador.services.sync import sync_active

    ctx = Context(secrets_=MemorySecretStore())
    company = create_demo_company(ctx)
    for _ in range(2):
        issue(ctx, _invoice(company))
    outcome = sync_active(ctx, user_asked=True)
    assert outcome is not None
    assert len(outcome.stamping.stamped) == 2
    issue(ctx, _invoice(company))  # stays queued: the start-up pass will try to send it
    print("{}")


def _black_hole() -> tuple[socket.socket, list[socket.socket], int]:
    """A listening port whose accept queue is full: new connections hang until timeout."""
    hole = socket.socket()
    hole.bind(("127.0.0.1", 0))
    hole.listen(0)
    port = hole.getsockname()[1]
    fillers = []
    for _ in range(3):
        filler = socket.socket()
        filler.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            filler.connect(("127.0.0.1", port))
        fillers.append(filler)
    time.sleep(0.2)
    return hole, fillers, port


def open_pdfs() -> None:
    hole, fillers, port = _black_hole()

    from bench._gui_documents import _wait
    from facturador.models.engine import write_session
    from facturador.models.repositories import active_empresa
    from facturador.services.context import Context
    from facturador.services.pac_clients import pac_secret_key
    from facturador.services.secrets import SERVICE, MemorySecretStore
    from facturador.ui.app import create_app
    from facturador.ui.main_window import MainWindow
    from facturador.ui.workers import wait_idle

    app = create_app([])
    services = Context(secrets_=MemorySecretStore())
    with write_session(services.engine) as session:
        empresa = active_empresa(session)
        empresa.pac_provider = "finkok"
        empresa.pac_environment = "pruebas"
        empresa.pac_url = f"http://127.0.0.1:{port}"
        session.add(empresa)
        session.commit()
    for name, value in (("username", "demo@example.com"), ("password", "secreto")):
        services.secrets.set(SERVICE, pac_secret_key("finkok", "EKU9003173C9", name), value)
    window = MainWindow(services)
    window.show()
    window.start()
    _wait(app, lambda: window.is_ready)
    until = time.perf_counter() + OPEN_AFTER_S
    _wait(app, lambda: time.perf_counter() > until)
    page = window.show_page("registros")
    _wait(app, lambda: page.model.rowCount() > 0)
    started_work: list[float] = []
    from facturador.ui.dialogs import pdf_viewer

    produce = pdf_viewer.document_pdf

    def timed(context: Context, documento_id: int) -> bytes:
        started_work.append(time.perf_counter())
        return produce(context, documento_id)

    pdf_viewer.document_pdf = timed
    stamped = [r for r in range(page.model.rowCount()) if page.model.row_at(r).state == "TIMBRADO"]
    times, queued = [], []
    for row in stamped[:2]:
        page.table.selectRow(row)
        start = time.perf_counter()
        page.view_pdf()
        _wait(app, lambda: page.dialog.ready, timeout=120)
        times.append(time.perf_counter() - start)
        queued.append(started_work[-1] - start)
        page.dialog.close()
    window.queue_runner.cancel()
    window.status.stop()
    window.close()
    wait_idle(60_000)
    hole.close()
    for filler in fillers:
        filler.close()
    print(
        json.dumps(
            {
                "gui_first_pdf_s": times[0],
                "gui_first_pdf_queued_s": queued[0],
                "gui_next_pdf_s": times[1],
            }
        )
    )


if __name__ == "__main__":
    {"setup": setup, "open": open_pdfs}[sys.argv[1]]()
