"""What the checks of issue 24 cost: a verified backup (copy + integrity_check + sanity
queries) and the start-up/daily `PRAGMA quick_check`, over a SQLite database of 20,000
documents with their sealed and stamped XML (about 4 KB each, ~170 MB in all).

Prints one JSON line: database size, and the median of 3 runs of each, in milliseconds.
`--rapido` uses 500 documents (CI: that the bench runs, not its figures).
"""

from __future__ import annotations

import json
import tempfile
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from _quick import rounds
from _timing import median_ms, new_company
from sqlalchemy import insert

from facturador.models.damage import quick_check
from facturador.models.engine import open_database, sqlite_url, write_session
from facturador.models.tables import Documento
from facturador.services.backups import create_backup

XML = b"<cfdi:Comprobante " + b"x" * 4000 + b"/>"


def _fill(engine, empresa_id: int, documents: int) -> None:
    start = datetime(2025, 1, 1)
    for first in range(0, documents, 5_000):
        rows = [
            {
                "empresa_id": empresa_id,
                "state": "TIMBRADO",
                "tipo": "I",
                "serie": "A",
                "folio": n + 1,
                "fecha": start + timedelta(minutes=7 * n),
                "rfc_receptor": "XAXX010101000",
                "nombre_receptor": "PUBLICO EN GENERAL",
                "total": Decimal(n) / 100,
                "moneda": "MXN",
                "sealed_xml": XML,
                "stamped_xml": XML,
            }
            for n in range(first, min(first + 5_000, documents))
        ]
        with write_session(engine) as session:
            session.execute(insert(Documento), rows)
            session.commit()


def main() -> None:
    documents = rounds(20_000, 500)
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.sqlite3"
        engine = open_database(sqlite_url(database))
        empresa_id = new_company(engine)
        _fill(engine, empresa_id, documents)
        engine.dispose()
        backups = Path(folder) / "respaldos"
        result = {
            "documents": documents,
            "database_mb": round(database.stat().st_size / 1e6, 1),
            "quick_check_ms": median_ms(lambda: quick_check(database), runs=3),
            "verified_backup_ms": median_ms(
                lambda: create_backup(database, dest_dir=backups, keep=1), runs=3
            ),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
