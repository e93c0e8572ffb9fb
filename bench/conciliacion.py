"""`reconciliation.reconcile` over a bookkeeper-sized company (SQLite): 20,000 CFDIs in the
inbox (15,000 received from 2,000 issuers, 5,000 issued), 10,000 documents here, a 69-B list of
10,000 RFCs. Rows are written straight into the tables (the figures are about reading).

Planted differences: 200 issued CFDIs with no document here, 100 cancelled at the SAT and in
force here, 100 the other way round, 1,000 PPD invoices never paid, the received CFDIs of 40
issuers on the list (Presunto or Definitivo; 40 more listed as Desvirtuado do not count).

Prints one JSON line: `inbox`, `documents`, `p50_ms` (median of 5 runs; target < 1,000 ms),
the count of each kind and `counts_ok` (each is what was planted). `--quick`: a tenth.
"""

from __future__ import annotations

import json
import sys
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from _quick import QUICK
from _timing import median_ms, new_company

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sqlalchemy import insert  # noqa: E402

from facturador.models.engine import open_database, sqlite_url, write_session  # noqa: E402
from facturador.models.tables import Documento, Recibido  # noqa: E402
from facturador.services.context import Context  # noqa: E402
from facturador.services.reconciliation import import_69b, reconcile  # noqa: E402
from facturador.services.secrets import MemorySecretStore  # noqa: E402

SCALE = 10 if QUICK else 1
RECEIVED, ISSUERS, DOCS = 15_000 // SCALE, 2_000 // SCALE, 10_000 // SCALE
LOST, CANCELLED, ACTIVE, PPD, LISTED = 200 // SCALE, 100 // SCALE, 100 // SCALE, 1_000 // SCALE, 40
NOW = datetime(2026, 11, 25, 16, 30, tzinfo=UTC)
FECHA = datetime(2026, 11, 2, 10, 0)
XML = b'<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Serie="X" Folio="1"/>'


def _rfc(i: int) -> str:
    return f"AAA{i % 1_000_000:06d}{'A' if i < 1_000_000 else 'B'}{i % 10}0"


def _inbox(empresa_id: int, i: int, **values: object) -> dict[str, object]:
    row: dict[str, object] = {
        "empresa_id": empresa_id, "uuid": str(uuid.UUID(int=i)).upper(), "direccion": "recibido",
        "version": "4.0", "tipo": "I", "fecha": FECHA + timedelta(minutes=i % 40_000),
        "rfc_emisor": _rfc(i % ISSUERS), "nombre_emisor": "PROVEEDOR",
        "rfc_receptor": "EKU9003173C9", "nombre_receptor": "E", "total": Decimal("1160.00"),
        "moneda": "MXN", "valido": True, "hallazgos": "[]", "resumen": "", "xml": XML,
        "origen": "descarga", "archivo": f"{i}.xml", "imported_at": NOW, "estado_sat": "Vigente",
    }  # fmt: skip
    row.update(values)
    return row


def _build(ctx: Context, empresa_id: int, tmp: Path) -> None:
    docs, inbox = [], []
    for n in range(DOCS):
        ppd = n < PPD
        state = "CANCELADO" if n >= DOCS - ACTIVE else "TIMBRADO"
        docs.append({
            "empresa_id": empresa_id, "state": state, "tipo": "I", "serie": "A", "folio": n + 1,
            "uuid": str(uuid.UUID(int=10**9 + n)).upper(), "fecha": FECHA, "total": Decimal("116"),
            "rfc_receptor": "CACX7605101P8", "nombre_receptor": "C", "moneda": "MXN",
            "metodo_pago": "PPD" if ppd else "PUE", "importe_mxn": Decimal("100"),
            "total_mxn": Decimal("116"), "created_at": NOW, "updated_at": NOW,
        })  # fmt: skip
    for i in range(RECEIVED):
        inbox.append(_inbox(empresa_id, i))
    issued = 5_000 // SCALE
    for n in range(issued):  # issued CFDIs of the documents (and LOST of nobody here)
        estado = "Cancelado" if PPD <= n < PPD + CANCELLED else "Vigente"
        inbox.append(_inbox(empresa_id, 10**9 + (n if n < issued - LOST else 5 * 10**8 + n),
                            direccion="emitido", rfc_emisor="EKU9003173C9",
                            rfc_receptor="CACX7605101P8", estado_sat=estado))  # fmt: skip
    for n in range(ACTIVE):  # the SAT's Vigente for those cancelled here
        inbox[RECEIVED + issued - LOST - 1 - n]["uuid"] = docs[DOCS - 1 - n]["uuid"]
    with write_session(ctx.engine) as session:
        session.execute(insert(Documento.__table__), docs)  # type: ignore[attr-defined]
        session.execute(insert(Recibido.__table__), inbox)  # type: ignore[attr-defined]
        session.commit()
    lines = ['"No","RFC","Nombre del Contribuyente","Situación del contribuyente"']
    for i in range(10_000):
        situacion = ("Definitivo" if i % 2 else "Presunto") if i < LISTED else (
            "Desvirtuado" if i < 2 * LISTED else "Definitivo")  # fmt: skip
        lines.append(f'{i + 1},"{_rfc(i if i < 2 * LISTED else 10**6 + i)}","X","{situacion}"')
    path = tmp / "Listado_Completo_69-B.csv"
    path.write_bytes(("Listado\r\n" + "\r\n".join(lines)).encode("latin-1"))
    import_69b(ctx, path)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(sqlite_url(Path(tmp) / "bench.sqlite3"))
        empresa_id = new_company(engine)
        ctx = Context(engine, MemorySecretStore(), clock=lambda: NOW, data_dir_=Path(tmp))
        _build(ctx, empresa_id, Path(tmp))
        report = reconcile(ctx)
        p50 = median_ms(lambda: reconcile(ctx), 5, warm=True)
        engine.dispose()
    per_issuer = sum(1 for i in range(RECEIVED) if i % ISSUERS < LISTED)
    expected = {"falta_aqui": LOST, "cancelado_en_sat": CANCELLED, "vigente_en_sat": ACTIVE,
                "ppd_sin_pago": PPD, "emisor_69b": per_issuer}  # fmt: skip
    result = {"inbox": RECEIVED + 5_000 // SCALE, "documents": DOCS, "p50_ms": round(p50, 1),
              **report.counts, "counts_ok": report.counts == expected}  # fmt: skip
    print(json.dumps(result))
    return 0 if result["counts_ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
