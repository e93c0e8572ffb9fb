"""The persisted life of a document (see architecture.md) and the one way to move along it.

`transition()` checks the move against `TRANSITIONS` and writes the `AuditEntry` in the same
session, so the caller's commit makes both durable together or neither.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlmodel import Session

from facturador.models.errors import IllegalTransitionError
from facturador.models.tables import AuditEntry, Documento

__all__ = ["TRANSITIONS", "DocumentState", "is_allowed", "transition"]


class DocumentState(StrEnum):
    BORRADOR = "BORRADOR"
    SELLADO = "SELLADO"
    EN_COLA = "EN_COLA"
    ENVIANDO = "ENVIANDO"
    TIMBRADO = "TIMBRADO"
    RECHAZADO = "RECHAZADO"
    # SAT's 72 hours ran out while a send's outcome was unknown: looked up, never re-sent.
    POSIBLEMENTE_TIMBRADO = "POSIBLEMENTE_TIMBRADO"
    CANCELACION_EN_COLA = "CANCELACION_EN_COLA"
    CANCELACION_EN_PROCESO = "CANCELACION_EN_PROCESO"
    CANCELADO = "CANCELADO"
    CANCELACION_RECHAZADA = "CANCELACION_RECHAZADA"
    # Withdrawn from the queue by the user before any send could reach a PAC: never sent,
    # its serie and folio stay taken (services.withdrawal).
    RETIRADO = "RETIRADO"


S = DocumentState

TRANSITIONS: dict[DocumentState, frozenset[DocumentState]] = {
    S.BORRADOR: frozenset({S.SELLADO}),
    S.SELLADO: frozenset({S.EN_COLA, S.RETIRADO}),
    # A queued document near SAT's 72-hour limit is re-dated and re-sealed: EN_COLA -> SELLADO.
    # Only a document no send of which can have reached a PAC (see services.redating).
    # The user withdraws it (-> RETIRADO) only while `may_be_stamped` is false.
    S.EN_COLA: frozenset({S.ENVIANDO, S.SELLADO, S.POSIBLEMENTE_TIMBRADO, S.RETIRADO}),
    # ENVIANDO -> ENVIANDO is the resend after a crash; -> EN_COLA a retryable fault.
    S.ENVIANDO: frozenset(
        {S.TIMBRADO, S.RECHAZADO, S.EN_COLA, S.ENVIANDO, S.POSIBLEMENTE_TIMBRADO}
    ),
    # The user fixes a rejected document (back to a draft that keeps its folio) and re-seals.
    S.RECHAZADO: frozenset({S.BORRADOR, S.SELLADO}),
    # Found at the PAC; or the user confirmed it is not stamped and has it sealed again.
    S.POSIBLEMENTE_TIMBRADO: frozenset({S.TIMBRADO, S.SELLADO}),
    S.TIMBRADO: frozenset({S.CANCELACION_EN_COLA}),
    S.CANCELACION_EN_COLA: frozenset({S.CANCELACION_EN_PROCESO}),
    S.CANCELACION_EN_PROCESO: frozenset(
        {S.CANCELADO, S.CANCELACION_RECHAZADA, S.CANCELACION_EN_COLA, S.CANCELACION_EN_PROCESO}
    ),
    S.CANCELADO: frozenset(),
    # A cancellation the receptor rejected may be requested again.
    S.CANCELACION_RECHAZADA: frozenset({S.CANCELACION_EN_COLA}),
    S.RETIRADO: frozenset(),
}


def is_allowed(current: DocumentState | str, new: DocumentState | str) -> bool:
    return DocumentState(new) in TRANSITIONS[DocumentState(current)]


def transition(
    session: Session,
    documento: Documento,
    new_state: DocumentState,
    detail: str = "",
    *,
    now: datetime | None = None,
) -> AuditEntry:
    """Move `documento` to `new_state` and add its audit entry; the caller commits."""
    current = DocumentState(documento.state)
    if not is_allowed(current, new_state):
        raise IllegalTransitionError(documento.id, current.value, DocumentState(new_state).value)
    at = now or datetime.now(UTC)
    documento.state = DocumentState(new_state).value
    documento.updated_at = at
    entry = AuditEntry(
        documento=documento,
        from_state=current.value,
        to_state=documento.state,
        at=at,
        detail=detail,
    )
    session.add(documento)
    session.add(entry)
    return entry
