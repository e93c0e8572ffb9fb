"""`facturador recurrente crear|lista|editar|pausar|reanudar|borrar`: recurring invoices.

`crear ARCHIVO.json --dia N [--cada-meses N] [--desde FECHA] [--hasta FECHA]
[--enviar-correo]` keeps the invoice (the JSON `emitir` takes) with its calendar; from then on
`facturador sincronizar` (and the app, before each pass) issues one invoice per date that has
come, catching up the dates missed while neither ran. Dates are AAAA-MM-DD.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from facturador.sat.errors import InvalidInputError

__all__ = ["register"]


class _BadDateError(InvalidInputError):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text

    @property
    def message(self) -> str:
        return (
            f"La fecha «{self.text}» no es válida; escríbala como AAAA-MM-DD (p. ej. 2026-12-31)."
        )


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise _BadDateError(text) from None


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "recurrente",
        help="facturas recurrentes: se emiten solas cada mes (o cada N meses)",
        description="Facturas que se repiten (renta, honorarios, suscripciones). Se emiten al "
        "sincronizar (y al abrir la aplicación) en su fecha; si ninguno se ejecutó, se emite "
        "una por cada fecha pendiente.",
    )
    commands = parser.add_subparsers(dest="accion", metavar="ACCIÓN", required=True)
    crear = commands.add_parser("crear", help="guarda una factura recurrente desde un JSON")
    crear.add_argument("archivo", metavar="ARCHIVO.json", help="el comprobante, como en emitir")
    _calendar_options(crear, required=True)
    crear.add_argument("--desde", metavar="FECHA", help="primera fecha posible (por omisión hoy)")
    crear.set_defaults(handler=_crear)

    lista = commands.add_parser("lista", help="las facturas recurrentes de la empresa activa")
    lista.add_argument("--json", action="store_true", help="salida JSON")
    lista.set_defaults(handler=_lista)

    editar = commands.add_parser("editar", help="cambia el calendario o el envío por correo")
    editar.add_argument("id", type=int, metavar="ID")
    _calendar_options(editar, required=False)
    editar.add_argument("--sin-fin", action="store_true", help="quita la fecha final")
    editar.add_argument(
        "--no-enviar-correo", action="store_true", help="deja de enviarla por correo"
    )
    editar.set_defaults(handler=_editar)

    for name, text, handler in (
        ("pausar", "deja de emitirla hasta reanudarla", _pausar),
        ("reanudar", "vuelve a emitirla desde su próxima fecha", _reanudar),
        ("borrar", "la borra (las facturas ya emitidas no cambian)", _borrar),
    ):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("id", type=int, metavar="ID")
        sub.set_defaults(handler=handler)


def _calendar_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    parser.add_argument("--dia", type=int, required=required, metavar="N",
                        help="día del mes (1 a 31; en meses más cortos, el último)")  # fmt: skip
    parser.add_argument("--cada-meses", type=int, metavar="N",
                        help="cada cuántos meses (por omisión 1)")  # fmt: skip
    parser.add_argument("--hasta", metavar="FECHA", help="última fecha (AAAA-MM-DD)")
    parser.add_argument(
        "--enviar-correo", action="store_true", help="enviarla por correo al cliente al timbrarse"
    )


def _crear(args: argparse.Namespace) -> int:
    from facturador.cli._common import read_json
    from facturador.services.recurring import create_recurring, list_recurring

    data = read_json(args.archivo)
    rid = create_recurring(args.ctx, data, dia=args.dia, cada_meses=args.cada_meses or 1,
                           desde=_date(args.desde), hasta=_date(args.hasta),
                           enviar_correo=args.enviar_correo)  # fmt: skip
    view = next(v for v in list_recurring(args.ctx) if v.id == rid)
    proximo = view.proximo.strftime("%d/%m/%Y") if view.proximo else "—"
    print(f"Factura recurrente {rid} guardada: {view.cliente}, {view.total} {view.moneda}, "
          f"{view.cada.lower()}. Próxima fecha: {proximo}.")  # fmt: skip
    return 0


def _as_json(view: Any) -> dict[str, Any]:
    return {
        "id": view.id,
        "cliente": view.cliente,
        "rfc": view.rfc,
        "total": str(view.total),
        "moneda": view.moneda,
        "dia": view.dia,
        "cada_meses": view.cada_meses,
        "hasta": view.hasta.isoformat() if view.hasta else None,
        "proximo": view.proximo.isoformat() if view.proximo else None,
        "estado": view.estado,
        "enviar_correo": view.enviar_correo,
        "emitidas": view.emitidas,
    }


def _lista(args: argparse.Namespace) -> int:
    from facturador.services.recurring import list_recurring

    views = list_recurring(args.ctx)
    if args.json:
        print(json.dumps([_as_json(v) for v in views], ensure_ascii=False))
        return 0
    if not views:
        print("No hay facturas recurrentes.")
    for v in views:
        proximo = v.proximo.strftime("%d/%m/%Y") if v.proximo else "—"
        print(f"{v.id}  {v.cliente}  {v.total} {v.moneda}  {v.cada}  próxima: {proximo}  "
              f"{v.estado}  emitidas: {v.emitidas}")  # fmt: skip
    return 0


def _editar(args: argparse.Namespace) -> int:
    from facturador.services.recurring import list_recurring, update_recurring

    current = next((v for v in list_recurring(args.ctx) if v.id == args.id), None)
    if current is None:
        from facturador.services.errors import NotFoundError

        raise NotFoundError("recurrente", args.id)
    hasta = None if args.sin_fin else (_date(args.hasta) or current.hasta)
    correo = current.enviar_correo
    if args.enviar_correo:
        correo = True
    if args.no_enviar_correo:
        correo = False
    update_recurring(args.ctx, args.id, dia=args.dia or current.dia,
                     cada_meses=args.cada_meses or current.cada_meses, hasta=hasta,
                     enviar_correo=correo)  # fmt: skip
    print(f"Factura recurrente {args.id} actualizada.")
    return 0


def _pausar(args: argparse.Namespace) -> int:
    from facturador.services.recurring import set_paused

    set_paused(args.ctx, args.id, True)
    print(f"Factura recurrente {args.id} en pausa: no se emitirá hasta que la reanude.")
    return 0


def _reanudar(args: argparse.Namespace) -> int:
    from facturador.services.recurring import set_paused

    set_paused(args.ctx, args.id, False)
    print(f"Factura recurrente {args.id} reanudada: se emitirá desde su próxima fecha.")
    return 0


def _borrar(args: argparse.Namespace) -> int:
    from facturador.services.recurring import delete_recurring

    delete_recurring(args.ctx, args.id)
    print(f"Factura recurrente {args.id} borrada; las facturas que ya emitió no cambian.")
    return 0
