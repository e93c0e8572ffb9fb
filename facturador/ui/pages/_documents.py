"""What the document pages share: state names, money, moving between pages, syncing.

`request_sync` asks the background queue runner to send what is queued now
(`facturador.ui.queue_runner`, when the window has one); without a runner it runs one pass
itself in a worker. Either way, when the pass ends `ctx.changed` says "queue" and "documents".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from facturador.services.messages import STATE_LABELS, TIPO_LABELS
from facturador.ui.workers import network_pool, run_in_background

if TYPE_CHECKING:
    from facturador.services.sync import PassOutcome
    from facturador.ui.context import AppContext

__all__ = [
    "STATE_NAMES",
    "TIPO_NAMES",
    "goto",
    "money",
    "pass_feedback",
    "request_sync",
    "runner",
]

STATE_NAMES = STATE_LABELS  # services.messages: the one table of state names
TIPO_NAMES = TIPO_LABELS


def money(value: Any, moneda: str = "") -> str:
    if value is None:
        return "—"
    text = f"${value:,.2f}"
    return f"{text} {moneda}" if moneda and moneda != "MXN" else text


def goto(ctx: AppContext, page_id: str) -> QWidget | None:
    """Show another page of the window (Duplicar, Registrar pago...) and return it."""
    window = ctx.parent()
    show = getattr(window, "show_page", None)
    return show(page_id) if show is not None else None


def runner(ctx: AppContext) -> Any:
    """The window's QueueRunner (facturador.ui.queue_runner), if it has one."""
    for owner in (ctx, ctx.parent()):
        found = getattr(owner, "queue_runner", None)
        if found is not None and hasattr(found, "sync_now"):
            return found
    return None


def request_sync(
    ctx: AppContext,
    on_done: Callable[[PassOutcome | None], None] | None = None,
    parent: QWidget | None = None,
) -> None:
    """The user asks to send what waits, now: the one pass (services.sync.run_pass: stamping,
    cancellations, email), through the window's queue runner when there is one (its
    `sync_finished` tells the pages), else in a worker here."""
    found = runner(ctx)
    if found is not None:
        found.sync_now(
            user_asked=True,
            on_done=lambda outcome: (
                ctx.changed.emit("documents"),
                on_done(outcome) if on_done is not None else None,
            ),
        )
        return

    def done(summary: PassOutcome) -> None:
        ctx.changed.emit("documents")
        if on_done is not None:
            on_done(summary)

    def failed(error: object) -> None:
        ctx.changed.emit("documents")
        if on_done is not None:
            on_done(None)
        from facturador.ui.errors import show_error

        show_error(parent, error)

    from facturador.services.sync import sync_active

    run_in_background(
        lambda: sync_active(ctx.services, user_asked=True),
        on_success=done,
        on_failure=failed,
        pool=network_pool(),
    )


def pass_feedback(outcome: PassOutcome | None) -> str:
    """What the user who pressed "Enviar pendientes ahora" reads once the pass has run."""
    from facturador.services.sync import pass_result
    from facturador.ui import messages_documents as T

    result = pass_result(outcome)
    if not result.ran:
        return T.SENT_NO_COMPANY
    parts = []
    if result.stamped:
        parts.append(T.SENT_STAMPED.format(n=result.stamped))
    if result.rejected:
        parts.append(T.SENT_REJECTED.format(n=result.rejected))
    if result.cancellations:
        parts.append(T.SENT_CANCELLATIONS.format(n=result.cancellations))
    if result.emails:
        parts.append(T.SENT_EMAILS.format(n=result.emails))
    if not parts:
        parts.append(T.SENT_NOTHING if not result.waiting else T.SENT_NONE)
    if result.waiting:
        parts.append(T.SENT_WAITING.format(n=result.waiting))
    if result.paused:
        parts.append(T.SENT_PAUSED.format(reason=result.paused))
    return " ".join(parts)
