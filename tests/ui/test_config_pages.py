"""Configuración: PAC, Créditos, Series y folios, Correo, Respaldos."""

from __future__ import annotations

import pytest

from facturador.services import backups, company_setup, pac_connection, smtp
from facturador.ui import messages_config as T
from tests.pac_emulators.fixtures import finkok_emulator, sandbox  # noqa: F401
from tests.ui.conftest import create_eku


@pytest.fixture
def seed(services):
    create_eku(services)


def test_pac_page_saves_provider_and_keeps_the_password(qtbot, window, services):
    page = window.show_page("pac")
    qtbot.waitUntil(lambda: page.view is not None, timeout=20_000)
    assert page.provider() == "sandbox"
    assert not page.user_edit.isEnabled()
    page.provider_combo.setCurrentIndex(page.provider_combo.findData("sw"))
    assert page.user_edit.isEnabled()
    page.user_edit.setText("usuario@empresa.mx")
    page.save_button.click()  # no password: the funnel says what is missing, inline
    qtbot.waitUntil(lambda: page.message.text() != "", timeout=20_000)
    assert "usuario y la contraseña" in page.message.text()
    qtbot.waitUntil(page.save_button.isEnabled, timeout=20_000)  # a disabled button ignores clicks
    page.password_edit.setText("secreto")
    page.environment_combo.setCurrentIndex(page.environment_combo.findData("produccion"))
    page.save_button.click()
    qtbot.waitUntil(lambda: page.message.text() == T.PAC_SAVED, timeout=20_000)
    assert window.ctx.company.pac_provider == "sw"
    assert window.ctx.company.pac_environment == "produccion"
    view = pac_connection.pac_view(services)
    assert view.user == "usuario@empresa.mx"
    assert view.has_password
    qtbot.waitUntil(lambda: page.password_edit.placeholderText() != "", timeout=20_000)
    assert page.password_edit.text() == ""  # the password never comes back to the form


def test_pac_test_connection(qtbot, window, finkok_emulator):  # noqa: F811
    page = window.show_page("pac")
    qtbot.waitUntil(lambda: page.view is not None, timeout=20_000)
    page.provider_combo.setCurrentIndex(page.provider_combo.findData("finkok"))
    page.url_edit.setText(finkok_emulator.url)
    page.test_button.click()
    qtbot.waitUntil(lambda: page.message.text().startswith("✔"), timeout=20_000)
    assert f"127.0.0.1:{finkok_emulator.port}" in page.message.text()
    finkok_emulator.stop()
    page.test_button.click()
    qtbot.waitUntil(lambda: "No fue posible conectar" in page.message.text(), timeout=20_000)


def test_credits_page_reads_the_balance_in_a_worker(qtbot, window, services):
    window.ctx.set_company(company_setup.create_demo_company(services))
    page = window.show_page("creditos")
    qtbot.waitUntil(lambda: page.balance_label.text() == T.CREDITS_UNLIMITED, timeout=20_000)
    page.refresh_button.click()
    qtbot.waitUntil(lambda: page.reading is not None, timeout=10_000)
    assert page.read_at_label.text().startswith("Consultado el")
    assert pac_connection.last_credits(services) is not None


def test_credits_page_explains_finkok(qtbot, window, services):
    pac_connection.save_pac(services, "finkok", "pruebas", "", "u@x.mx", "p")
    window.ctx.set_company(company_setup.active_company(services))
    page = window.show_page("creditos")
    qtbot.waitUntil(lambda: "Finkok" in page.detail_label.text(), timeout=20_000)
    assert "portal de Finkok" in page.detail_label.text()


def test_series_page_lists_and_adds(qtbot, window):
    page = window.show_page("series")
    qtbot.waitUntil(page.empty_label.isVisible, timeout=20_000)
    page.code_edit.setText("nc")
    page.tipo_combo.setCurrentIndex(page.tipo_combo.findData("E"))
    page.first_spin.setValue(100)
    page.add_button.click()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=20_000)
    assert page.table.item(0, 0).text() == "NC"
    assert page.table.item(0, 2).text() == "100"
    page.code_edit.setText("NC")
    page.add_button.click()
    qtbot.waitUntil(lambda: "ya existe" in page.message.text(), timeout=20_000)


def test_mail_page_saves_and_reports_a_failed_test(qtbot, window, services):
    page = window.show_page("correo")
    page.host_edit.setText("127.0.0.1")
    page.security_combo.setCurrentIndex(page.security_combo.findData("none"))
    assert page.port_spin.value() == 25
    page.port_spin.setValue(1)  # nothing listens there
    page.from_edit.setText("facturas@empresa.mx")
    page.save_button.click()
    qtbot.waitUntil(lambda: page.message.text() == T.MAIL_SAVED, timeout=20_000)
    assert smtp.smtp_view(services).host == "127.0.0.1"
    page.to_edit.setText("yo@empresa.mx")
    page.test_button.click()
    qtbot.waitUntil(lambda: "No se pudo conectar" in page.message.text(), timeout=10_000)


def test_backups_create_and_restore_after_asking(qtbot, window, services):
    qtbot.waitUntil(lambda: not window.backup_timer.running, timeout=20_000)
    page = window.show_page("respaldos")
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=20_000)  # the day's automatic
    page.backup_button.click()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=20_000)
    asked: list[str] = []
    page.confirm = lambda _parent, text: asked.append(text) or False
    page.table.selectRow(0)
    page.restore_button.click()
    assert asked
    assert "se perderá" in asked[0]
    assert page.table.rowCount() == 2  # said no: nothing happened
    page.confirm = lambda _parent, _text: True
    page.restore_button.click()
    qtbot.waitUntil(lambda: page.message.text() == T.BACKUP_RESTORED, timeout=10_000)
    qtbot.waitUntil(lambda: page.table.rowCount() == 3, timeout=20_000)
    page.auto_check.setChecked(False)
    qtbot.waitUntil(lambda: not backups.automatic_backups(), timeout=20_000)
