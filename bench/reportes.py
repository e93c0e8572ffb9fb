"""The three reports and Inicio over 100,000 documents of one company (SQLite).

The documents span two years (about 4,200 a month): PUE and PPD ingresos (one in ten in
USD), egresos, payment receipts paying PPD invoices in parts, a share cancelled, each with
its stored report figures (the rows sealing writes: models.report_figures). Prints one JSON
line with the median of 5 runs of each report, in milliseconds; each must be < 300 ms.
Receipts pay a third of an invoice each, so most PPD invoices still owe (about 17,000 open:
more than a real book has); `cobranza_all_invoices_ms` lists all of them (the exports do),
`cobranza_one_client_ms` one client's (what the page opens).
"""

from __future__ import annotations

import json
import random
import tempfile
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from _quick import rounds
from _timing import median_ms, new_company
from sqlalchemy import insert, select

from facturador.models.engine import open_database, sqlite_url, write_session
from facturador.models.tables import Documento, DocumentoImpuesto, PagoAplicado
from facturador.services.context import Context
from facturador.services.reports import dashboard, parse_month
from facturador.services.reports_cobranza import receivable_invoices, receivables_report
from facturador.services.reports_iva import iva_report
from facturador.services.reports_ventas import sales_report

DOCUMENTS = rounds(100_000, 2_000)
START = datetime(2025, 1, 1)
SPAN_MINUTES = 2 * 365 * 24 * 60
RFCS = [f"XAX{n:06d}AB{n % 10}" for n in range(2_000)]
STATES = ["TIMBRADO"] * 18 + ["CANCELADO", "CANCELACION_EN_PROCESO"]
CENT = Decimal("0.01")


def _documents(rng: random.Random, empresa_id: int) -> list[dict[str, object]]:
    rows = []
    for n in range(DOCUMENTS):
        fecha = START + timedelta(minutes=SPAN_MINUTES * n // DOCUMENTS)
        kind = rng.random()
        tipo = "P" if kind < 0.15 else "E" if kind < 0.20 else "I"
        usd = tipo == "I" and rng.random() < 0.1
        tc = Decimal("17.50") if usd else None
        importe = Decimal(rng.randint(10_000, 5_000_000)) / 100 if tipo != "P" else Decimal(0)
        total = (importe * Decimal("1.16")).quantize(CENT)
        rows.append({
            "empresa_id": empresa_id, "state": rng.choice(STATES), "tipo": tipo,
            "serie": tipo, "folio": n + 1, "uuid": str(uuid.UUID(int=rng.getrandbits(128))).upper(),
            "fecha": fecha, "rfc_receptor": rng.choice(RFCS), "nombre_receptor": f"CLIENTE {n}",
            "total": total, "moneda": "USD" if usd else "MXN", "tipo_cambio": tc,
            "metodo_pago": None if tipo == "P" else "PPD" if rng.random() < 0.3 else "PUE",
            "importe_mxn": (importe * (tc or 1)).quantize(CENT),
            "total_mxn": (total * (tc or 1)).quantize(CENT),
        })  # fmt: skip
    return rows


def _figures(rng: random.Random, empresa_id: int, docs: list[tuple]) -> tuple[list, list]:
    taxes: list[dict[str, object]] = []
    applied: list[dict[str, object]] = []
    ppd = [d for d in docs if d.tipo == "I" and d.metodo_pago == "PPD"]
    for d in docs:
        ids = {"documento_id": d.id, "empresa_id": empresa_id}
        if d.tipo != "P":
            base = d.importe_mxn
            taxes.append({**ids, "origen": "D", "kind": "T", "impuesto": "002",
                          "tipo_factor": "Tasa", "tasa": "0.160000", "base_mxn": base,
                          "importe_mxn": (base * Decimal("0.16")).quantize(CENT)})  # fmt: skip
            if rng.random() < 0.1:
                taxes.append({**ids, "origen": "D", "kind": "R", "impuesto": "001",
                              "tipo_factor": "Tasa", "tasa": "0.100000", "base_mxn": base,
                              "importe_mxn": (base / 10).quantize(CENT)})  # fmt: skip
            continue
        invoice = rng.choice(ppd)  # a part (a third) of an invoice, some days later
        fecha = invoice.fecha + timedelta(days=rng.randint(1, 60))
        base = (invoice.importe_mxn / 3).quantize(CENT)
        applied.append({**ids, "uuid": invoice.uuid, "moneda": invoice.moneda,
                        "importe": (invoice.total / 3).quantize(CENT), "fecha": fecha,
                        "num_parcialidad": 1})  # fmt: skip
        taxes.append({**ids, "origen": "P", "kind": "T", "impuesto": "002", "tipo_factor": "Tasa",
                      "tasa": "0.160000", "base_mxn": base, "fecha_pago": fecha,
                      "importe_mxn": (base * Decimal("0.16")).quantize(CENT),
                      "uuid_dr": invoice.uuid})  # fmt: skip
    return taxes, applied


def _fill(engine, empresa_id: int) -> None:
    rng = random.Random(11)
    with write_session(engine) as session:
        session.execute(insert(Documento), _documents(rng, empresa_id))
        docs = session.execute(
            select(Documento.id, Documento.tipo, Documento.metodo_pago, Documento.uuid,
                   Documento.fecha, Documento.moneda, Documento.total, Documento.importe_mxn)
        ).all()  # fmt: skip
        taxes, applied = _figures(rng, empresa_id, docs)
        session.execute(insert(DocumentoImpuesto), taxes)
        session.execute(insert(PagoAplicado), applied)
        session.commit()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(sqlite_url(Path(folder) / "bench.sqlite3"))
        empresa_id = new_company(engine)
        _fill(engine, empresa_id)
        now = datetime(2026, 6, 20, 18, 0, tzinfo=UTC)
        ctx = Context(engine, clock=lambda: now, data_dir_=Path(folder))
        mes = parse_month("2026-06")

        def timed(operation: Callable[[], object]) -> float:
            return median_ms(operation, warm=True)  # the first run reads the pages from disk

        result = {
            "documents": DOCUMENTS,
            "ventas_ms": timed(lambda: sales_report(ctx, mes)),
            "iva_ms": timed(lambda: iva_report(ctx, mes)),
            "cobranza_ms": timed(lambda: receivables_report(ctx, mes.end)),
            "cobranza_one_client_ms": timed(lambda: receivable_invoices(ctx, mes.end, RFCS[42])),
            "cobranza_all_invoices_ms": timed(lambda: receivable_invoices(ctx, mes.end)),
            "inicio_ms": timed(lambda: dashboard(ctx)),
            "cobranza_clients": len(receivables_report(ctx, mes.end).clients),
            "cobranza_open_invoices": len(receivable_invoices(ctx, mes.end)),
        }
        engine.dispose()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
