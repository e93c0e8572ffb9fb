"""`facturador estado UUID [--json] [--url URL]`: ask SAT's status service about a CFDI.

The document must be stored (its receptor, total and sello form the query). The service is
SAT's production or test ConsultaCFDIService per the company's PAC environment; a demo
(sandbox) stamp is asked to the sandbox; `--url` points at another endpoint (tests).
"""

from __future__ import annotations

import argparse
import json

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "estado",
        help="consulta en el SAT el estado de un CFDI (vigente, cancelado, cancelable)",
        description="Consulta el servicio de estado de CFDI del SAT: Estado, EsCancelable y "
        "EstatusCancelacion, junto con el estado que guarda la aplicación.",
    )
    parser.add_argument("uuid", metavar="UUID", help="folio fiscal (o serie-folio, p. ej. A-15)")
    parser.add_argument("--url", help="URL del servicio de consulta (por omisión la del SAT)")
    parser.add_argument("--json", action="store_true", help="salida JSON en una línea")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from facturador.models.engine import read_session
    from facturador.pac.sat_status import SatStatusClient
    from facturador.services.cancel_requests import find_document, latest_request, status_query
    from facturador.services.companies import get_active_company
    from facturador.services.pac_clients import client_for_company
    from facturador.services.settings import data_dir

    engine = args.ctx.engine
    with read_session(engine) as session:
        empresa = get_active_company(session)
        assert empresa.id is not None
        doc = find_document(session, empresa.id, args.uuid)
        request = latest_request(session, doc.id or 0)
    if not doc.uuid:
        from facturador.services.cancel_requests import CancellationRefusedError
        from facturador.services.messages import STATE_PHRASES

        state = STATE_PHRASES.get(doc.state, doc.state)
        raise CancellationRefusedError(
            "not_stamped_queued", name=f"{doc.serie}-{doc.folio}", state=state
        )
    if args.url:
        client = SatStatusClient(url=args.url)
    elif doc.is_demo:
        client, _demo = client_for_company(empresa, None, data_dir=data_dir())
    else:
        client = SatStatusClient((empresa.pac_environment or "produccion").strip().lower())
    answer = client.status(status_query(doc, empresa.rfc))
    out = {
        "uuid": doc.uuid,
        "codigo_estatus": answer.codigo_estatus,
        "estado": answer.estado,
        "es_cancelable": answer.es_cancelable,
        "estatus_cancelacion": answer.estatus_cancelacion,
        "validacion_efos": answer.validacion_efos,
        "estado_local": doc.state,
        "motivo": request.motivo if request else None,
        "folio_sustitucion": request.folio_sustitucion if request else None,
    }
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
        return 0
    print(f"UUID {doc.uuid}: {answer.codigo_estatus}")
    print(f"Estado: {answer.estado or '-'}")
    print(f"EsCancelable: {answer.es_cancelable or '-'}")
    print(f"EstatusCancelacion: {answer.estatus_cancelacion or '-'}")
    print(f"En la aplicación: {doc.state}")
    return 0
