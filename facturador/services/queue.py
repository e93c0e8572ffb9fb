"""The send queue: stamp every queued document exactly once, surviving crashes.

The queue is rows with a status (architecture.md, style.md §2). `sync_once` makes one pass
over a company's documents, oldest first, one at a time:

1. A document left in ENVIANDO (the process died mid-request) is first looked up at the PAC
   with its sealed bytes (`client.recover`); if the PAC had stamped it, that stamp is stored.
   Otherwise it is resent with the same bytes.
2. EN_COLA -> ENVIANDO (attempts + 1, `may_be_stamped` set) is committed *before* the
   request leaves.
3. The answer is stored in one transaction: STAMPED / PREVIOUSLY_STAMPED -> TIMBRADO with the
   stamped XML as received; REJECTED -> RECHAZADO with the code and what to fix; a
   retryable fault -> EN_COLA with exponential backoff and jitter; no credits or an account
   problem -> EN_COLA and the pass pauses.
4. SAT's 72-hour window (services.redating): a queued document older than 70 hours is
   re-dated and re-sealed (same serie and folio) -- but only if no send of it can have
   reached a PAC.

Never two CFDIs for one folio. Resending the same bytes is safe: the PAC recognises them and
answers "previously stamped" (307) with the earlier stamp. Sending *different* bytes for the
same folio is safe only if the old ones were never stamped, and a lookup that answers "not
found" does not prove it: PACs and the SAT are eventually consistent, a stamp may be missing
from the lookup for minutes after it was made, and some PACs answer 307 without the stamp.
So the outcome of every send is classified, and the doubt is kept on the row
(`Documento.may_be_stamped`), written with ENVIANDO before the request leaves:

- a definite answer settles it: a stamp (TIMBRADO), a rejection of these bytes (RECHAZADO;
  except a rejection for Fecha after an earlier unknown outcome, since whether a PAC checks
  307 before the date window is unknown), or proof that *this* request did not stamp (it
  never left, 708/709, no credits, account refused: the doubt stays what it was before);
- anything else (read timeout, reset after sending, HTTP 5xx, garbage, 307 without the
  stamp, a crash while ENVIANDO) leaves the doubt standing.

While the doubt stands the document is resent with the very same bytes and is never
re-dated. If SAT's 72 hours run out with the doubt still open, the document moves to
POSIBLEMENTE_TIMBRADO ("Posiblemente timbrado: verificando con el PAC"): the pass keeps
looking it up (never re-sending new bytes) and stores the stamp when the lookup finds it;
only the user can have it sealed again, after confirming with the PAC or the SAT that it
does not exist (`redating.redate_document(..., confirmed=True)`).

Bounded passes: a pass ends between documents when its `time_budget` is spent, when
`should_stop()` says so (the GUI's Cancelar), after `STOP_AFTER_FAULTS` consecutive faults,
after as many consecutive answers slower than `stall_after` seconds, or at once when the PAC
cannot be reached at all. Documents not reached stay queued, untouched.

Backoff: a transient fault delays that document (exponential, with jitter). A fault says
something about the connection, not the document, so once a pass gets an answer, documents
waiting only on such a delay are tried again in the same pass; `everything_due=True` (a
pass the user asked for) tries every queued document at once.

Several processes may run passes at once: every write re-reads the row under the write lock
and does nothing when another worker got there first. Nothing here touches Qt.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

from sqlalchemy import case
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from facturador.models.engine import is_sqlite, read_session, write_session
from facturador.models.states import DocumentState
from facturador.models.tables import Documento, Empresa
from facturador.pac.base import PacClient
from facturador.services import messages
from facturador.services.connectivity import Connectivity
from facturador.services.queue_events import (
    DocumentPossiblyStamped,
    DocumentRedated,
    DocumentRejected,
    DocumentStamped,
    Notify,
    PauseReason,
    RetryScheduled,
    SyncFinished,
    SyncPaused,
    SyncReport,
    SyncStarted,
    WaitingDocument,
)
from facturador.services.queue_policy import (
    MAX_DELAY,
    PASS_TIME_BUDGET,
    SIN_CONEXION,
    STALL_AFTER,
    CredentialProvider,
    PassLimits,
    PassState,
    StopPass,
    pause,
    retry_delay,
)
from facturador.services.queue_worker import Worker
from facturador.services.redating import REDATE_AFTER

__all__ = [
    "MAX_DELAY",
    "PASS_TIME_BUDGET",
    "REDATE_AFTER",
    "STALL_AFTER",
    "DocumentPossiblyStamped",
    "DocumentRedated",
    "DocumentRejected",
    "DocumentStamped",
    "PassLimits",
    "RetryScheduled",
    "SyncFinished",
    "SyncPaused",
    "SyncReport",
    "SyncStarted",
    "WaitingDocument",
    "retry_delay",
    "sync_once",
]

S = DocumentState


def _utcnow() -> datetime:
    return datetime.now(UTC)


# ---------------------------------------------------------------- the pass


def sync_once(
    engine: Engine,
    client: PacClient,
    *,
    empresa_id: int,
    now: datetime | None = None,
    on_event: Notify | None = None,
    max_documents: int | None = None,
    credential_provider: CredentialProvider | None = None,
    backoff: Callable[[int], timedelta] = retry_delay,
    connectivity: Connectivity | None = None,
    everything_due: bool = False,
    limits: PassLimits | None = None,
    clock_offset: timedelta | None = None,
) -> SyncReport:
    """One pass over the company's due EN_COLA documents, any ENVIANDO leftovers and the
    possibly stamped ones whose next lookup is due.

    `now` is the pass's clock (due times, backoff); `credential_provider(empresa)` gives the
    CSD for re-dating (None: documents near the 72 h limit are sent as they are and the
    report says so); `backoff(attempts)` is the retry delay; `everything_due` ignores the
    backoff (the user asked for this pass); `limits` bound the pass; `clock_offset` is the
    PAC's clock minus ours as last seen (answers during the pass update it).
    """
    moment = now or _utcnow()
    notify: Notify = on_event or (lambda _event: None)
    report = SyncReport()
    with read_session(engine) as session:
        empresa = session.get(Empresa, empresa_id)
        ids = _due_ids(session, empresa_id, moment, everything_due)
    if max_documents is not None:
        ids = ids[:max_documents]
    notify(SyncStarted(empresa_id, len(ids)))
    if connectivity is not None and not connectivity.is_online():
        pause(report, notify, PauseReason.UNREACHABLE, SIN_CONEXION + ".")
        ids = []
    with _pass_sessions(engine) as sessions:
        worker = Worker(
            sessions,
            client,
            empresa,
            PassState(moment, notify, report, limits or PassLimits(), clock_offset),
            credential_provider,
            backoff,
        )
        try:
            worker.run(ids)
            if worker.answered and max_documents is None:
                # The PAC answers again: what waits only on a transient fault's delay goes now.
                with read_session(engine) as session:
                    backed_off = _backed_off_ids(session, empresa_id, moment)
                worker.run([i for i in backed_off if i not in worker.seen])
        except StopPass:
            pass
        worker.run_.now_for_the_pac()  # tells the user, once, when the PAC's clock differs
    report.waiting = _waiting(engine, empresa_id)
    notify(SyncFinished(report))
    return report


@contextlib.contextmanager
def _pass_sessions(engine: Engine) -> Iterator[Callable[[], Session]]:
    """Sessions for the pass's steps, each one transaction that starts as a writer.

    On SQLite they share one connection (BEGIN IMMEDIATE) for the whole pass: with NullPool
    every session would otherwise open its own, and closing the last connection checkpoints
    and removes the WAL, so each commit would pay two file syncs. Elsewhere, `write_session`.
    """
    if not is_sqlite(engine):
        yield lambda: write_session(engine)
        return
    probe = write_session(engine)
    bind = probe.get_bind()
    probe.close()
    assert isinstance(bind, Engine)
    with bind.connect() as connection:
        yield lambda: Session(bind=connection, expire_on_commit=False)


def _due_ids(
    session: Session, empresa_id: int, moment: datetime, everything_due: bool
) -> list[int]:
    state = col(Documento.state)
    due_at = col(Documento.next_attempt_at).is_(None) | (col(Documento.next_attempt_at) <= moment)
    queued = state == S.EN_COLA.value
    due = (
        (state == S.ENVIANDO.value)
        | (queued if everything_due else queued & due_at)
        | ((state == S.POSIBLEMENTE_TIMBRADO.value) & due_at)
    )
    leftovers_first = case((state == S.ENVIANDO.value, 0), else_=1)
    query = (
        select(Documento.id)
        .where(Documento.empresa_id == empresa_id, due)
        .order_by(leftovers_first, col(Documento.id))
    )
    return [i for i in session.exec(query).all() if i is not None]


def _backed_off_ids(session: Session, empresa_id: int, moment: datetime) -> list[int]:
    query = (
        select(Documento.id)
        .where(
            Documento.empresa_id == empresa_id,
            col(Documento.state) == S.EN_COLA.value,
            col(Documento.next_attempt_at) > moment,
        )
        .order_by(col(Documento.id))
    )
    return [i for i in session.exec(query).all() if i is not None]


def _waiting(engine: Engine, empresa_id: int) -> list[WaitingDocument]:
    with read_session(engine) as session:
        rows = session.exec(
            select(Documento)
            .where(
                Documento.empresa_id == empresa_id,
                col(Documento.state).in_(
                    [S.EN_COLA.value, S.ENVIANDO.value, S.POSIBLEMENTE_TIMBRADO.value]
                ),
            )
            .order_by(col(Documento.id))
        ).all()
    return [
        WaitingDocument(
            d.id or 0,
            d.serie,
            d.folio,
            d.last_error_message
            or (
                messages.POSSIBLY_STAMPED_WAITING
                if d.state == S.POSIBLEMENTE_TIMBRADO
                else "En espera de timbrado"
            ),
            d.next_attempt_at,
        )
        for d in rows
    ]
