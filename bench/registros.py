"""Registros CFDI over 100,000 stored documents: first page, filters and a sort (SQLite).

Prints one JSON line with the median of 5 runs of each operation, in milliseconds.
"""

from __future__ import annotations

import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from _quick import rounds
from sqlalchemy import insert

from facturador.models.engine import open_database, read_session, sqlite_url, write_session
from facturador.models.repositories import DocumentFilter, count_documents, list_documents
from facturador.models.tables import Documento, Empresa

DOCUMENTS = rounds(100_000, 1_000)
STATES = ["TIMBRADO"] * 8 + ["EN_COLA", "CANCELADO", "RECHAZADO"]
RFCS = [f"XAX{n:06d}AB{n % 10}" for n in range(2_000)]


def _fill(engine, empresa_id: int) -> None:
    rng = random.Random(7)
    start = datetime(2025, 1, 1)
    rows = [
        {
            "empresa_id": empresa_id,
            "state": rng.choice(STATES),
            "tipo": "I",
            "serie": "A",
            "folio": n + 1,
            "fecha": start + timedelta(minutes=7 * n),
            "rfc_receptor": rng.choice(RFCS),
            "nombre_receptor": f"CLIENTE {n % 2_000}",
            "total": Decimal(rng.randint(100, 10_000_000)) / 100,
            "moneda": "MXN",
        }
        for n in range(DOCUMENTS)
    ]
    with write_session(engine) as session:
        session.execute(insert(Documento), rows)
        session.commit()


def _median_ms(operation: Callable[[], object]) -> float:
    times = []
    for _ in range(rounds(5)):
        start = time.perf_counter()
        operation()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(sqlite_url(Path(folder) / "bench.sqlite3"))
        with write_session(engine) as session:
            empresa = Empresa(
                rfc="EKU9003173C9", nombre="E", regimen_fiscal="601", lugar_expedicion="42501"
            )
            session.add(empresa)
            session.commit()
            empresa_id = empresa.id
        assert empresa_id is not None
        _fill(engine, empresa_id)
        everything = DocumentFilter(empresa_id=empresa_id)

        def page(flt: DocumentFilter = everything, **kwargs: object) -> Callable[[], object]:
            def run() -> object:
                with read_session(engine) as session:
                    return (list_documents(session, flt, limit=100, **kwargs),
                            count_documents(session, flt))  # fmt: skip

            return run

        may = DocumentFilter(
            empresa_id=empresa_id, since=datetime(2025, 5, 1), until=datetime(2025, 6, 1)
        )
        result = {
            "documents": DOCUMENTS,
            "first_page_ms": _median_ms(page()),
            "filter_rfc_ms": _median_ms(page(DocumentFilter(empresa_id=empresa_id,
                                                            rfc_receptor=RFCS[42]))),
            "filter_dates_ms": _median_ms(page(may)),
            "filter_state_ms": _median_ms(page(DocumentFilter(empresa_id=empresa_id,
                                                              states=("EN_COLA",)))),
            "sort_total_ms": _median_ms(page(order_by="total")),
        }  # fmt: skip
        engine.dispose()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
