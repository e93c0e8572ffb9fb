"""The main window: company switcher, navigation registry, status bar, company page."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt

from facturador.services import company_setup
from facturador.ui import messages as M
from facturador.ui import navigation
from facturador.ui.pages.placeholder import PlaceholderPage
from tests.ui.conftest import create_eku
from tests.ui.helpers import type_into


@pytest.fixture
def seed(services):
    create_eku(services)
    company_setup.create_company(
        services,
        rfc="CACX7605101P8",
        nombre="XOCHILT CASAS CHAVEZ",
        regimen_fiscal="612",
        lugar_expedicion="36257",
    )
    return company_setup.switch_company(services, "EKU9003173C9")


def test_switch_company(qtbot, window):
    combo = window.company_combo
    assert combo.isEnabled()
    assert combo.count() == 2
    assert window.ctx.company.rfc == "EKU9003173C9"
    index = combo.findData("CACX7605101P8")
    combo.setCurrentIndex(index)
    with qtbot.waitSignal(window.ctx.company_changed, timeout=10_000):
        combo.activated.emit(index)
    assert window.ctx.company.rfc == "CACX7605101P8"
    assert "CACX7605101P8" in window.status.company_label.text()
    assert company_setup.active_company(window.ctx.services).rfc == "CACX7605101P8"
    qtbot.waitUntil(combo.isEnabled, timeout=10_000)


def test_every_entry_opens_a_page(window):
    for page_entry in navigation.ENTRIES:
        page = window.show_page(page_entry.id)
        assert window.stack.currentWidget() is page
        assert window.current_page_id() == page_entry.id
        assert isinstance(page, PlaceholderPage) != navigation.is_available(page_entry)


def test_navigation_has_the_known_sections(window):
    tops = [window.nav.topLevelItem(i).text(0) for i in range(window.nav.topLevelItemCount())]
    assert tops == list(navigation.SECTIONS)


def test_status_bar_is_true(qtbot, window, services):
    qtbot.waitUntil(lambda: window.status.queue_label.text() == M.QUEUE_EMPTY, timeout=10_000)
    qtbot.waitUntil(lambda: window.status.connection_label.text() == M.ONLINE, timeout=10_000)
    services.probe.online = False
    window.status.check_online()
    qtbot.waitUntil(lambda: window.status.connection_label.text() == M.OFFLINE, timeout=10_000)
    assert not window.status.csd_label.isVisible()
    assert not window.status.credits_label.isVisible()


def test_company_page_checks_fields_and_saves(qtbot, window):
    page = window.show_page("empresa")
    form = page.form
    assert form.rfc_edit.isReadOnly()
    assert form.rfc_edit.text() == "EKU9003173C9"
    type_into(qtbot, form.cp_edit, "123")
    assert form.boxes["lugar_expedicion"].has_error
    page.save_button.click()
    assert window.ctx.company.lugar_expedicion == "42501"
    type_into(qtbot, form.cp_edit, "42500")
    type_into(qtbot, form.nombre_edit, "ESCUELA KEMPER URGATE NUEVA")
    with qtbot.waitSignal(window.ctx.company_changed, timeout=10_000):
        page.save_button.click()
    assert window.ctx.company.lugar_expedicion == "42500"
    assert page.message.text() == M.SAVED
    qtbot.waitUntil(lambda: "NUEVA" in window.company_combo.currentText(), timeout=10_000)


def test_csd_expiry_warning(qtbot, window, services, shared_sat):
    folder = shared_sat / "csd" / "csd_EKU9003173C9"
    company_setup.install_csd(
        services,
        (folder / "certificate.cer").read_bytes(),
        (folder / "private_key.key").read_bytes(),
        (folder / "password.txt").read_text().strip(),
    )
    services.clock = lambda: datetime(2027, 5, 1, tzinfo=UTC)
    window.status.refresh()
    qtbot.waitUntil(window.status.csd_label.isVisible, timeout=10_000)
    assert "vence en 17 días (18/05/2027)" in window.status.csd_label.text()


def test_new_company_from_the_header_skipping_the_csd(qtbot, window):
    from PySide6.QtWidgets import QWizard

    window.new_company_button.click()
    wizard = window.wizard
    assert wizard.currentPage() is wizard.welcome  # own company or the demo, as on a first run
    wizard.welcome.own_button.click()
    assert wizard.currentPage() is wizard.company_step
    form = wizard.company_step.form
    type_into(qtbot, form.rfc_edit, "MASO451221PM4")
    type_into(qtbot, form.nombre_edit, "MARIA OLIVIA MARTINEZ SAGAZ")
    type_into(qtbot, form.regimen_edit, "612")
    type_into(qtbot, form.cp_edit, "80290")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.csd_step, timeout=10_000)
    wizard.next()  # no CSD yet: installed later from Configuración
    assert wizard.currentPage() is wizard.pac_step
    wizard.pac_step.group.button(1).setChecked(True)  # Finkok needs its user and password
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.pac_step.message.text() == M.PAC_CREDENTIALS_REQUIRED
    wizard.pac_step.user_edit.setText("usuario@example.com")
    wizard.pac_step.password_edit.setText("secreto")
    with qtbot.waitSignal(wizard.finished_setup, timeout=10_000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: window.company_combo.count() == 3, timeout=10_000)
    company = window.ctx.company
    assert company.rfc == "MASO451221PM4"
    assert company.pac_provider == "finkok"
    assert company.pac_environment == "pruebas"
    assert not company.has_csd
    # Under the names the queue reads when it builds the Finkok client.
    secrets = window.ctx.services.secrets
    assert secrets.get("facturador", "pac:finkok:MASO451221PM4:username") == "usuario@example.com"
    assert secrets.get("facturador", "pac:finkok:MASO451221PM4:password") == "secreto"
    assert window.company_combo.currentData() == "MASO451221PM4"


def test_database_that_does_not_open_is_explained_in_place_and_retried(
    qtbot, monkeypatch, shown_errors
):
    """The office server is off: the window says so where the pages would be, no dialog,
    nothing half-open; once the address is fixed, "Reintentar" opens it."""
    import socket

    from facturador.services.context import Context
    from facturador.services.secrets import MemorySecretStore
    from facturador.ui.main_window import MainWindow
    from tests.ui.conftest import StubProbe

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("FACTURADOR_DB_URL", f"postgresql://contador:secreto@127.0.0.1:{port}/x")
    win = MainWindow(Context(secrets_=MemorySecretStore(), probe=StubProbe(online=False)))
    qtbot.addWidget(win)
    win.show()
    win.start()
    qtbot.waitUntil(win.retry_button.isVisible, timeout=15_000)
    assert f"el servidor no responde en 127.0.0.1:{port}" in win.loading.text()
    assert "secreto" not in win.loading.text()
    assert not win.is_ready
    assert not win.nav.isEnabled()  # no page can be opened on a database that is not there
    assert not win.new_company_button.isEnabled()
    assert shown_errors == []
    monkeypatch.delenv("FACTURADOR_DB_URL")  # back to the local SQLite file
    with qtbot.waitSignal(win.ready, timeout=15_000):
        qtbot.mouseClick(win.retry_button, Qt.MouseButton.LeftButton)
    assert win.is_ready
    assert win.nav.isEnabled()
    assert not win.retry_button.isVisible()
    win.status.stop()


def test_damaged_database_is_restored_from_a_backup_in_the_window(
    qtbot, monkeypatch, services, shown_errors
):
    """The database file is damaged: the window offers "Restaurar un respaldo…"; the chosen
    backup takes its place, the damaged file stays aside, and the app opens."""
    from PySide6.QtWidgets import QFileDialog

    from facturador.services.backups import create_backup
    from facturador.services.settings import database_path
    from facturador.ui.main_window import MainWindow

    create_eku(services)
    backup = create_backup()
    services.engine.dispose()
    services.engine_ = None  # a fresh start, as when the app is opened again
    database = database_path()
    for suffix in ("-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)
    database.write_bytes(b"\x00garbage" * 2048)

    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    win.start()
    qtbot.waitUntil(win.restore_button.isVisible, timeout=15_000)
    assert "dañado" in win.loading.text()
    chosen: list[str] = []

    def choose(_parent, _title, folder, _filter):
        chosen.append(folder)
        return str(backup), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose)
    with qtbot.waitSignal(win.ready, timeout=15_000):
        qtbot.mouseClick(win.restore_button, Qt.MouseButton.LeftButton)
    assert chosen == [str(backup.parent)]
    assert win.ctx.company is not None
    assert win.ctx.company.rfc == "EKU9003173C9"
    assert list(database.parent.glob("facturador-danada-*.sqlite3"))
    assert shown_errors == []
    win.status.stop()
