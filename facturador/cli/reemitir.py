"""`facturador reemitir REF --actualizar-receptor [--cliente ID] [--json]`: seal again, with
the same serie and folio, a document the PAC rejected for its receptor's data
(CFDI40143–CFDI40161), taking the client's current data (after importing its Constancia or
editing it), and queue it. The CSD password comes from the keyring.
"""

from __future__ import annotations

import argparse
import json

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "reemitir",
        help="sella de nuevo (misma serie y folio) un comprobante rechazado por los datos del "
        "cliente, con los datos actuales del cliente",
        description="Para un comprobante que el PAC rechazó por los datos del receptor "
        "(CFDI40143 a CFDI40161): actualice antes el cliente (facturador cliente importar-csf "
        "CONSTANCIA.pdf --guardar); este comando toma los datos actuales del cliente, los "
        "revisa contra su Constancia, sella de nuevo con la misma serie y folio y lo deja en "
        "la cola de timbrado.",
    )
    parser.add_argument("ref", metavar="REF", help="UUID o serie-folio (p. ej. A-15)")
    parser.add_argument(
        "--actualizar-receptor",
        action="store_true",
        required=True,
        help="toma el RFC, nombre, C.P., régimen y uso CFDI actuales del cliente",
    )
    parser.add_argument("--cliente", type=int, metavar="ID", help="id del cliente a usar")
    parser.add_argument("--json", action="store_true", help="salida JSON en una línea")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from facturador.cli._common import active_document
    from facturador.services import messages_receptor
    from facturador.services.receptor_reissue import reseal_with_client

    _engine, _empresa, documento = active_document(args.ctx, args.ref)
    row = reseal_with_client(args.ctx, documento.id or 0, args.cliente)
    if args.json:
        payload = {"serie": documento.serie, "folio": documento.folio, "estado": row.state}
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(messages_receptor.RESEALED.format(name=row.name))
    return 0
