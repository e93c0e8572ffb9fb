"""`facturador descarga`: SAT's descarga masiva of the active company's CFDI, with its e.firma.

    facturador descarga solicitar --emitidos|--recibidos --desde FECHA --hasta FECHA
                                  [--metadata] [--sin-enviar] [--password-file F] [--json]
    facturador descarga estado [--json]
    facturador descarga continuar [--esperar] [--password-file F] [--json]

`solicitar` records the request and sends it now (offline it waits); `continuar` makes one
pass over every company's open requests (send, verify, download the packages into the data
dir), or, with --esperar, passes until none is open. The e.firma is installed with
`facturador certificado fiel ARCHIVO.cer ARCHIVO.key`; its password comes from the keyring
(or --password-file). Exit 0 when the command did its part, 1 on an error.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "descarga",
        help="descarga masiva de CFDI emitidos o recibidos desde el SAT (con la e.firma)",
        description="Solicita al SAT los CFDI emitidos o recibidos de un periodo, sigue las "
        "solicitudes y descarga sus paquetes, con la e.firma (FIEL) de la empresa.",
    )
    actions = parser.add_subparsers(dest="accion", metavar="ACCIÓN")
    actions.required = True
    solicitar = actions.add_parser(
        "solicitar",
        help="pide al SAT los CFDI de un periodo",
        description="Registra una solicitud de descarga y la envía al SAT (sin conexión, se "
        "envía después con «facturador descarga continuar»).",
    )
    tipo = solicitar.add_mutually_exclusive_group(required=True)
    tipo.add_argument("--emitidos", action="store_const", const="emitidos", dest="tipo")
    tipo.add_argument("--recibidos", action="store_const", const="recibidos", dest="tipo")
    solicitar.add_argument("--desde", required=True, metavar="FECHA", help="AAAA-MM-DD")
    solicitar.add_argument("--hasta", required=True, metavar="FECHA", help="AAAA-MM-DD")
    solicitar.add_argument(
        "--metadata",
        action="store_true",
        help="solo los metadatos (incluye los CFDI cancelados); sin esto, los XML",
    )
    solicitar.add_argument(
        "--sin-enviar", action="store_true", help="solo registrarla; se envía al continuar"
    )
    _password_option(solicitar)
    solicitar.add_argument("--json", action="store_true", help="salida JSON en una línea")
    solicitar.set_defaults(handler=run_solicitar)
    estado = actions.add_parser("estado", help="muestra las solicitudes y sus paquetes")
    estado.add_argument("--json", action="store_true", help="salida JSON")
    estado.set_defaults(handler=run_estado)
    continuar = actions.add_parser(
        "continuar",
        help="envía, verifica y descarga lo pendiente de todas las empresas",
        description="Una pasada por las solicitudes abiertas de todas las empresas: envía las "
        "pendientes, pregunta al SAT por las que prepara y descarga los paquetes listos.",
    )
    continuar.add_argument(
        "--esperar", action="store_true", help="seguir hasta que no quede ninguna abierta"
    )
    _password_option(continuar)
    continuar.add_argument("--json", action="store_true", help="salida JSON en una línea")
    continuar.set_defaults(handler=run_continuar)


def _password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-file",
        metavar="ARCHIVO",
        help="contraseña de la e.firma, si el llavero del sistema no la tiene",
    )


def _password(args: argparse.Namespace) -> str | None:
    from facturador.cli._common import read_password

    return read_password(args.password_file) if args.password_file else None


def _as_dict(view: Any) -> dict[str, Any]:
    return {
        "id": view.id,
        "rfc": view.rfc,
        "tipo": view.tipo,
        "formato": view.formato,
        "desde": view.desde,
        "hasta": view.hasta,
        "id_solicitud": view.id_solicitud,
        "estado": view.state,
        "estado_texto": view.state_label,
        "envios": view.attempts,
        "numero_cfdis": view.numero_cfdis,
        "error": view.last_error,
        "siguiente_consulta": view.next_attempt_at.isoformat() if view.next_attempt_at else None,
        "paquetes": [
            {"id": p.id, "id_paquete": p.id_paquete, "estado": p.state, "archivo": p.path}
            for p in view.paquetes
        ],
    }


def _line(view: Any) -> str:
    paquetes = f", paquetes {view.descargados}/{len(view.paquetes)}" if view.paquetes else ""
    cfdis = f", {view.numero_cfdis} CFDI" if view.numero_cfdis is not None else ""
    text = (
        f"{view.id:>4}  {view.rfc:<13}  {view.tipo:<9} {view.formato:<8} "
        f"{view.desde[:10]} a {view.hasta[:10]}  {view.state_label}{cfdis}{paquetes}"
    )
    if view.last_error:
        text += f"\n      {view.last_error}"
    return text


def run_solicitar(args: argparse.Namespace) -> int:
    from facturador.services.descarga import solicitar

    view = solicitar(
        args.ctx,
        tipo=args.tipo,
        desde=args.desde,
        hasta=args.hasta,
        metadata=args.metadata,
        send=not args.sin_enviar,
        password=_password(args),
    )
    if args.json:
        print(json.dumps(_as_dict(view), ensure_ascii=False))
        return 0
    if view.id_solicitud:
        print(f"Solicitud {view.id} aceptada por el SAT: {view.id_solicitud}.")
    else:
        print(f"Solicitud {view.id} registrada: {view.state_label}.")
        if view.last_error:
            print(view.last_error)
    print("Continúe con «facturador descarga continuar» (el SAT tarda de minutos a horas).")
    return 0


def run_estado(args: argparse.Namespace) -> int:
    from facturador.services.descarga import estado

    views = estado(args.ctx)
    if args.json:
        print(json.dumps([_as_dict(v) for v in views], ensure_ascii=False, indent=2))
        return 0
    if not views:
        print("Sin solicitudes de descarga. Cree una con «facturador descarga solicitar».")
    for view in views:
        print(_line(view))
    return 0


def run_continuar(args: argparse.Namespace) -> int:
    from facturador.services.descarga import continuar, next_due

    ctx = args.ctx
    password = _password(args)

    def progress(text: str) -> None:
        if not args.json:
            print(text, flush=True)

    totals = {"enviadas": 0, "verificadas": 0, "paquetes_descargados": 0, "cfdi_importados": 0,
              "errores": []}  # fmt: skip
    while True:
        report = continuar(ctx, progress, password=password)
        totals["enviadas"] += report.sent
        totals["verificadas"] += report.verified
        totals["paquetes_descargados"] += report.downloaded
        totals["cfdi_importados"] += report.imported
        totals["errores"].extend(report.errors)
        due = next_due(ctx)
        if not args.esperar or due is None:
            break
        time.sleep(min(max((due - ctx.now()).total_seconds(), 0.05), 60.0))
    totals["abiertas"] = report.open
    if args.json:
        print(json.dumps(totals, ensure_ascii=False))
    else:
        print(
            f"Enviadas: {totals['enviadas']}; verificadas: {totals['verificadas']}; paquetes "
            f"descargados: {totals['paquetes_descargados']}; CFDI nuevos en recibidos: "
            f"{totals['cfdi_importados']}; solicitudes abiertas: "
            f"{report.open}."
        )
    if report.errors and not args.json:
        for error in dict.fromkeys(report.errors):
            print(f"Aviso: {error}", file=sys.stderr)
    return 0
