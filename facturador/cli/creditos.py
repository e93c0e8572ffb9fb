"""`facturador creditos [--json]`: the stamps left in the PAC account, and when that was read.

SW Sapien has a balance service: it is asked, and the reading is kept (with its time) in the
settings file so the application can show it offline. Finkok has no balance service for
plain customers: the command says so, and that "Sin folios disponibles" is reported when the
stamps run out. Without connection the last reading is shown and the exit code is 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

__all__ = ["register"]

FINKOK_NO_BALANCE = (
    "Finkok no ofrece una consulta de saldo para esta cuenta: cuando se terminen los timbres, "
    "la sincronización lo indicará con «Sin folios disponibles / Créditos agotados» y los "
    "comprobantes esperarán en la cola."
)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "creditos",
        help="consulta los timbres disponibles en el PAC",
        description="Consulta al PAC de la empresa activa cuántos timbres quedan y guarda "
        "la lectura para mostrarla sin conexión.",
    )
    parser.add_argument("--json", action="store_true", help="salida JSON en una línea")
    parser.set_defaults(handler=run)


def _when(moment: Any) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _as_json(reading: Any, *, fresh: bool) -> dict[str, Any]:
    return {
        "pac": reading.provider,
        "consulta_disponible": reading.supported,
        "restantes": reading.remaining,
        "usados": reading.used,
        "ilimitado": reading.unlimited,
        "vencimiento": reading.expires,
        "leido": reading.read_at.isoformat(),
        "actual": fresh,
    }


def _line(reading: Any) -> str:
    if reading.unlimited:
        amount = "timbres ilimitados"
    elif reading.remaining is None:
        amount = "saldo desconocido"
    else:
        amount = f"{reading.remaining} timbre(s) disponible(s)"
    used = f", {reading.used} usado(s)" if reading.used is not None else ""
    expires = f", vencen {reading.expires}" if reading.expires else ""
    return f"{amount}{used}{expires} (leído el {_when(reading.read_at)})"


def run(args: argparse.Namespace) -> int:
    from facturador.models.engine import read_session
    from facturador.pac.errors import PacError
    from facturador.services.companies import get_active_company
    from facturador.services.pac_clients import client_for_company
    from facturador.services.pac_settings import last_credits, read_credits

    with read_session(args.ctx.engine) as session:
        empresa = get_active_company(session)
    client, demo = client_for_company(empresa, args.ctx.secrets, data_dir=args.ctx.data_dir)
    try:
        reading = read_credits(empresa.rfc, client)
    except PacError as error:
        last = last_credits(empresa.rfc)
        if args.json:
            body = _as_json(last, fresh=False) if last else {"pac": client.name, "leido": None}
            print(json.dumps({**body, "error": error.message}, ensure_ascii=False))
        elif last is not None:
            print(f"Última lectura de {last.provider}: {_line(last)}.")
        print(f"No se pudo consultar el saldo: {error.message}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(_as_json(reading, fresh=True), ensure_ascii=False))
        return 0
    if demo or client.name == "sandbox":
        print("Modo de demostración (sin PAC): los timbres no tienen límite ni validez fiscal.")
    elif not reading.supported:
        print(FINKOK_NO_BALANCE)
    else:
        print(f"{client.name}: {_line(reading)}.")
    return 0
