"""`facturador sustituir UUID IN.json [--password-file F]`: replace a wrong CFDI.

Emits IN.json related to UUID with TipoRelacion 04 (added if missing) and queues UUID's
cancellation with motivo 01; the cancellation is sent once the new invoice is stamped, with
its UUID as FolioSustitucion (both at the next synchronizations, offline first is fine).
"""

from __future__ import annotations

import argparse
import json

from facturador.cli._common import read_json, read_password
from facturador.cli._password import ask_csd_password
from facturador.sat.errors import InvalidInputError

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "sustituir",
        help="emite el CFDI correcto y deja en cola la cancelación del erróneo (motivo 01)",
        description="Emite el comprobante correcto relacionado con TipoRelacion 04 al "
        "erróneo y deja en cola la cancelación del erróneo con motivo 01; la cancelación se "
        "envía en cuanto el nuevo esté timbrado.",
    )
    parser.add_argument("uuid", metavar="UUID", help="folio fiscal del comprobante erróneo")
    parser.add_argument("entrada", metavar="IN.json", help="comprobante correcto (JSON)")
    parser.add_argument("--password-file", metavar="ARCHIVO", help="contraseña del CSD")
    parser.add_argument("--json", action="store_true", help="salida JSON en una línea")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from facturador.services.errors import SecretStoreError
    from facturador.services.secrets import MemorySecretStore
    from facturador.services.substitution import substitute

    data = read_json(args.entrada)
    if not isinstance(data, dict):
        raise InvalidInputError(f"{args.entrada} debe contener un objeto JSON (el Comprobante)")
    engine = args.ctx.engine
    if args.password_file:
        password = read_password(args.password_file)
        result = substitute(engine, args.uuid, data, secrets=MemorySecretStore(), password=password)
    else:
        try:
            result = substitute(engine, args.uuid, data, secrets=args.ctx.secrets)
        except SecretStoreError:  # no keyring, or it has no password for this CSD
            password = ask_csd_password(args)
            result = substitute(
                engine, args.uuid, data, secrets=MemorySecretStore(), password=password
            )
    new = result.new
    if args.json:
        print(
            json.dumps(
                {
                    "sustituido": {"id": result.old_documento_id, "uuid": result.old_uuid},
                    "nuevo": {"id": new.documento_id, "serie": new.serie, "folio": new.folio},
                    "estado": result.cancellation.state,
                },
                ensure_ascii=False,
            )
        )
        return 0
    print(
        f"Emitido {new.serie}-{new.folio} (en cola de timbrado), relacionado con {result.old_uuid} "
        "(TipoRelacion 04). La cancelación del erróneo con motivo 01 quedó en cola y se enviará "
        "en cuanto el nuevo esté timbrado."
    )
    return 0
