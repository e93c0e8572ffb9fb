"""The one scheduler of the window's background work, started when the database is open and
stopped when the window closes or the database is found damaged.

Its jobs, each in its own module and each reaching the services only through their use
cases:
- `queue` (ui.queue_runner.QueueRunner): the one pass (services.sync: stamping through the
  backup PAC when configured, then cancellations, whose SAT status is followed up in the
  same pass, then the email outbox) every 30 s, on demand, and when the PAC comes back;
- `backup` (ui.backup_timer.BackupTimer): the database check and the day's backup, at start
  and every hour.

A failure that repeats (the same cause every 30 s) is shown once by the job that meets it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from facturador.ui.backup_timer import BackupTimer
from facturador.ui.queue_runner import QueueRunner

if TYPE_CHECKING:
    from facturador.ui.context import AppContext

__all__ = ["Scheduler"]


class Scheduler(QObject):
    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.queue = QueueRunner(ctx, self)
        self.backup = BackupTimer(ctx, self)

    def start(self) -> None:
        self.queue.start()
        self.backup.start()

    def stop(self) -> None:
        """No new work; a pass in progress stops between two documents."""
        self.queue.stop()
        self.queue.cancel()
        self.backup.stop()
