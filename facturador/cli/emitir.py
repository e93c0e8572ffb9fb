"""`facturador emitir IN.json`: store, seal with the active company's CSD and queue.

The CSD password comes from the OS keyring; if the keyring has none (or there is no keyring)
it is read from --password-file, asked on the terminal, or read from stdin, for this run only.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from facturador.cli._common import read_json, read_password
from facturador.sat.errors import InvalidInputError

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "emitir",
        help="guarda, sella y deja en cola un CFDI 4.0 de la empresa activa",
        description="Calcula, revisa, asigna folio, sella con el CSD de la empresa activa y deja "
        "el comprobante en cola para timbrarse al sincronizar.",
    )
    parser.add_argument("entrada", metavar="IN.json", help="comprobante en formato JSON")
    parser.add_argument("--password-file", metavar="ARCHIVO", help="contraseña del CSD")
    parser.add_argument("--json", action="store_true", help="salida JSON en una línea")
    parser.set_defaults(handler=run)


def _ask_password(args: argparse.Namespace) -> str:
    if args.password_file:
        return read_password(args.password_file)
    if sys.stdin.isatty():
        return getpass.getpass("Contraseña de la llave privada del CSD: ")
    return sys.stdin.readline().rstrip("\r\n")


def run(args: argparse.Namespace) -> int:
    from facturador.services.emission import emit
    from facturador.services.errors import SecretStoreError
    from facturador.services.secrets import KeyringSecretStore, MemorySecretStore
    from facturador.services.settings import open_engine

    data = read_json(args.entrada)
    if not isinstance(data, dict):
        raise InvalidInputError(f"{args.entrada} debe contener un objeto JSON (el Comprobante)")
    engine = open_engine()
    if args.password_file:
        result = emit(
            engine, data, secrets=MemorySecretStore(), password=read_password(args.password_file)
        )
    else:
        try:
            result = emit(engine, data, secrets=KeyringSecretStore())
        except SecretStoreError:  # no keyring, or it has no password for this CSD
            result = emit(engine, data, secrets=MemorySecretStore(), password=_ask_password(args))
    if args.json:
        print(
            json.dumps(
                {
                    "id": result.documento_id,
                    "serie": result.serie,
                    "folio": result.folio,
                    "total": str(result.total),
                    "moneda": result.moneda,
                    "estado": result.state,
                }
            )
        )
    else:
        print(
            f"Emitido {result.serie}-{result.folio} por {result.total} {result.moneda}: "
            "en cola, se timbrará al sincronizar."
        )
    return 0
