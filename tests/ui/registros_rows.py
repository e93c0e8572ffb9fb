"""Documents in Registros' table without the PAC: bulk rows in states the queue never sends."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import insert

from facturador.models.engine import write_session
from facturador.models.repositories import active_empresa
from facturador.models.tables import Documento

STATES = ("TIMBRADO", "CANCELADO", "RECHAZADO", "BORRADOR")  # none the queue would send


def insert_documents(services, first: int, n: int, start: datetime) -> None:
    with write_session(services.engine) as session:
        empresa_id = active_empresa(session).id
        rows = [
            {
                "empresa_id": empresa_id,
                "state": STATES[i % len(STATES)],
                "tipo": "I",
                "serie": "B",
                "folio": i + 1,
                "uuid": f"{i:08d}-0000-4000-8000-000000000000" if i % 4 < 2 else None,
                "fecha": start + timedelta(hours=i - first),
                "rfc_receptor": "CACX7605101P8",
                "nombre_receptor": f"CLIENTE {i}",
                "total": Decimal(100 + i),
                "moneda": "MXN",
                "last_error_code": "CFDI40147" if STATES[i % len(STATES)] == "RECHAZADO" else None,
            }
            for i in range(first, first + n)
        ]
        session.execute(insert(Documento), rows)
        session.commit()


def registros_with(qtbot, window, rows: int):
    page = window.show_page("registros")
    page.model.reload()
    qtbot.waitUntil(lambda: page.model.idle and page.model.rowCount() == rows)
    return page
