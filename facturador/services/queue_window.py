"""The 72-hour window steps of the stamping pass: re-dating, and possibly stamped documents.

A mixin of `services.queue_worker.Worker` (see services.queue for the rules).
"""

from __future__ import annotations

import abc
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlmodel import Session

from facturador.models.report_figures import record_figures
from facturador.models.states import DocumentState, transition
from facturador.models.tables import Documento, Empresa
from facturador.pac.base import PacClient, StampResult
from facturador.pac.errors import (
    PacError,
    PacRejectedError,
    PacStampNotReadyError,
    PacUnavailableError,
)
from facturador.sat.credentials import Credential
from facturador.sat.errors import FacturadorError
from facturador.sat.xml_reader import parse_comprobante
from facturador.services import messages
from facturador.services.queue_events import (
    DocumentPossiblyStamped,
    DocumentRedated,
    Event,
    PauseReason,
    SyncReport,
)
from facturador.services.queue_policy import (
    LOOKUP_DELAY,
    STOP_AFTER_FAULTS,
    CredentialProvider,
    PassState,
    QueuedDoc,
    StopPass,
    pause,
)
from facturador.services.redating import REDATE_AFTER, WINDOW, age, reseal

__all__ = ["WindowSteps"]

S = DocumentState


class WindowSteps(abc.ABC):
    """What the worker's 72-hour steps use of it; `Worker` sets these in its __init__."""

    sessions: Callable[[], Session]
    client: PacClient
    empresa: Empresa | None
    moment: datetime
    run_: PassState
    report: SyncReport
    credential_provider: CredentialProvider | None
    faults_in_a_row: int
    redated_after_rejection: set[int]
    _credential: Credential | None
    _credential_tried: bool

    @abc.abstractmethod
    def notify(self, event: Event) -> None: ...

    @abc.abstractmethod
    def _stamped(self, doc: QueuedDoc, result: StampResult, *, recovered: bool = False) -> None: ...

    # ------------------------------------------------------------ possibly stamped

    def _possibly_stamped(self, doc: QueuedDoc) -> None:
        """EN_COLA/ENVIANDO -> POSIBLEMENTE_TIMBRADO: looked up from now on, never resent."""
        text = messages.POSSIBLY_STAMPED.format(name=doc.name, ref=doc.name)
        with self.sessions() as session:
            d = session.get(Documento, doc.id)
            if d is None or d.state != doc.state or d.sealed_xml != doc.sealed_xml:
                return
            d.may_be_stamped = True
            d.last_error_message = messages.POSSIBLY_STAMPED_WAITING
            d.next_attempt_at = self.moment + LOOKUP_DELAY
            transition(
                session,
                d,
                S.POSIBLEMENTE_TIMBRADO,
                "Pasaron las 72 horas sin saber si un envío anterior quedó timbrado: "
                "se verifica con el PAC; no se vuelve a sellar sin confirmación del usuario",
                now=self.moment,
            )
            session.commit()
        event = DocumentPossiblyStamped(doc.id, doc.serie, doc.folio, text)
        self.report.possibly_stamped.append(event)
        self.report.notices.append(text)
        self.notify(event)

    def _look_up_possibly_stamped(self, doc: QueuedDoc) -> None:
        try:
            found = self.client.recover(doc.sealed_xml)
        except PacRejectedError:
            found = None  # SW looks up by stamping: out of the window it answers 401
        except PacError as error:
            found = None
            if isinstance(error, PacUnavailableError) and not isinstance(
                error, PacStampNotReadyError
            ):
                self.faults_in_a_row += 1
        if found is not None and found.stamped:
            self._stamped(doc, found, recovered=True)
            return
        with self.sessions() as session:
            d = session.get(Documento, doc.id)
            if d is not None and d.state == S.POSIBLEMENTE_TIMBRADO:
                d.next_attempt_at = self.moment + LOOKUP_DELAY
                session.add(d)
                session.commit()
        if self.faults_in_a_row >= STOP_AFTER_FAULTS:
            text = messages.SIN_CONEXION_RETRY
            pause(self.report, self.notify, PauseReason.UNREACHABLE, text)
            raise StopPass

    # ------------------------------------------------------------ the 72-hour window

    def _age(self, doc: QueuedDoc) -> timedelta | None:
        if doc.fecha is None:
            return None
        lugar = self.empresa.lugar_expedicion if self.empresa else ""
        return age(doc.fecha, doc.sealed_xml, lugar, self.run_.now_for_the_pac())

    def _too_old(self, doc: QueuedDoc) -> bool:
        old = self._age(doc)
        return old is not None and old > REDATE_AFTER

    def _window_closed(self, doc: QueuedDoc) -> bool:
        old = self._age(doc)
        return old is not None and old > WINDOW

    def _credential_for_redating(self) -> Credential | None:
        if not self._credential_tried:
            self._credential_tried = True
            if self.credential_provider is not None and self.empresa is not None:
                try:
                    self._credential = self.credential_provider(self.empresa)
                except FacturadorError as error:
                    self.report.notices.append(f"No se pudo cargar el CSD: {error.message}")
        return self._credential

    def _redate(self, doc: QueuedDoc, *, rejected: bool = False) -> QueuedDoc | None:
        """Re-date and re-seal (same serie and folio); None if another worker moved it.

        Only for a document none of whose sends can have reached a PAC: a queued one, or one
        the PAC has just refused for its Fecha (`rejected`: ENVIANDO -> RECHAZADO -> SELLADO
        -> EN_COLA in one transaction). Without a credential (or the input) a queued
        document is sent as it is and the user told; a rejected one stays rejected (None).
        """
        credential = self._credential_for_redating()
        if credential is None or doc.input_json is None:
            self.report.notices.append(messages.REDATE_NO_CSD.format(name=doc.name))
            return None if rejected else doc
        if rejected:
            self.redated_after_rejection.add(doc.id)
        resealed = reseal(doc.input_json, doc.folio, credential, self.run_.now_for_the_pac())
        old, fecha = doc.fecha, resealed.fecha
        when = {"old": f"{old:%Y-%m-%d %H:%M}" if old else "—", "new": f"{fecha:%Y-%m-%d %H:%M}"}
        text = (messages.REDATED_AFTER_401 if rejected else messages.REDATED).format(
            name=doc.name, **when
        )
        why = "tras el rechazo 401 del PAC" if rejected else "por el límite de 72 horas"
        with self.sessions() as session:
            d = session.get(Documento, doc.id)
            if d is None or d.state != doc.state or d.sealed_xml != doc.sealed_xml:
                return None
            if rejected:
                text_401 = f"Rechazado por {self.client.name}: 401 (fecha fuera de plazo)"
                transition(session, d, S.RECHAZADO, text_401, now=self.moment)
            elif d.may_be_stamped:
                return None  # a send by another worker may have reached the PAC meanwhile
            d.may_be_stamped = False
            transition(
                session,
                d,
                S.SELLADO,
                f"Re-fechado {why}: Fecha {old} → {fecha}; "
                f"sellado de nuevo, serie y folio {doc.name} conservados",
                now=self.moment,
            )
            d.sealed_xml = resealed.xml
            d.fecha = fecha
            record_figures(session, d, parse_comprobante(resealed.xml))
            d.next_attempt_at = None
            transition(session, d, S.EN_COLA, "En espera de timbrado (re-fechado)", now=self.moment)
            session.commit()
        doc.state = S.EN_COLA.value
        doc.may_be_stamped = False
        event = DocumentRedated(doc.id, doc.serie, doc.folio, old, fecha, text)
        self.report.redated.append(event)
        self.report.notices.append(text)
        self.notify(event)
        doc.sealed_xml = resealed.xml
        doc.fecha = fecha
        return doc
