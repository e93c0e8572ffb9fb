"""`facturador cancelar UUID --motivo 01|02|03|04 [--sustituye UUID]`: queue a cancellation.

UUID may also be the document's serie and folio (A-15). Nothing reaches the PAC here: the
request is checked (stamped document, motivo, FolioSustitucion rules) and queued; the next
synchronization sends it and follows SAT's answer. A refusal is one Spanish line, exit 1.
"""

from __future__ import annotations

import argparse
import json

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "cancelar",
        help="deja en cola la cancelación de un CFDI timbrado",
        description="Revisa y deja en cola la solicitud de cancelación de un CFDI timbrado de "
        "la empresa activa; se envía al SAT al sincronizar.",
    )
    parser.add_argument("uuid", metavar="UUID", help="folio fiscal (o serie-folio, p. ej. A-15)")
    parser.add_argument(
        "--motivo",
        required=True,
        metavar="01|02|03|04",
        help="01 errores con relación (se sustituye), 02 errores sin relación, "
        "03 no se llevó a cabo la operación, 04 operación nominativa en factura global",
    )
    parser.add_argument(
        "--sustituye",
        metavar="UUID",
        help="UUID del comprobante que sustituye a éste (sólo y siempre con el motivo 01)",
    )
    parser.add_argument("--json", action="store_true", help="salida JSON en una línea")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from facturador.services.cancel_requests import request_cancellation
    from facturador.services.messages import CANCEL_MOTIVOS

    queued = request_cancellation(
        args.ctx.engine, args.uuid, args.motivo, folio_sustitucion=args.sustituye
    )
    if args.json:
        print(
            json.dumps(
                {
                    "id": queued.documento_id,
                    "uuid": queued.uuid,
                    "motivo": queued.motivo,
                    "folio_sustitucion": queued.folio_sustitucion,
                    "estado": queued.state,
                },
                ensure_ascii=False,
            )
        )
        return 0
    print(
        f"Cancelación en cola: UUID {queued.uuid}, motivo {queued.motivo} "
        f"({CANCEL_MOTIVOS[queued.motivo]})"
        + (f", sustituido por {queued.folio_sustitucion}" if queued.folio_sustitucion else "")
        + ". Se enviará al sincronizar."
    )
    return 0
