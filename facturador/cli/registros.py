"""`facturador registros [--estado E] [--rfc RFC] [--json]`: the documents and their state."""

from __future__ import annotations

import argparse
import json

__all__ = ["register"]

STATES = (
    "BORRADOR", "SELLADO", "EN_COLA", "ENVIANDO", "TIMBRADO", "RECHAZADO",
    "POSIBLEMENTE_TIMBRADO", "CANCELACION_EN_COLA", "CANCELACION_EN_PROCESO", "CANCELADO",
    "CANCELACION_RECHAZADA", "RETIRADO",
)  # fmt: skip


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "registros",
        help="lista los comprobantes de la empresa activa y su estado",
        description="Lista los comprobantes, del más reciente al más antiguo.",
    )
    parser.add_argument("--estado", choices=STATES, action="append", help="filtra por estado")
    parser.add_argument("--rfc", help="filtra por RFC del receptor")
    parser.add_argument("--limite", type=int, default=50, help="cuántos mostrar (50)")
    parser.add_argument("--json", action="store_true", help="salida como arreglo JSON")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Not services.companies: it would import the CSD, keyring and catalog code too.
    from facturador.models.engine import read_session
    from facturador.models.repositories import DocumentFilter, active_empresa, list_documents
    from facturador.services.errors import NoActiveCompanyError

    with read_session(args.ctx.engine) as session:
        empresa = active_empresa(session)
        if empresa is None:
            raise NoActiveCompanyError()
        assert empresa.id is not None
        documentos = list_documents(
            session,
            DocumentFilter(empresa_id=empresa.id, states=args.estado or (), rfc_receptor=args.rfc),
            limit=args.limite,
        )
    rows = [
        {
            "id": d.id,
            "serie": d.serie,
            "folio": d.folio,
            "uuid": d.uuid,
            "fecha": d.fecha.isoformat() if d.fecha else None,
            "tipo": d.tipo,
            "rfc_receptor": d.rfc_receptor,
            "nombre_receptor": d.nombre_receptor,
            "total": str(d.total),
            "moneda": d.moneda,
            "estado": d.state,
            "error": d.last_error_message,
        }
        for d in documentos
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    if not rows:
        print("Sin comprobantes.")
    for row in rows:
        folio = f"{row['serie'] or ''}-{row['folio'] or ''}"
        print(
            f"{folio:<12} {row['fecha'] or '':<19}  {row['rfc_receptor']:<13}  "
            f"{row['total']:>14} {row['moneda']}  {row['estado']}"
            + (f"  ({row['error']})" if row["error"] else "")
        )
    return 0
