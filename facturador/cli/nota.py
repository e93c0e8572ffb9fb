"""`facturador nota registrar|lista|pdf|facturar`: notas de venta (tickets).

`registrar ARCHIVO.json` records a sale ({"FormaPago": "01", "Lineas": [{"NoIdentificacion":
"PAN", "Cantidad": "2"}]}, products from the catalog); `pdf N` writes its 80 mm ticket;
`facturar N --cliente ID` invoices it to a named customer (a ticket already in a factura
global follows SAT's motivo 04 procedure: services.global_invoice).
"""

from __future__ import annotations

import argparse
import json

from facturador.cli._common import read_json, read_password, write_atomically
from facturador.sat.errors import InvalidInputError

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "nota",
        help="notas de venta (tickets): registrar, listar, imprimir y facturar",
        description="Notas de venta al público en general, sin CFDI; después se incluyen en la "
        "factura global (facturador global emitir) o se facturan al cliente que la pida.",
    )
    commands = parser.add_subparsers(dest="accion", metavar="ACCIÓN", required=True)
    registrar = commands.add_parser("registrar", help="registra una nota desde un archivo JSON")
    registrar.add_argument("entrada", metavar="ARCHIVO.json")
    registrar.add_argument("--json", action="store_true", help="salida JSON en una línea")
    registrar.set_defaults(handler=_registrar)
    lista = commands.add_parser("lista", help="lista las notas de venta")
    lista.add_argument("--pendientes", action="store_true", help="solo las no facturadas")
    lista.set_defaults(handler=_lista)
    pdf = commands.add_parser("pdf", help="escribe el ticket de 80 mm en PDF")
    pdf.add_argument("numero", metavar="N", type=int)
    pdf.add_argument("--salida", metavar="ARCHIVO.pdf", help="por omisión nota-N.pdf")
    pdf.set_defaults(handler=_pdf)
    facturar = commands.add_parser("facturar", help="factura la nota a un cliente del catálogo")
    facturar.add_argument("numero", metavar="N", type=int)
    facturar.add_argument("--cliente", metavar="ID", type=int, required=True)
    facturar.add_argument("--uso", metavar="USO", help="UsoCFDI (por omisión el del cliente)")
    facturar.add_argument("--password-file", metavar="ARCHIVO", help="contraseña del CSD")
    facturar.set_defaults(handler=_facturar)


def _registrar(args: argparse.Namespace) -> int:
    from facturador.services.tickets import record_ticket

    data = read_json(args.entrada)
    if not isinstance(data, dict):
        raise InvalidInputError(f"{args.entrada} debe contener un objeto JSON (la nota de venta)")
    nota = record_ticket(args.ctx, data)
    if args.json:
        print(json.dumps({"numero": nota.numero, "total": f"{nota.total:.2f}",
                          "fecha": nota.fecha.isoformat()}))  # fmt: skip
    else:
        print(f"Nota de venta {nota.numero} registrada: total ${nota.total:,.2f}.")
    return 0


def _lista(args: argparse.Namespace) -> int:
    from facturador.services.tickets import PENDIENTE, list_tickets

    rows = list_tickets(args.ctx, status=PENDIENTE if args.pendientes else None)
    for t in rows:
        where = f" {t.documento}" if t.documento else ""
        print(f"{t.numero}\t{t.fecha:%Y-%m-%d %H:%M}\t{t.total:.2f}\t{t.status_label}{where}")
    if not rows:
        print("No hay notas de venta.")
    return 0


def _pdf(args: argparse.Namespace) -> int:
    from facturador.services.tickets import ticket_pdf

    data = ticket_pdf(args.ctx, args.numero)
    target = args.salida or f"nota-{args.numero}.pdf"
    write_atomically(target, data)
    print(f"Ticket de la nota {args.numero} guardado en {target}.")
    return 0


def _facturar(args: argparse.Namespace) -> int:
    from facturador.services.global_invoice import invoice_ticket, ticket_procedure

    password = read_password(args.password_file) if args.password_file else None
    procedure = ticket_procedure(args.ctx, args.numero)
    if procedure:
        print(procedure)
    done = invoice_ticket(args.ctx, args.numero, args.cliente, args.uso, password=password)
    actions = {
        "cancelada": "cancelación solicitada con motivo 04",
        "retirada": "retirada de la cola",
        "corregida": "sellada de nuevo sin esta nota (el PAC la había rechazado)",
    }
    if done.old_global and done.old_global_action:
        print(f"Factura global {done.old_global}: {actions[done.old_global_action]}.")
    if done.new_global:
        print(f"Nueva factura global {done.new_global} en cola, sin la nota {args.numero}.")
    print(f"Factura {done.invoice} de la nota {args.numero} en cola: se timbrará al sincronizar.")
    return 0
