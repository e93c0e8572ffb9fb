"""`facturador refechar REF [--confirmo-no-timbrado] [--password-file F]`: date a document
again (same serie and folio), seal it again and queue it.

For a document the PAC rejected for its Fecha (code 401: outside the 72 hours, or in the
future), and for one posiblemente timbrado, which needs `--confirmo-no-timbrado`: the user
has checked with the PAC or the SAT that the earlier send was not stamped. The new Fecha is
the PAC's time when its clock is known to differ from this computer's. The CSD password comes
from the keyring, else from --password-file.
"""

from __future__ import annotations

import argparse
import json

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "refechar",
        help="fecha y sella de nuevo (misma serie y folio) un comprobante rechazado por la fecha",
        description="Fecha con la hora actual y sella de nuevo, con la misma serie y folio, un "
        "comprobante que el PAC rechazó por su fecha (401) o uno posiblemente timbrado "
        "(con --confirmo-no-timbrado), y lo deja en la cola de timbrado.",
    )
    parser.add_argument("ref", metavar="REF", help="serie-folio (p. ej. A-15)")
    parser.add_argument(
        "--confirmo-no-timbrado",
        action="store_true",
        dest="confirmed",
        help="confirma que el envío anterior no quedó timbrado (lo revisó con el PAC o el SAT)",
    )
    parser.add_argument("--password-file", metavar="ARCHIVO", help="contraseña del CSD")
    parser.add_argument("--json", action="store_true", help="salida JSON en una línea")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:

    from facturador.cli._common import active_document, read_password
    from facturador.services.redating import redate_for_company
    from facturador.services.secrets import MemorySecretStore

    engine, empresa, documento = active_document(args.ctx, args.ref)
    password = read_password(args.password_file) if args.password_file else None
    secrets = args.ctx.secrets if password is None else MemorySecretStore()
    resealed = redate_for_company(
        engine, empresa, documento.id or 0, secrets, args.ctx.now(), data_dir=args.ctx.data_dir,
        password=password, confirmed=args.confirmed,
    )  # fmt: skip
    name = f"{documento.serie or ''}-{documento.folio}"
    if args.json:
        print(json.dumps({"serie": documento.serie, "folio": documento.folio,
                          "fecha": resealed.fecha.isoformat(), "estado": "EN_COLA"}))  # fmt: skip
    else:
        print(
            f"{name} se fechó de nuevo ({resealed.fecha:%Y-%m-%d %H:%M:%S}) y se selló con la "
            "misma serie y folio; quedó en la cola. Envíelo con «facturador sincronizar»."
        )
    return 0
