"""Automatic backups ("respaldos automáticos", on by default): starting the app makes the
day's backup and keeps the newest N; while it runs, a new day makes a new one; a damaged
database found by the check is shown in the window with the restore."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from facturador.services import settings
from facturador.services.backups import create_backup, list_backups, taken_at
from facturador.services.context import Context
from facturador.services.secrets import MemorySecretStore
from tests.ui.conftest import FIXED_NOW, StubProbe, create_eku

KEEP = 3


class Clock:
    def __init__(self) -> None:
        self.now = FIXED_NOW

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def desktop(template_db, clock):
    shutil.copy(template_db, settings.database_path())
    services = Context(secrets_=MemorySecretStore(), clock=clock, probe=StubProbe())
    create_eku(services)
    settings.set_setting(settings.BACKUP_KEEP, KEEP)
    return services


def _open_window(qtbot, services):
    from facturador.ui.main_window import MainWindow

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.backup_timer.backed_up, timeout=15_000) as first:
        win.start()
    return win, first.args[0]


def _close(win):
    win.close()


def _days():
    return [taken_at(path) for path in list_backups()]


def test_starting_the_app_makes_the_days_backup_and_keeps_the_newest(qtbot, desktop, clock):
    for days_ago in (4, 3, 2):
        create_backup(keep=KEEP, now=FIXED_NOW - timedelta(days=days_ago))
    assert len(list_backups()) == KEEP

    win, made = _open_window(qtbot, desktop)
    assert made == list_backups()[-1]
    assert _days() == [FIXED_NOW - timedelta(days=d) for d in (3, 2, 0)]
    _close(win)

    win, made = _open_window(qtbot, desktop)  # the same day again: no second backup
    assert made is None
    assert len(list_backups()) == KEEP

    clock.now = FIXED_NOW + timedelta(days=1, minutes=5)  # the app stays open overnight
    with qtbot.waitSignal(win.backup_timer.backed_up, timeout=15_000) as next_day:
        win.backup_timer.timer.timeout.emit()
    assert next_day.args[0] is not None
    assert _days() == [FIXED_NOW - timedelta(days=2), FIXED_NOW, clock.now]
    _close(win)


def test_no_backup_when_the_setting_is_off(qtbot, desktop):
    settings.set_setting(settings.BACKUP_ENABLED, False)
    win, made = _open_window(qtbot, desktop)
    assert made is None
    assert list_backups() == []
    _close(win)


def test_damage_found_by_the_check_is_shown_with_the_restore(qtbot, desktop, shown_errors):
    win, made = _open_window(qtbot, desktop)
    assert made is not None
    database = settings.database_path()
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with database.open("r+b") as stream:
        stream.seek(4096 * 2)
        stream.write(b"\xff" * 8192)

    with qtbot.waitSignal(win.backup_timer.damaged, timeout=15_000):
        win.backup_timer.timer.timeout.emit()
    assert "está dañada" in win.loading.text()
    assert win.restore_button.isVisible()
    assert not win.nav.isEnabled()
    assert not win.queue_runner.timer.isActive()
    assert list_backups() == [made]
    assert shown_errors == []
    _close(win)


def test_respaldar_ahora_on_a_damaged_database_offers_the_restore(
    qtbot, desktop, shown_errors, monkeypatch
):
    """The Respaldos page: the backup of a damaged database fails loudly, keeps the good
    backup, and the window offers Restaurar; restoring opens the app again."""
    from PySide6.QtWidgets import QFileDialog

    win, made = _open_window(qtbot, desktop)
    page = win.show_page("respaldos")
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=15_000)
    database = settings.database_path()
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with database.open("r+b") as stream:
        stream.seek(4096 * 2)
        stream.write(b"\xff" * 8192)

    page.backup_button.click()
    qtbot.waitUntil(win.restore_button.isVisible, timeout=15_000)
    assert "está dañada" in page.message.text()
    assert "está dañada" in win.loading.text()
    assert list_backups() == [made]
    assert shown_errors == []

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_args: (str(made), ""))
    with qtbot.waitSignal(win.ready, timeout=15_000):
        qtbot.mouseClick(win.restore_button, Qt.MouseButton.LeftButton)
    assert win.nav.isEnabled()
    assert list(database.parent.glob("facturador-danada-*.sqlite3"))
    _close(win)
