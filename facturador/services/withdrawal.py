"""Retirar de la cola: the user withdraws a queued document that no PAC can have seen.

`withdraw_document(engine, id, now)` moves a SELLADO or EN_COLA document to RETIRADO, with
its audit entry, in one transaction. It refuses (WithdrawalRefusedError) a document whose
sealed bytes may be at a PAC: ENVIANDO, POSIBLEMENTE_TIMBRADO, or `may_be_stamped` (a send
left without an answer). For those only the PAC can tell whether a CFDI exists; the pass asks
it, and a stamped document is cancelled instead. A withdrawn document keeps its serie and
folio (no other document takes them) and is never sent: the queue only picks EN_COLA,
ENVIANDO and POSIBLEMENTE_TIMBRADO. `withdrawal_refusal` says beforehand why one cannot be
withdrawn, for the pages' hints.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import select

from facturador.models.engine import write_session
from facturador.models.states import DocumentState, transition
from facturador.models.tables import Documento
from facturador.sat.errors import FacturadorError
from facturador.services import messages

__all__ = [
    "WITHDRAWABLE",
    "WithdrawalRefusedError",
    "document_name",
    "withdraw_document",
    "withdrawal_refusal",
]

S = DocumentState
WITHDRAWABLE = (S.SELLADO, S.EN_COLA)


class WithdrawalRefusedError(FacturadorError):
    """The document cannot be withdrawn; `reason` is a key of WITHDRAW_REFUSALS."""

    def __init__(self, reason: str, name: str, state: str = "") -> None:
        super().__init__(reason, name, state)
        self.reason = reason
        self.name = name
        self.state = state

    @property
    def message(self) -> str:
        state = messages.STATE_PHRASES.get(self.state, self.state)
        return messages.WITHDRAW_REFUSALS[self.reason].format(name=self.name, state=state)


def document_name(documento: Documento) -> str:
    """ "A-15" (serie-folio), "15" without a serie."""
    if documento.serie:
        return f"{documento.serie}-{documento.folio}"
    return str(documento.folio)


def withdrawal_refusal(state: str, may_be_stamped: bool) -> str | None:
    """Why a document in `state` cannot be withdrawn (a WITHDRAW_REFUSALS key), or None."""
    current = DocumentState(state)
    if current is S.ENVIANDO:
        return "sending"
    if current is S.POSIBLEMENTE_TIMBRADO or (current in WITHDRAWABLE and may_be_stamped):
        return "may_be_stamped"
    if current not in WITHDRAWABLE:
        return "not_queued"
    return None


def withdraw_document(engine: Engine, documento_id: int, now: datetime) -> Documento:
    """SELLADO/EN_COLA -> RETIRADO, audited, when no send can have reached a PAC."""
    with write_session(engine) as session:
        # FOR UPDATE: on PostgreSQL the pass cannot claim it between this check and the commit.
        query = select(Documento).where(Documento.id == documento_id).with_for_update()
        documento = session.exec(query).first()
        if documento is None:
            raise WithdrawalRefusedError("not_found", str(documento_id))
        name = document_name(documento)
        reason = withdrawal_refusal(documento.state, documento.may_be_stamped)
        if reason is not None:
            raise WithdrawalRefusedError(reason, name, documento.state)
        transition(
            session, documento, S.RETIRADO, messages.WITHDRAWN_AUDIT.format(name=name), now=now
        )
        documento.next_attempt_at = None
        session.commit()
        session.refresh(documento)
        return documento
