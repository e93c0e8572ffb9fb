"""Consultar estado en el SAT: the SAT's answer for one of the active company's documents,
asked through the company's PAC client (with its backup, as every pass builds it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from facturador.services.views import SatStatusInfo

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = ["sat_status"]


def sat_status(ctx: Context, documento_id: int) -> SatStatusInfo:
    from facturador.models.tables import Documento
    from facturador.services.cancel_requests import status_query
    from facturador.services.errors import NotFoundError
    from facturador.services.failover import client_with_failover

    with ctx.read() as session:
        empresa = ctx.active_company(session)
        doc = session.get(Documento, documento_id)
        if doc is None or doc.empresa_id != empresa.id:
            raise NotFoundError("documento", documento_id)
        query = status_query(doc, empresa.rfc)
    client, _demo = client_with_failover(empresa, ctx.secrets, data_dir=ctx.data_dir)
    answer = client.status(query)
    return SatStatusInfo(
        uuid=query.uuid,
        codigo_estatus=answer.codigo_estatus or "",
        estado=answer.estado or "",
        es_cancelable=answer.es_cancelable or "",
        estatus_cancelacion=answer.estatus_cancelacion or "",
    )
