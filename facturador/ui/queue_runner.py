"""The GUI's scheduler of the one pass (services.sync.run_pass): every 30 s and on demand.

`QueueRunner.sync_now()` runs one pass for the active company in the network pool
(`services.sync.sync_active`: stamping through the backup PAC when configured, cancellations, the
email outbox); the service's plain events (SyncStarted, DocumentStamped, ...) are bridged to
the signals below on the GUI thread. Only one pass runs at a time; a request made during a
pass runs one more right after it. `sync_now(user_asked=True)` (the user's "Sincronizar")
tries every queued document now; the timer's passes respect each document's backoff.
`cancel()` stops the running pass between two documents (the status bar's Detener).

Connectivity: `check_connection()` asks, in a worker, whether the company's PAC accepts a TCP
connection (the sandbox always answers) and emits `connection_changed` with one of
`Connection.ONLINE`, `OFFLINE`, `DEMO`. A pass that could not reach the PAC counts as
offline; one that stamped counts as online. Going back online starts a pass at once, so what
was queued offline is stamped as soon as the PAC answers.

What the user must act on goes through the one error funnel (`ui/errors.py`): a rejection
with the FAQ's solution, a paused queue (no credits, account refused) once per cause, and,
when the PAC has not answered for an hour, the advice to contact support.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from facturador.ui.errors import show_error
from facturador.ui.workers import network_pool, run_in_background

if TYPE_CHECKING:
    from facturador.services.sync import PassOutcome
    from facturador.ui.context import AppContext

__all__ = ["SYNC_INTERVAL_MS", "QueueRunner"]

SYNC_INTERVAL_MS = 30_000


class QueueRunner(QObject):
    sync_started = Signal(object)  # SyncStarted
    document_stamped = Signal(object)  # DocumentStamped
    document_rejected = Signal(object)  # DocumentRejected
    retry_scheduled = Signal(object)  # RetryScheduled
    document_redated = Signal(object)  # DocumentRedated
    sync_paused = Signal(object)  # SyncPaused
    sync_finished = Signal(object)  # PassOutcome | None
    running_changed = Signal(bool)  # a pass started (True) or ended (False)
    connection_changed = Signal(str)  # Connection.ONLINE | OFFLINE | DEMO
    _event = Signal(object)  # from the worker thread, delivered queued

    def __init__(
        self, ctx: AppContext, parent: QObject | None = None, interval_ms: int = SYNC_INTERVAL_MS
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.running = False  # a pass is in progress
        self.connection: str | None = None
        self.offline_since: datetime | None = None
        self._again = False
        self._again_user = False
        self._waiting_callbacks: list[Callable[[object], None]] = []
        self._stop = threading.Event()
        self._last_failure: str | None = None
        self._checking = False
        self._check_again = False
        self._advised_offline = False
        self._shown_pause: object = None  # the PauseReason shown last
        self._touched = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self._on_timer_timeout)
        self._event.connect(self._dispatch, Qt.ConnectionType.QueuedConnection)
        ctx.changed.connect(self._on_ctx_changed)
        ctx.company_changed.connect(lambda _company: self._on_company_changed())

    # -- lifecycle --------------------------------------------------------------------------

    def start(self) -> None:
        self.timer.start()
        self.check_connection()
        self.sync_now()

    def stop(self) -> None:
        self.timer.stop()

    def _on_timer_timeout(self) -> None:
        self.check_connection()
        self.sync_now()

    def _on_company_changed(self) -> None:
        self.connection = None
        self.offline_since = None
        self._advised_offline = False
        self._shown_pause = None
        if self.timer.isActive():
            self.check_connection()
            self.sync_now()

    def _on_ctx_changed(self, what: str) -> None:
        if what == "queue" and not self._touched and self.timer.isActive():
            self.sync_now()  # a document was just emitted

    # -- the pass ---------------------------------------------------------------------------

    def sync_now(
        self, user_asked: bool = False, on_done: Callable[[object], None] | None = None
    ) -> None:
        """Run a pass now (or right after the one in progress); `on_done(outcome)` once it
        has run."""
        if on_done is not None:
            self._waiting_callbacks.append(on_done)
        if self.running:
            self._again = True
            self._again_user = self._again_user or user_asked
            return
        self.running = True
        self._again = False
        self._again_user = False
        self._stop.clear()
        self.running_changed.emit(True)
        from facturador.services.sync import sync_active

        ctx = self.ctx.services
        callbacks, self._waiting_callbacks = self._waiting_callbacks, []
        run_in_background(
            lambda forward: sync_active(
                ctx, forward, user_asked=user_asked, should_stop=self._stop.is_set
            ),
            self._forward,
            on_success=lambda outcome: self._on_synced(outcome, callbacks),
            on_failure=lambda error: self._on_sync_failed(error, callbacks),
            parent=self,
            pool=network_pool(),
        )

    def cancel(self) -> None:
        """Stop the pass in progress between two documents; what is left stays queued."""
        self._stop.set()

    def _forward(self, event: object) -> None:
        """In the worker thread: hand the event to the GUI thread (never touch widgets)."""
        if shiboken6.isValid(self):
            self._event.emit(event)

    def _dispatch(self, event: object) -> None:
        from facturador.services import queue

        name = type(event).__name__
        if isinstance(event, queue.SyncStarted):
            self.sync_started.emit(event)
        elif isinstance(event, queue.DocumentStamped):
            self._set_connection_from_pass(online=True)
            self.document_stamped.emit(event)
        elif isinstance(event, queue.DocumentRejected):
            self.document_rejected.emit(event)
            self._show_rejection(event)
        elif isinstance(event, queue.RetryScheduled):
            self.retry_scheduled.emit(event)
        elif isinstance(event, queue.DocumentRedated):
            self.document_redated.emit(event)
        elif isinstance(event, queue.SyncPaused):
            self.sync_paused.emit(event)
            self._on_paused(event)
        elif name != "SyncFinished":  # SyncFinished: the outcome comes with on_success
            return

    def _on_synced(
        self, outcome: PassOutcome | None, callbacks: list[Callable[[object], None]]
    ) -> None:
        self.running = False
        self._last_failure = None
        self.running_changed.emit(False)
        if outcome is not None:
            report = outcome.stamping
            if report.paused_reason is None and self._shown_pause is not None:
                self._shown_pause = None
            issued = outcome.recurring is not None and bool(outcome.recurring.issued)
            if report.stamped or report.rejected or report.redated or issued:
                self._touched = True
                self.ctx.changed.emit("queue")
                self._touched = False
        self.sync_finished.emit(outcome)
        for callback in callbacks:
            callback(outcome)
        if self._again:
            self.sync_now(self._again_user)

    def _on_sync_failed(self, error: object, callbacks: list[Callable[[object], None]]) -> None:
        self.running = False
        self.running_changed.emit(False)
        self.sync_finished.emit(None)
        for callback in callbacks:
            callback(None)
        text = str(getattr(error, "message", error))
        if text != self._last_failure:  # the same failure every 30 s is shown once
            self._last_failure = text
            show_error(self._widget(), error)
        if self._again:
            self.sync_now(self._again_user)

    # -- what the user reads ------------------------------------------------------------------

    def _widget(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def _show_rejection(self, event: object) -> None:
        from facturador.services.errors import DocumentRejectedError

        error = DocumentRejectedError(
            event.serie,  # type: ignore[attr-defined]
            event.folio,  # type: ignore[attr-defined]
            event.code,  # type: ignore[attr-defined]
            event.message,  # type: ignore[attr-defined]
        )
        show_error(self._widget(), error)

    def _on_paused(self, event: object) -> None:
        from facturador.services.errors import QueuePausedError
        from facturador.services.queue_events import PauseReason

        reason: PauseReason = event.reason  # type: ignore[attr-defined]
        if reason is PauseReason.UNREACHABLE:
            self._set_connection_from_pass(online=False)
            return
        if reason != self._shown_pause:
            self._shown_pause = reason
            error = QueuePausedError(reason.text, event.message)  # type: ignore[attr-defined]
            show_error(self._widget(), error)

    # -- connectivity -------------------------------------------------------------------------

    def check_connection(self) -> None:
        """Ask (in a worker) whether the company's PAC answers; emits connection_changed."""
        if self._checking:
            self._check_again = True
            return
        self._checking = True
        self._check_again = False

        def done() -> None:
            self._checking = False
            if self._check_again:
                self.check_connection()

        from facturador.services.pac_connection import connection

        run_in_background(
            connection,
            self.ctx.services,
            on_success=self._set_connection,
            on_failure=lambda _error: self._set_connection("offline"),
            on_finished=done,
            parent=self,
            pool=network_pool(),
        )

    def _set_connection_from_pass(self, *, online: bool) -> None:
        if self.connection == "demo":
            return
        self._set_connection("online" if online else "offline")

    def _set_connection(self, state: str) -> None:
        previous, self.connection = self.connection, state
        if state == "offline":
            now = self.ctx.services.now()
            if self.offline_since is None:
                self.offline_since = now
            self._advise_if_long(now)
        else:
            self.offline_since = None
            self._advised_offline = False
        self.connection_changed.emit(state)
        if previous == "offline" and state != "offline" and self.timer.isActive():
            self.sync_now()  # what waited offline goes now

    def _advise_if_long(self, now: datetime) -> None:
        from facturador.services.errors import PacUnreachableError
        from facturador.services.pac_settings import CONNECTION_SUPPORT_AFTER

        since = self.offline_since
        if since is None or self._advised_offline or now - since < CONNECTION_SUPPORT_AFTER:
            return
        self._advised_offline = True
        show_error(self._widget(), PacUnreachableError(since, now))
