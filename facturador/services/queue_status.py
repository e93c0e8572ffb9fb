"""What waits for the PAC, as the status bar and the diagnostic report count it: how many,
when a send was last tried, when the next one will be, and how many are near SAT's 72 h."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from facturador.models.states import DocumentState as S
from facturador.services.views import QueueSummary

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = ["queue_summary"]

_COUNTED = (S.EN_COLA, S.ENVIANDO, S.RECHAZADO, S.POSIBLEMENTE_TIMBRADO)
_WAITING = (S.EN_COLA, S.ENVIANDO)


def queue_summary(ctx: Context, next_pass_at: datetime | None = None) -> QueueSummary:
    """How many of the active company's documents wait in the send queue, and when.

    `next_pass_at` is when the caller's scheduler runs its next pass (the GUI's timer): a
    document whose backoff has passed is tried then, one still backing off at its own time.
    """
    from sqlalchemy import func
    from sqlmodel import col, select

    from facturador.models.repositories import active_empresa
    from facturador.models.tables import AuditEntry, Documento
    from facturador.services.redating import NEAR_LIMIT, age

    now = ctx.now()
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
        waiting = session.exec(
            select(Documento.fecha, Documento.sealed_xml, Documento.next_attempt_at).where(
                Documento.empresa_id == company.id,
                col(Documento.state).in_([str(s) for s in _WAITING]),
            )
        ).all()
        last_attempt = session.exec(
            select(func.max(AuditEntry.at))
            .join(Documento, col(Documento.id) == col(AuditEntry.documento_id))
            .where(Documento.empresa_id == company.id, AuditEntry.to_state == str(S.ENVIANDO))
        ).first()
        lugar = company.lugar_expedicion
    pass_at = max(next_pass_at or now, now)
    tries = [max(pass_at, due) if due is not None else pass_at for _f, _x, due in waiting]
    near = sum(
        1
        for fecha, xml, _due in waiting
        if fecha is not None and age(fecha, xml or b"", lugar, now) >= NEAR_LIMIT
    )
    return QueueSummary(
        en_cola=counts.get(S.EN_COLA, 0),
        enviando=counts.get(S.ENVIANDO, 0),
        rechazado=counts.get(S.RECHAZADO, 0),
        posiblemente_timbrado=counts.get(S.POSIBLEMENTE_TIMBRADO, 0),
        last_attempt_at=_aware(last_attempt),
        next_attempt_at=min(tries) if tries else None,
        near_limit=near,
    )


def _aware(moment: datetime | None) -> datetime | None:
    from datetime import UTC

    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)
