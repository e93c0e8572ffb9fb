"""What waits for the PAC, as the status bar and the diagnostic report count it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from facturador.models.states import DocumentState as S
from facturador.services.views import QueueSummary

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = ["queue_summary"]

_COUNTED = (S.EN_COLA, S.ENVIANDO, S.RECHAZADO, S.POSIBLEMENTE_TIMBRADO)


def queue_summary(ctx: Context) -> QueueSummary:
    """How many of the active company's documents wait in the send queue."""
    from sqlalchemy import func
    from sqlmodel import col, select

    from facturador.models.repositories import active_empresa
    from facturador.models.tables import Documento

    with ctx.read() as session:
        company = active_empresa(session)
        if company is None:
            return QueueSummary()
        query = (
            select(Documento.state, func.count())
            .where(Documento.empresa_id == company.id)
            .where(col(Documento.state).in_([str(s) for s in _COUNTED]))
            .group_by(Documento.state)
        )
        counts = {state: int(n) for state, n in session.exec(query)}
    return QueueSummary(
        en_cola=counts.get(S.EN_COLA, 0),
        enviando=counts.get(S.ENVIANDO, 0),
        rechazado=counts.get(S.RECHAZADO, 0),
        posiblemente_timbrado=counts.get(S.POSIBLEMENTE_TIMBRADO, 0),
    )
