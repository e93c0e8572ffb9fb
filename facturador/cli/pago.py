"""`facturador pago IN.json`: a payment receipt (tipo P) checked against the stored balances.

The input is a Comprobante with `Complemento.Pagos` (architecture.md); the envelope of a
payment receipt, ImpSaldoAnt and NumParcialidad of invoices in the store are filled in. The
receipt is sealed with the active company's CSD and queued like any document.
"""

from __future__ import annotations

import argparse
import json

from facturador.cli._common import read_json, read_password
from facturador.cli._password import ask_csd_password as _ask_password
from facturador.sat.errors import InvalidInputError

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "pago",
        help="emite un comprobante de pago (complemento de pagos 2.0) de facturas PPD",
        description="Revisa el pago contra los saldos registrados, lo sella con el CSD de la "
        "empresa activa y lo deja en cola para timbrarse al sincronizar.",
    )
    parser.add_argument("entrada", metavar="IN.json", help="comprobante de pago en formato JSON")
    parser.add_argument("--password-file", metavar="ARCHIVO", help="contraseña del CSD")
    parser.add_argument("--json", action="store_true", help="salida JSON en una línea")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from facturador.services.errors import SecretStoreError
    from facturador.services.payments import emit_payment
    from facturador.services.secrets import MemorySecretStore

    data = read_json(args.entrada)
    if not isinstance(data, dict):
        raise InvalidInputError(f"{args.entrada} debe contener un objeto JSON (el Comprobante)")
    engine = args.ctx.engine
    if args.password_file:
        password = read_password(args.password_file)
        result = emit_payment(engine, data, secrets=MemorySecretStore(), password=password)
    else:
        try:
            result = emit_payment(engine, data, secrets=args.ctx.secrets)
        except SecretStoreError:  # no keyring, or it has no password for this CSD
            password = _ask_password(args)
            result = emit_payment(engine, data, secrets=MemorySecretStore(), password=password)
    if args.json:
        print(json.dumps({"id": result.documento_id, "serie": result.serie,
                          "folio": result.folio, "estado": result.state}))  # fmt: skip
    else:
        print(f"Pago {result.serie}-{result.folio} emitido: en cola, se timbrará al sincronizar.")
    return 0
