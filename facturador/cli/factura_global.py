"""`facturador global pendientes|emitir`: the factura global of a period's notas de venta.

`emitir --periodicidad 04 --mes 11 --anio 2026 [--dia D] [--simular]` builds the CFDI to
«PUBLICO EN GENERAL» with one concept per pending ticket of the period, seals it and queues
it (services.global_invoice); `--simular` checks and seals it without storing anything.
"""

from __future__ import annotations

import argparse
import json

from facturador.cli._common import read_password, write_atomically

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "global",
        help="factura global al público en general de las notas de venta de un periodo",
        description="Factura global (CFDI a PUBLICO EN GENERAL con InformacionGlobal) de las "
        "notas de venta pendientes de un periodo.",
    )
    commands = parser.add_subparsers(dest="accion", metavar="ACCIÓN", required=True)
    actions = (
        ("pendientes", "muestra las notas pendientes del periodo"),
        ("emitir", "sella y deja en cola la factura global del periodo"),
    )
    for name, text in actions:
        sub = commands.add_parser(name, help=text)
        sub.add_argument(
            "--periodicidad",
            required=True,
            metavar="01-05",
            help="01 diario, 02 semanal, 03 quincenal, 04 mensual, 05 bimestral",
        )
        sub.add_argument("--mes", required=True, metavar="MM", help="01-12, o 13-18 (bimestre)")
        sub.add_argument("--anio", required=True, type=int, metavar="AAAA")
        sub.add_argument("--dia", type=int, metavar="D", help="un día del periodo (01, 02, 03)")
        sub.add_argument("--json", action="store_true", help="salida JSON en una línea")
        if name == "emitir":
            sub.add_argument("--simular", action="store_true",
                             help="revisa y sella sin guardar nada")  # fmt: skip
            sub.add_argument("--xml", metavar="ARCHIVO", help="con --simular, guarda el XML")
            sub.add_argument("--password-file", metavar="ARCHIVO", help="contraseña del CSD")
            sub.set_defaults(handler=_emitir)
        else:
            sub.set_defaults(handler=_pendientes)


def _pendientes(args: argparse.Namespace) -> int:
    from facturador.services.global_invoice import preview_global

    p = preview_global(args.ctx, args.periodicidad, args.mes, args.anio, args.dia)
    if args.json:
        print(json.dumps({"periodo": p.period.label, "notas": len(p.tickets),
                          "subtotal": f"{p.subtotal:.2f}", "total": f"{p.total:.2f}"}))  # fmt: skip
        return 0
    for t in p.tickets:
        print(f"{t.numero}\t{t.fecha:%Y-%m-%d %H:%M}\t{t.total:.2f}")
    print(f"{len(p.tickets)} notas pendientes del periodo {p.period.label}: total ${p.total:,.2f}.")
    return 0


def _emitir(args: argparse.Namespace) -> int:
    from facturador.services.global_invoice import emit_global

    password = read_password(args.password_file) if args.password_file else None
    done = emit_global(args.ctx, args.periodicidad, args.mes, args.anio, args.dia,
                       simulate=args.simular, password=password)  # fmt: skip
    if args.simular and args.xml and done.xml is not None:
        write_atomically(args.xml, done.xml)
    count = len(done.preview.tickets)
    if args.json:
        print(json.dumps({"id": done.documento_id, "serie": done.serie, "folio": done.folio,
                          "notas": count, "total": f"{done.total:.2f}",
                          "simulado": done.simulated}))  # fmt: skip
    elif done.simulated:
        print(f"Simulación: la factura global de {count} notas ({done.preview.period.label}) "
              f"por ${done.total:,.2f} cumple las reglas del SAT. No se guardó nada.")  # fmt: skip
    else:
        print(f"Factura global {done.serie}-{done.folio} de {count} notas "
              f"({done.preview.period.label}) por ${done.total:,.2f} en cola: se timbrará al "
              "sincronizar.")  # fmt: skip
    return 0
