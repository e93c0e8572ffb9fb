"""The in-process part of bench/gui.py: Registros over 100,000 documents and the GUI's
longest stall while the queue drains 500 documents. Run through `bench/gui.py`."""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from facturador.services import company_setup, queue_status

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench._quick import rounds  # noqa: E402

DOCUMENTS = rounds(100_000, 1_000)
QUEUED = rounds(500, 10)
OPEN_TARGET_MS = 200
BLOCK_TARGET_MS = 100
STATES = ["TIMBRADO"] * 8 + ["CANCELADO", "RECHAZADO"]


def _bulk(engine, empresa_id: int) -> None:
    from sqlalchemy import insert

    from facturador.models.engine import write_session
    from facturador.models.tables import Documento

    rng = random.Random(7)
    start = datetime(2025, 1, 1)
    rows = [
        {
            "empresa_id": empresa_id,
            "state": rng.choice(STATES),
            "tipo": "I",
            "serie": "Z",
            "folio": n + 1,
            "fecha": start + timedelta(minutes=7 * n),
            "rfc_receptor": f"XAX{n % 2_000:06d}AB{n % 10}",
            "nombre_receptor": f"CLIENTE {n % 2_000}",
            "total": Decimal(rng.randint(100, 10_000_000)) / 100,
            "moneda": "MXN",
        }
        for n in range(DOCUMENTS)
    ]
    with write_session(engine) as session:
        session.execute(insert(Documento), rows)
        session.commit()


def _wait(app, until: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not until():
        app.processEvents()
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not answer")


def measure() -> dict[str, object]:  # noqa: PLR0915 - one scenario, in order
    from PySide6.QtCore import QElapsedTimer, QTimer

    from facturador.services.context import Context
    from facturador.services.secrets import MemorySecretStore
    from facturador.ui.app import create_app
    from facturador.ui.main_window import MainWindow
    from facturador.ui.workers import wait_idle

    app = create_app([])
    services = Context(secrets_=MemorySecretStore())
    company = company_setup.create_demo_company(services)
    _bulk(services.engine, company.id)
    window = MainWindow(services)
    window.resize(1440, 880)
    window.show()
    window.start()
    _wait(app, lambda: window.is_ready)
    window.queue_runner.stop()
    wait_idle()

    started = time.perf_counter()
    page = window.show_page("registros")
    _wait(app, lambda: page.model.rowCount() > 0)
    app.processEvents()
    open_ms = (time.perf_counter() - started) * 1000

    filters = [
        lambda: page.state_combo.setCurrentIndex(3),  # Rechazados
        lambda: page.state_combo.setCurrentIndex(0),
        lambda: (page.client_edit.setText("XAX000042AB2"), page.apply_filters()),
        lambda: (
            page.client_edit.clear(),
            page.text_edit.setText("cliente 1999"),
            page.apply_filters(),
        ),
        lambda: (page.text_edit.clear(), page.apply_filters()),
    ]
    times = []
    loaded: list[int] = []
    page.model.loaded.connect(lambda: loaded.append(1))
    for change in filters:
        loaded.clear()
        started = time.perf_counter()
        change()
        _wait(app, lambda: bool(loaded))
        app.processEvents()
        times.append((time.perf_counter() - started) * 1000)

    # the queue: 500 sealed documents, drained by the runner while the GUI ticks
    from facturador.services.issuing import issue

    template = _invoice(company)
    for _ in range(QUEUED):
        issue(services, template)
    clock = QElapsedTimer()
    gaps: list[int] = []
    last = [0]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    clock.start()
    timer.start()
    window.queue_runner.sync_now()
    drain_started = time.perf_counter()

    def drained() -> bool:
        return queue_status.queue_summary(services).waiting == 0 and not window.queue_runner.running

    _wait(app, drained, timeout=600)
    drain_s = time.perf_counter() - drain_started
    timer.stop()
    window.status.stop()
    window.close()
    wait_idle()
    block = max(gaps[1:]) - 10 if len(gaps) > 1 else 0
    return {
        "registros_documents": DOCUMENTS,
        "registros_open_ms": round(open_ms, 1),
        "registros_filter_ms": round(statistics.median(times), 1),
        "registros_filter_max_ms": round(max(times), 1),
        "max_ui_block_ms": block,
        "queue_drained": QUEUED,
        "queue_drain_s": round(drain_s, 2),
        "registros_ok": open_ms < OPEN_TARGET_MS and statistics.median(times) < OPEN_TARGET_MS,
        "ui_block_ok": block < BLOCK_TARGET_MS,
    }


def _invoice(company) -> dict[str, object]:
    return {
        "Serie": "A",
        "TipoDeComprobante": "I",
        "Exportacion": "01",
        "FormaPago": "03",
        "MetodoPago": "PUE",
        "Moneda": "MXN",
        "Receptor": {
            "Rfc": "CACX7605101P8",
            "Nombre": "XOCHILT CASAS CHAVEZ",
            "DomicilioFiscalReceptor": "36257",
            "RegimenFiscalReceptor": "612",
            "UsoCFDI": "G03",
        },
        "Conceptos": [
            {
                "ClaveProdServ": "01010101",
                "Cantidad": "2",
                "ClaveUnidad": "H87",
                "Descripcion": "Venta",
                "ValorUnitario": "500.00",
                "ObjetoImp": "02",
                "Impuestos": {
                    "Traslados": [
                        {"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.160000"}
                    ]
                },
            }
        ],
    }
