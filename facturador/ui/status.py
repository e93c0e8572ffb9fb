"""The status bar: connection, queue, credits, company, CSD expiry — always true.

Every value comes from a services call in a worker; until the first answer arrives a value
is not shown rather than guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar, QWidget

from facturador.ui import messages as M
from facturador.ui.widgets.csd_form import format_day
from facturador.ui.widgets.fields import repolish
from facturador.ui.workers import network_pool, run_in_background

if TYPE_CHECKING:
    from facturador.services.views import CompanyInfo, CsdExpiry, QueueSummary
    from facturador.ui.context import AppContext

__all__ = ["StatusBar"]

STATUS_INTERVAL_MS = 30_000
ONLINE_INTERVAL_MS = 60_000
SOON_SECONDS = 120


@dataclass(frozen=True, slots=True)
class _Snapshot:
    queue: QueueSummary
    expiry: CsdExpiry | None


def expiry_text(expiry: CsdExpiry | None) -> str:
    if expiry is None:
        return ""
    if expiry.expired:
        return M.CSD_EXPIRED.format(no=expiry.no_certificado, date=format_day(expiry.valid_until))
    if expiry.days_left == 0:
        return M.CSD_EXPIRES_TODAY.format(no=expiry.no_certificado)
    return M.CSD_EXPIRES.format(
        no=expiry.no_certificado, days=expiry.days_left, date=format_day(expiry.valid_until)
    )


class StatusBar(QStatusBar):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setSizeGripEnabled(False)
        self.connection_label = QLabel(M.CHECKING)
        self.queue_label = QLabel()
        self.credits_label = QLabel()
        self.credits_label.setVisible(False)
        self.company_label = QLabel(M.NO_COMPANY)
        self.demo_label = QLabel(M.DEMO_MODE)
        self.demo_label.setObjectName("statusWarning")
        self.demo_label.setVisible(False)
        self.csd_label = QLabel()
        self.csd_label.setObjectName("statusWarning")
        self.csd_label.setVisible(False)
        self.syncing_label = QLabel(M.SYNCING)
        self.syncing_label.setVisible(False)
        self.stop_button = QPushButton(M.SYNC_STOP)
        self.stop_button.setToolTip(M.SYNC_STOP_TIP)
        self.stop_button.setFlat(True)
        self.stop_button.setVisible(False)
        self.addWidget(self.connection_label)
        self.addWidget(self.syncing_label)
        self.addWidget(self.stop_button)
        self.addWidget(self.queue_label, 1)  # the longest text: it gets the room
        self.addWidget(self.credits_label)
        self.addWidget(self.csd_label)
        self.addPermanentWidget(self.demo_label)
        self.addPermanentWidget(self.company_label)
        self.status_timer = QTimer(self)
        self.status_timer.setInterval(STATUS_INTERVAL_MS)
        self.status_timer.timeout.connect(self.refresh)
        self.online_timer = QTimer(self)
        self.online_timer.setInterval(ONLINE_INTERVAL_MS)
        self.online_timer.timeout.connect(self.check_online)
        self.connection_source: object | None = None  # a QueueRunner, when the window has one
        ctx.company_changed.connect(self._on_company)
        ctx.changed.connect(lambda _what: self.refresh())

    def show_syncing(self, running: bool) -> None:
        """A pass is running (the queue runner says): show it, with its Detener button."""
        self.syncing_label.setVisible(running)
        self.stop_button.setVisible(running)
        self.stop_button.setEnabled(running)

    def start(self) -> None:
        self.refresh()
        self.check_online()
        self.status_timer.start()
        self.online_timer.start()

    def stop(self) -> None:
        self.status_timer.stop()
        self.online_timer.stop()

    def _on_company(self, company: CompanyInfo | None) -> None:
        if company is None:
            self.company_label.setText(M.NO_COMPANY)
        else:
            self.company_label.setText(f"{company.nombre} · {company.rfc}")
        self.demo_label.setVisible(company is not None and company.is_demo)
        self.refresh()

    def refresh(self) -> None:
        from facturador.services.company_setup import csd_expiry_warning
        from facturador.services.queue_status import queue_summary

        ctx = self.ctx.services
        next_pass_at = self._next_pass_at()

        def read() -> _Snapshot:
            return _Snapshot(queue_summary(ctx, next_pass_at), csd_expiry_warning(ctx))

        run_in_background(read, on_success=self._show, parent=self)

    def _next_pass_at(self) -> datetime | None:
        """When the window's queue runner runs its next pass (its timer), if it runs."""
        timer = getattr(self.connection_source, "timer", None)
        if timer is None or not timer.isActive():
            return None
        return self.ctx.services.now() + timedelta(milliseconds=max(timer.remainingTime(), 0))

    def _show(self, snapshot: _Snapshot) -> None:
        queue = snapshot.queue
        parts = [M.QUEUE_WAITING.format(n=queue.waiting) if queue.waiting else M.QUEUE_EMPTY]
        if queue.waiting and queue.last_attempt_at is not None:
            parts.append(M.QUEUE_LAST_ATTEMPT.format(when=self._when(queue.last_attempt_at)))
        if queue.waiting and queue.next_attempt_at is not None:
            parts.append(M.QUEUE_NEXT_ATTEMPT.format(when=self._soon(queue.next_attempt_at)))
        if queue.near_limit:
            parts.append(M.QUEUE_NEAR_LIMIT.format(n=queue.near_limit))
        self.queue_label.setToolTip(M.QUEUE_NEAR_LIMIT_TIP if queue.near_limit else "")
        if queue.rechazado:
            parts.append(M.QUEUE_REJECTED.format(n=queue.rechazado))
        if queue.posiblemente_timbrado:
            parts.append(M.QUEUE_POSSIBLY_STAMPED.format(n=queue.posiblemente_timbrado))
        self.queue_label.setText(" · ".join(parts))
        text = expiry_text(snapshot.expiry)
        self.csd_label.setText(text)
        self.csd_label.setVisible(bool(text))

    def _soon(self, moment: datetime) -> str:
        """A moment within two minutes as "en 30 s", a later one as the clock shows it."""
        seconds = int((moment - self.ctx.services.now()).total_seconds())
        if seconds < SOON_SECONDS:
            return M.QUEUE_IN_SECONDS.format(s=max(seconds, 0))
        return self._when(moment)

    def _when(self, moment: datetime) -> str:
        """A moment as the computer's clock shows it: the time, and the day if not today."""
        local = moment.astimezone()
        if local.date() == self.ctx.services.now().astimezone().date():
            return local.strftime("%H:%M")
        return local.strftime("%d/%m %H:%M")

    def check_online(self) -> None:
        check = getattr(self.connection_source, "check_connection", None)
        if callable(check):
            check()  # answers through show_connection
            return
        from facturador.services.pac_connection import Connection, connection

        ctx = self.ctx.services
        run_in_background(
            lambda: connection(ctx) is Connection.ONLINE,
            on_success=self._show_online,
            parent=self,
            pool=network_pool(),
        )

    def _show_online(self, online: bool) -> None:
        self.connection_label.setText(M.ONLINE if online else M.OFFLINE)
        self.connection_label.setObjectName("statusOnline" if online else "statusOffline")
        repolish(self.connection_label)

    def show_connection(self, state: str) -> None:
        """The queue runner's verdict: "online", "offline" or "demo" (the local sandbox)."""
        from facturador.ui import messages_config

        if state == "demo":
            self.connection_label.setText(messages_config.ONLINE_DEMO)
            self.connection_label.setObjectName("statusOnline")
            repolish(self.connection_label)
        else:
            self._show_online(state == "online")

    def show_credits(self, credits: int, when: datetime) -> None:
        """Credits left at the PAC, as last read (the Créditos page calls this)."""
        self.credits_label.setText(M.CREDITS.format(n=credits, when=when.strftime("%d/%m %H:%M")))
        self.credits_label.setVisible(True)
