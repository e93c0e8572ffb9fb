"""The automatic daily backup while the app runs: at start-up, then every hour, in a worker.

`services.backups.daily_check` decides (the setting is on, the newest backup is a day old)
and runs a `PRAGMA quick_check` first, so the GUI thread never waits on either. It runs in
the wide pool: SQLite's backup reads a consistent snapshot (WAL) while the pages keep using
the one database thread. A damaged
database is reported by `damaged` (the main window then offers the restore); any other
failure goes to the error funnel once per cause.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from facturador.ui.errors import show_error
from facturador.ui.workers import network_pool, run_in_background

if TYPE_CHECKING:
    from facturador.ui.context import AppContext

__all__ = ["CHECK_INTERVAL_MS", "BackupTimer"]

CHECK_INTERVAL_MS = 60 * 60 * 1000  # an hour: a day that passes is noticed within the hour


class BackupTimer(QObject):
    backed_up = Signal(object)  # Path of the new backup, or None when none was due
    damaged = Signal(object)  # the DatabaseDamagedError

    def __init__(
        self, ctx: AppContext, parent: QObject | None = None, interval_ms: int = CHECK_INTERVAL_MS
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.running = False
        self._shown: str | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.run_if_due)

    def start(self) -> None:
        self.timer.start()
        self.run_if_due()

    def stop(self) -> None:
        self.timer.stop()

    def run_if_due(self) -> None:
        if self.running:
            return
        self.running = True
        from facturador.services.backups import daily_check

        ctx = self.ctx.services
        run_in_background(
            lambda: daily_check(ctx.now()),
            on_success=self._on_done,
            on_failure=self._on_failed,
            parent=self,
            pool=network_pool(),  # a long check must not hold up the pages' database work
        )

    def _on_done(self, path: object) -> None:
        self.running = False
        self._shown = None
        self.backed_up.emit(path)

    def _on_failed(self, error: object) -> None:
        self.running = False
        if getattr(error, "corrupt", False):
            self.stop()
            self.damaged.emit(error)
            return
        if type(error).__name__ != self._shown:  # e.g. a full disk: say it once
            self._shown = type(error).__name__
            show_error(None, error)
