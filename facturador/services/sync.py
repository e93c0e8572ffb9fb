"""One pass of everything that waits for the network: stamp -> cancellations -> email.

`run_pass` is the only way the app talks to its PAC in the background: `facturador
sincronizar`, the GUI's scheduler and every "Sincronizar" button call it, so they cannot
disagree. It builds the company's client through `failover.client_with_failover` (a backup
PAC, when configured, is used honouring the ledger: bytes that may be at one PAC never go to
the other), runs the stamping pass and the cancellation pass (`cancellation.sync_all`), then
sends the email outbox (`email_sending.send_pending`).

`user_asked=True` is a pass the user asked for: every queued document is tried now, whatever
its backoff. The PAC's clock offset seen in the answers (services.redating) is kept in the
data dir with the local time it was seen at, so the next process is corrected (and the user
told) before it hears from the PAC, as long as the clock has not moved since
(`CLOCK_FRESH_FOR`: a clock the user set right is not corrected the other way).

A real company whose PAC would be the demo sandbox without the user's confirmation
(`pac_clients.SandboxRefusedError`): the pass refuses when it has documents for a PAC, and
with nothing waiting (a company just created, before its PAC is chosen) it only sends the
outbox, quietly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from facturador.models.engine import read_session
from facturador.models.states import DocumentState
from facturador.models.tables import Documento, Empresa
from facturador.pac.base import DEFAULT_TIMEOUT, Timeout
from facturador.services.cancel_events import CancellationReport
from facturador.services.cancellation import sync_all
from facturador.services.email import secret_store_password_provider
from facturador.services.email_sending import SendReport, send_pending
from facturador.services.failover import client_with_failover
from facturador.services.pac_clients import SandboxRefusedError
from facturador.services.pac_clock import known_clock_offset, remember_clock_offset
from facturador.services.queue import PassLimits, SyncReport
from facturador.services.secrets import SecretStore

if TYPE_CHECKING:
    from facturador.services.context import Context
    from facturador.services.recurring import RunReport
    from facturador.services.views import PassResult

__all__ = ["PassOutcome", "pass_result", "run_pass", "sync_active"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PassOutcome:
    stamping: SyncReport
    cancelling: CancellationReport
    email: SendReport | None
    pac: str  # the PAC's name (finkok, sw, sandbox)
    demo: bool  # no PAC configured: the sandbox stamped, without fiscal validity
    recurring: RunReport | None = None  # the recurring invoices issued before the pass


def run_pass(
    engine: Engine,
    empresa: Empresa,
    secrets: SecretStore,
    *,
    data_dir: Path,
    now: datetime | None = None,
    on_event: Callable[[Any], None] | None = None,
    user_asked: bool = False,
    limits: PassLimits | None = None,
    password: str | None = None,
    timeout: Timeout = DEFAULT_TIMEOUT,
    send_email: bool = True,
) -> PassOutcome:
    """Stamp, cancel and send the outbox for `empresa`, once. `password` is the CSD's when
    the keyring does not have it (re-dating and cancelling need it)."""
    assert empresa.id is not None
    moment = now or datetime.now(UTC)
    try:
        client, demo = client_with_failover(empresa, secrets, data_dir=data_dir, timeout=timeout)
    except SandboxRefusedError:
        if _waits_for_a_pac(engine, empresa.id):
            raise
        email = _send_outbox(engine, secrets, moment) if send_email else None
        return PassOutcome(SyncReport(), CancellationReport(), email, "", False)
    stamping, cancelling = sync_all(
        engine,
        client,
        empresa_id=empresa.id,
        secrets=secrets,
        sat_status_client=client,
        password=password,
        now=moment,
        on_event=on_event,
        everything_due=user_asked,
        limits=limits,
        clock_offset=known_clock_offset(data_dir),
    )
    remember_clock_offset(data_dir)
    if send_email:  # recurring invoices stamped now whose template asks for the email
        from facturador.services.recurring import queue_stamped_emails

        stamping.notices.extend(queue_stamped_emails(engine, empresa.id, moment))
    email = _send_outbox(engine, secrets, moment) if send_email else None
    return PassOutcome(stamping, cancelling, email, client.name, demo)


def _send_outbox(engine: Engine, secrets: SecretStore, moment: datetime) -> SendReport:
    provider = secret_store_password_provider(secrets)
    return send_pending(engine, smtp_password_provider=provider, now=moment)


_FOR_A_PAC = tuple(
    state.value
    for state in (
        DocumentState.EN_COLA,
        DocumentState.ENVIANDO,
        DocumentState.POSIBLEMENTE_TIMBRADO,
        DocumentState.CANCELACION_EN_COLA,
        DocumentState.CANCELACION_EN_PROCESO,
    )
)


def _waits_for_a_pac(engine: Engine, empresa_id: int) -> bool:
    """Whether the company has documents a pass would send to (or ask) its PAC."""
    with read_session(engine) as session:
        count = session.exec(
            select(func.count())
            .select_from(Documento)
            .where(Documento.empresa_id == empresa_id)
            .where(col(Documento.state).in_(_FOR_A_PAC))
        ).one()
    return int(count) > 0


def sync_active(
    ctx: Context,
    on_event: Callable[[Any], None] | None = None,
    *,
    user_asked: bool = False,
    should_stop: Callable[[], bool] | None = None,
) -> PassOutcome | None:
    """`run_pass` for the active company (None before there is one): the GUI's scheduler
    and its "Sincronizar" buttons. The recurring invoices whose date has come are issued
    first (services.recurring.run_due), so this very pass sends them."""
    import dataclasses

    from facturador.models.repositories import active_empresa
    from facturador.services.recurring import run_due

    with ctx.read() as session:
        empresa = active_empresa(session)
    if empresa is None:
        return None
    recurring = run_due(ctx)
    outcome = run_pass(
        ctx.engine,
        empresa,
        ctx.secrets,
        data_dir=ctx.data_dir,
        now=ctx.now(),
        on_event=on_event,
        user_asked=user_asked,
        limits=PassLimits(should_stop=should_stop),
    )
    return dataclasses.replace(outcome, recurring=recurring)


def pass_result(outcome: PassOutcome | None) -> PassResult:
    """What a pass did, counted for the user who asked for it ("Enviar pendientes ahora")."""
    from facturador.services.views import PassResult

    if outcome is None:
        return PassResult(ran=False)
    stamping, cancelling = outcome.stamping, outcome.cancelling
    reason = stamping.paused_reason or cancelling.paused_reason
    return PassResult(
        stamped=len(stamping.stamped),
        rejected=len(stamping.rejected),
        waiting=len(stamping.waiting),
        cancellations=len(cancelling.requested) + len(cancelling.cancelled),
        emails=len(outcome.email.sent) if outcome.email is not None else 0,
        paused=reason.text if reason is not None else None,
    )
