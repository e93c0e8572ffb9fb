"""`facturador saldos [--cliente RFC] [--json]`: PPD invoices with a balance still owed."""

from __future__ import annotations

import argparse
import json

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "saldos",
        help="lista las facturas PPD timbradas con saldo pendiente",
        description="Facturas PPD timbradas con su saldo (total menos pagos y notas de crédito) "
        "y la siguiente parcialidad.",
    )
    parser.add_argument("--cliente", metavar="RFC", help="solo las de este cliente")
    parser.add_argument("--json", action="store_true", help="salida como arreglo JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from facturador.models.engine import read_session
    from facturador.services.companies import get_active_company
    from facturador.services.payments import open_invoices

    engine = args.ctx.engine
    with read_session(engine) as session:
        empresa = get_active_company(session)
    assert empresa.id is not None
    invoices = open_invoices(engine, empresa.id, args.cliente)
    rows = [
        {
            "uuid": i.uuid,
            "serie": i.serie,
            "folio": i.folio,
            "fecha": i.fecha.isoformat() if i.fecha else None,
            "rfc_receptor": i.rfc_receptor,
            "nombre_receptor": i.nombre_receptor,
            "moneda": i.moneda,
            "total": str(i.total),
            "pagado": str(i.pagado),
            "saldo": str(i.saldo),
            "num_parcialidad": i.num_parcialidad,
        }
        for i in invoices
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    if not rows:
        print("Sin facturas con saldo pendiente.")
    for row in rows:
        folio = f"{row['serie'] or ''}-{row['folio'] or ''}"
        print(
            f"{folio:<12} {row['rfc_receptor']:<13} {row['total']:>14} {row['moneda']}"
            f"  saldo {row['saldo']:>14}  parcialidad {row['num_parcialidad']}  {row['uuid']}"
        )
    return 0
