"""Registros CFDI over 100,000 stored documents: first page, filters and a sort (SQLite).

Prints one JSON line with the median of 5 runs of each operation, in milliseconds.
"""

from __future__ import annotations

import json
import random
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from _quick import rounds
from _timing import median_ms, new_company
from sqlalchemy import insert

from facturador.models.engine import open_database, read_session, sqlite_url, write_session
from facturador.models.repositories import DocumentFilter, count_documents, list_documents
from facturador.models.tables import Documento

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


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = open_database(sqlite_url(Path(folder) / "bench.sqlite3"))
        empresa_id = new_company(engine)
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
            "first_page_ms": median_ms(page()),
            "filter_rfc_ms": median_ms(page(DocumentFilter(empresa_id=empresa_id,
                                                            rfc_receptor=RFCS[42]))),
            "filter_dates_ms": median_ms(page(may)),
            "filter_state_ms": median_ms(page(DocumentFilter(empresa_id=empresa_id,
                                                              states=("EN_COLA",)))),
            "sort_total_ms": median_ms(page(order_by="total")),
        }  # fmt: skip
        engine.dispose()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
