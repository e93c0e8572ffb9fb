"""The factura global of a month of notas de venta (SQLite): 300 tickets by default.

Records the tickets (services.tickets.record_ticket, one transaction each) over a month of
five catalog products (IVA 16 %, 0 %, exento and not objeto de impuesto), then times
`global_invoice.emit_global` (period rules, the CFDI with one concept per ticket and tasa,
SAT's offline rules, the seal, the XSD on the sealed bytes, the store) and `validate_xml` of
the stored XML. Prints one JSON line: milliseconds per ticket recorded, the global's emission
and its validation, with the count of tickets and concepts.
"""

from __future__ import annotations

import json
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from _inputs import CSD_DIR
from _quick import rounds

from facturador.models.engine import open_database, read_session, sqlite_url, write_session
from facturador.models.tables import Documento
from facturador.sat.validation.validator import validate_xml
from facturador.services import directory, global_invoice, tickets
from facturador.services.companies import add_company, install_csd
from facturador.services.context import Context
from facturador.services.secrets import MemorySecretStore

TICKETS = rounds(300, 10)
NOW = datetime(2026, 12, 2, 18, 0, tzinfo=UTC)
PRODUCTS = (
    ("PAN", "7.33", "02", {"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.160000"}),
    ("LECHE", "26.50", "02", {"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.000000"}),
    ("LIBRO", "189.99", "02", {"Impuesto": "002", "TipoFactor": "Exento"}),
    ("BOLSA", "1.37", "01", None),
    (
        "REFRESCO",
        "18.45",
        "02",
        {"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.160000"},
    ),
)
MIXES = (
    [("PAN", "3"), ("REFRESCO", "2")],
    [("LECHE", "2")],
    [("LIBRO", "1")],
    [("PAN", "1"), ("LECHE", "1"), ("LIBRO", "1"), ("BOLSA", "2")],
    [("BOLSA", "1"), ("REFRESCO", "1")],
)


def _context(folder: Path) -> Context:
    engine = open_database(sqlite_url(folder / "bench.sqlite3"))
    secrets = MemorySecretStore()
    with write_session(engine) as session:
        empresa = add_company(session, rfc="EKU9003173C9", nombre="ESCUELA KEMPER URGATE",
                              regimen_fiscal="601", lugar_expedicion="42501")  # fmt: skip
        assert empresa.id is not None
        password = (CSD_DIR / "password.txt").read_text(encoding="utf-8").strip()
        install_csd(session, empresa.id, (CSD_DIR / "certificate.cer").read_bytes(),
                    (CSD_DIR / "private_key.key").read_bytes(), password, secrets, NOW)  # fmt: skip
    ctx = Context(engine, secrets, clock=lambda: NOW, data_dir_=folder)
    for clave, precio, objeto, traslado in PRODUCTS:
        directory.save_product(ctx, directory.product_data(
            clave_prod_serv="50181900", clave_unidad="H87", descripcion=clave,
            valor_unitario=precio, objeto_imp=objeto, no_identificacion=clave,
            impuestos={"Traslados": [traslado]} if traslado else {},
        ))  # fmt: skip
    return ctx


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ctx = _context(Path(tmp))
        start = time.perf_counter()
        for n in range(TICKETS):
            tickets.record_ticket(ctx, {
                "FormaPago": "01" if n % 3 else "04",
                "Fecha": f"2026-11-{1 + n % 30:02d}T{8 + n % 12:02d}:00:00",
                "Lineas": [{"NoIdentificacion": c, "Cantidad": q} for c, q in MIXES[n % 5]],
            })  # fmt: skip
        record_ms = (time.perf_counter() - start) * 1000 / TICKETS
        start = time.perf_counter()
        done = global_invoice.emit_global(ctx, "04", "11", 2026)
        emit_ms = (time.perf_counter() - start) * 1000
        with read_session(ctx.engine) as session:
            doc = session.get(Documento, done.documento_id)
            assert doc is not None
            assert doc.sealed_xml is not None
            xml = doc.sealed_xml
        start = time.perf_counter()
        report = validate_xml(xml)
        validate_ms = (time.perf_counter() - start) * 1000
        assert report.valido, report.errores
        concepts = xml.count(b"<cfdi:Concepto ")
        ctx.engine.dispose()
    figures = {
        "bench": "factura_global",
        "tickets": TICKETS,
        "conceptos": concepts,
        "record_ticket_ms": round(record_ms, 2),
        "emit_global_ms": round(emit_ms, 1),
        "validate_ms": round(validate_ms, 1),
        "total": f"{done.total:.2f}",
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
