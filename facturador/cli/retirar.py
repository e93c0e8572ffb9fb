"""`facturador retirar REF [--json]`: withdraw a queued document before it is stamped.

For a document sealed or in the queue (serie-folio, e.g. A-15) that was never sent to a PAC,
or whose sends were all answered: it becomes RETIRADO, is never sent, and its serie and folio
stay marked as withdrawn. A document being sent, or one that may already be stamped, is
refused with the reason: only the PAC can tell, and the next `facturador sincronizar` asks it.
"""

from __future__ import annotations

import argparse
import json

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "retirar",
        help="retira de la cola un comprobante aún no timbrado (su folio queda como retirado)",
        description="Retira de la cola de timbrado un comprobante sellado que aún no se ha "
        "enviado al PAC. No se timbrará nunca; su serie y folio quedan marcados como retirados.",
    )
    parser.add_argument("ref", metavar="REF", help="serie-folio (p. ej. A-15)")
    parser.add_argument("--json", action="store_true", help="salida JSON en una línea")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from facturador.cli._common import active_document
    from facturador.services import messages
    from facturador.services.withdrawal import document_name, withdraw_document

    engine, _empresa, documento = active_document(args.ctx, args.ref)
    withdrawn = withdraw_document(engine, documento.id or 0, datetime.now(UTC))
    name = document_name(withdrawn)
    if args.json:
        print(json.dumps({"serie": withdrawn.serie, "folio": withdrawn.folio,
                          "estado": withdrawn.state}))  # fmt: skip
    else:
        print(messages.WITHDRAWN.format(name=name))
    return 0
