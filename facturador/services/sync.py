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
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from facturador.models.tables import Empresa
from facturador.pac.base import DEFAULT_TIMEOUT, Timeout
from facturador.pac.server_clock import SERVER_CLOCK
from facturador.services.cancellation import CancellationReport, sync_all
from facturador.services.email import secret_store_password_provider
from facturador.services.email_sending import SendReport, send_pending
from facturador.services.failover import client_with_failover
from facturador.services.queue import PassLimits, SyncReport
from facturador.services.secrets import SecretStore

__all__ = ["CLOCK_FILE", "PassOutcome", "known_clock_offset", "run_pass"]

log = logging.getLogger(__name__)

CLOCK_FILE = "reloj_pac.json"
CLOCK_FRESH_FOR = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class PassOutcome:
    stamping: SyncReport
    cancelling: CancellationReport
    email: SendReport | None
    pac: str  # the PAC's name (finkok, sw, sandbox)
    demo: bool  # no PAC configured: the sandbox stamped, without fiscal validity


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
    client, demo = client_with_failover(empresa, secrets, data_dir=data_dir, timeout=timeout)
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
    _remember_clock_offset(data_dir)
    email = (
        send_pending(
            engine, smtp_password_provider=secret_store_password_provider(secrets), now=moment
        )
        if send_email
        else None
    )
    return PassOutcome(stamping, cancelling, email, client.name, demo)


def known_clock_offset(data_dir: Path, now: datetime | None = None) -> timedelta | None:
    """The PAC's clock minus ours: this process's last answer, else the last one kept if it
    was seen within `CLOCK_FRESH_FOR` of `now` by this computer's clock."""
    offset = SERVER_CLOCK.offset()
    if offset is not None:
        return offset
    try:
        kept = json.loads((data_dir / CLOCK_FILE).read_text(encoding="utf-8"))
        seen_at = datetime.fromisoformat(str(kept["seen_at"]))
        offset = timedelta(seconds=float(kept["offset_s"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if abs((now or datetime.now(UTC)) - seen_at) > CLOCK_FRESH_FOR:
        return None
    return offset


def _remember_clock_offset(data_dir: Path) -> None:
    offset = SERVER_CLOCK.offset()
    if offset is None:
        return
    kept = {"offset_s": round(offset.total_seconds(), 1), "seen_at": datetime.now(UTC).isoformat()}
    try:
        (data_dir / CLOCK_FILE).write_text(json.dumps(kept), encoding="utf-8")
    except OSError as error:  # a read-only data dir: the next process asks the PAC again
        log.warning("could not keep the PAC clock offset: %s", error)
