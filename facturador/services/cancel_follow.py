"""SAT's answer about a cancellation in process: the follow-up steps of the cancellation pass.

A mixin of `services.cancellation._CancelPass` (see services.cancellation for the rules).
"""

from __future__ import annotations

import abc
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.engine import Engine

from facturador.models.engine import write_session
from facturador.models.states import DocumentState, transition
from facturador.models.tables import Cancelacion, Documento
from facturador.pac.base import SatStatus
from facturador.pac.errors import PacError
from facturador.services import messages
from facturador.services.cancel_events import (
    CancelItem,
    CancellationRejected,
    CancellationReport,
    Cancelled,
    Event,
    StatusProvider,
)
from facturador.services.cancel_requests import document_name

__all__ = ["FollowSteps"]

S = DocumentState


class FollowSteps(abc.ABC):
    """What the follow-up steps use of the pass; `_CancelPass` sets these."""

    engine: Engine
    moment: datetime
    status: StatusProvider
    report: CancellationReport
    sat_answers: dict[int, SatStatus]
    reasons: dict[int, str]

    notify: Callable[[Event], None]

    @abc.abstractmethod
    def _requeue(
        self, item: CancelItem, message: str, next_at: datetime | None, detail: str
    ) -> None: ...

    def _follow(self, item: CancelItem) -> bool:
        """Ask SAT; False when SAT cannot be reached (stop asking in this pass)."""
        try:
            answer = self.status.status(item.query)
        except PacError as error:
            self.report.notices.append(f"{messages.CANCEL_WAITING['no_status']}: {error}")
            return False
        self.sat_answers[item.id] = answer
        estatus = answer.estatus_cancelacion
        if answer.estado == "Cancelado" or estatus == "Plazo vencido":
            self._cancelled(item, answer)
        elif estatus == "Solicitud rechazada":
            self._receptor_rejected(item, answer)
        elif item.code is None and not estatus and answer.estado != "Cancelado":
            # Claimed but no answer stored (crash mid-request) and SAT knows no request:
            # send again; the PAC answers 202 if the first one did arrive.
            self._requeue(
                item,
                messages.CANCEL_WAITING["queued"],
                None,
                "Sin respuesta del PAC a la solicitud anterior: se enviará de nuevo",
            )
        else:
            key = "with_acceptance" if estatus == "En proceso" else "sat_pending"
            self.reasons[item.id] = messages.CANCEL_WAITING[key]
            self._store_status(item, answer)
        return True

    def _store_status(self, item: CancelItem, answer: SatStatus) -> None:
        with write_session(self.engine) as session:
            request = session.get(Cancelacion, item.request_id)
            if request is None:
                return
            _copy_status(request, answer, self.moment)
            session.add(request)
            session.commit()

    def _cancelled(self, item: CancelItem, answer: SatStatus) -> None:
        estatus = answer.estatus_cancelacion
        with write_session(self.engine) as session:
            doc = session.get(Documento, item.id)
            request = session.get(Cancelacion, item.request_id)
            if doc is None or request is None or doc.state != S.CANCELACION_EN_PROCESO:
                return
            _copy_status(request, answer, self.moment)
            session.add(request)
            why = messages.CANCEL_PLAZO_VENCIDO if estatus == "Plazo vencido" else estatus
            detail = (
                f"SAT: Estado {answer.estado}"
                + (f", {why}" if why else "")
                + (f"; EsCancelable {answer.es_cancelable}" if answer.es_cancelable else "")
                + (f"; acuse {request.code}" if request.code else "")
            )
            transition(session, doc, S.CANCELADO, detail, now=self.moment)
            session.commit()
        event = Cancelled(item.id, item.uuid, estatus or answer.estado)
        self.report.cancelled.append(event)
        self.notify(event)

    def _receptor_rejected(self, item: CancelItem, answer: SatStatus) -> None:
        with write_session(self.engine) as session:
            doc = session.get(Documento, item.id)
            request = session.get(Cancelacion, item.request_id)
            if doc is None or request is None or doc.state != S.CANCELACION_EN_PROCESO:
                return
            _copy_status(request, answer, self.moment)
            session.add(request)
            message = messages.CANCEL_RECEPTOR_REJECTED.format(name=document_name(doc))
            doc.last_error_code = "SOLICITUD_RECHAZADA"
            doc.last_error_message = message
            transition(
                session,
                doc,
                S.CANCELACION_RECHAZADA,
                "SAT: Solicitud rechazada por el receptor",
                now=self.moment,
            )
            session.commit()
        event = CancellationRejected(item.id, item.uuid, "Solicitud rechazada", message)
        self.report.rejected.append(event)
        self.notify(event)

    # ------------------------------------------------------------ the report


def _copy_status(request: Cancelacion, answer: SatStatus, moment: datetime) -> None:
    request.sat_estado = answer.estado[:40] or None
    request.sat_es_cancelable = answer.es_cancelable[:40] or None
    request.sat_estatus_cancelacion = answer.estatus_cancelacion[:40] or None
    request.checked_at = moment
