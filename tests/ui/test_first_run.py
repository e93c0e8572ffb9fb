"""The first-run wizard, with a real company and in demo mode, ends in a usable window."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard

from facturador.services import company_setup
from facturador.ui import messages as M
from tests.ui.helpers import type_into


def test_empty_database_opens_the_wizard(window):
    assert window.wizard is not None
    assert window.wizard.isVisible()
    assert window.ctx.company is None
    assert window.status.company_label.text() == M.NO_COMPANY


def test_wizard_with_a_real_company(qtbot, window, csd, shown_errors):
    wizard = window.wizard
    qtbot.mouseClick(wizard.welcome.own_button, qtbot_left())
    assert wizard.currentPage() is wizard.company_step

    form = wizard.company_step.form
    type_into(qtbot, form.rfc_edit, "eku9003173c9")
    type_into(qtbot, form.nombre_edit, "ESCUELA KEMPER URGATE")
    type_into(qtbot, form.regimen_edit, "601")
    type_into(qtbot, form.cp_edit, "42501")
    assert form.boxes["regimen_fiscal"].message.text().startswith("✔ General de Ley")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.csd_step, timeout=10_000)

    cer, key, password = csd("csd_EKU9003173C9")
    csd_form = wizard.csd_step.form
    csd_form.cer_edit.setText(cer)
    csd_form.key_edit.setText(key)
    csd_form.password_edit.setText(password)
    with qtbot.waitSignal(csd_form.verified, timeout=10_000):
        qtbot.keyClick(csd_form.password_edit, "\r")
    assert csd_form.facts_card.numero.text() == "30001000000500003416"
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.pac_step, timeout=10_000)

    assert wizard.pac_step.provider() == "sandbox"
    with qtbot.waitSignal(wizard.finished_setup, timeout=10_000):
        wizard.button(QWizard.WizardButton.FinishButton).click()

    qtbot.waitUntil(lambda: window.company_combo.count() == 1)
    company = window.ctx.company
    assert company.rfc == "EKU9003173C9"
    assert company.no_certificado == "30001000000500003416"
    assert company.pac_provider == "sandbox"
    assert window.current_page_id() == "clientes"
    assert "EKU9003173C9" in window.status.company_label.text()
    assert shown_errors == []


def test_wizard_shows_a_field_error_before_saving(qtbot, window):
    wizard = window.wizard
    wizard.next()
    form = wizard.company_step.form
    type_into(qtbot, form.rfc_edit, "EKU9003173C9")
    type_into(qtbot, form.nombre_edit, "ESCUELA KEMPER URGATE")
    type_into(qtbot, form.regimen_edit, "605")  # sueldos y salarios: personas físicas only
    type_into(qtbot, form.cp_edit, "00001")
    wizard.next()
    assert wizard.currentPage() is wizard.company_step
    assert form.boxes["regimen_fiscal"].has_error
    assert "no aplica a personas morales" in form.boxes["regimen_fiscal"].message.text()
    assert "no existe en el catálogo" in form.boxes["lugar_expedicion"].message.text()
    assert company_setup.companies(window.ctx.services) == []


def test_wizard_demo_mode(qtbot, window, shown_errors):
    wizard = window.wizard
    with qtbot.waitSignal(wizard.finished_setup, timeout=15_000):
        qtbot.mouseClick(wizard.welcome.demo_button, qtbot_left())
    qtbot.waitUntil(window.status.demo_label.isVisible, timeout=20_000)
    company = window.ctx.company
    assert company.rfc == "EKU9003173C9"
    assert company.is_demo
    assert company.has_csd
    assert window.current_page_id() == "clientes"
    assert window.windowTitle().startswith("ESCUELA KEMPER URGATE")
    assert shown_errors == []


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_wizard_asks_before_demo_stamping_for_a_real_company(qtbot, window, csd, shown_errors):
    wizard = window.wizard
    qtbot.mouseClick(wizard.welcome.own_button, qtbot_left())
    form = wizard.company_step.form
    type_into(qtbot, form.rfc_edit, "CACX7605101P8")
    type_into(qtbot, form.nombre_edit, "XOCHILT CASAS CHAVEZ")
    type_into(qtbot, form.regimen_edit, "612")
    type_into(qtbot, form.cp_edit, "36257")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.csd_step, timeout=10_000)
    cer, key, password = csd("csd_CACX7605101P8")
    csd_form = wizard.csd_step.form
    csd_form.cer_edit.setText(cer)
    csd_form.key_edit.setText(key)
    csd_form.password_edit.setText(password)
    with qtbot.waitSignal(csd_form.verified, timeout=10_000):
        qtbot.keyClick(csd_form.password_edit, "\r")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.pac_step, timeout=10_000)

    step = wizard.pac_step
    assert step.provider() == "sandbox"
    wizard.button(QWizard.WizardButton.FinishButton).click()
    qtbot.waitUntil(lambda: getattr(step, "dialog", None) is not None, timeout=10_000)
    box = step.dialog
    assert "no es la empresa de demostración" in box.text()
    assert not box.confirm_button.isEnabled()
    box.understood.setChecked(True)
    with qtbot.waitSignal(wizard.finished_setup, timeout=10_000):
        box.confirm_button.click()
    qtbot.waitUntil(lambda: window.company_combo.count() == 1)
    assert window.ctx.company.rfc == "CACX7605101P8"
    assert window.ctx.company.pac_provider == "sandbox"
    assert shown_errors == []


def test_the_wizard_csd_step_says_another_rfc_before_installing(qtbot, window, csd):
    wizard = window.wizard
    qtbot.mouseClick(wizard.welcome.own_button, qtbot_left())
    form = wizard.company_step.form
    type_into(qtbot, form.rfc_edit, "EKU9003173C9")
    type_into(qtbot, form.nombre_edit, "ESCUELA KEMPER URGATE")
    type_into(qtbot, form.regimen_edit, "601")
    type_into(qtbot, form.cp_edit, "42501")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.csd_step, timeout=10_000)
    csd_form = wizard.csd_step.form
    cer, key, password = csd("csd_CACX7605101P8")
    csd_form.cer_edit.setText(cer)
    csd_form.key_edit.setText(key)
    csd_form.password_edit.setText(password)
    with qtbot.waitSignal(csd_form.rejected, timeout=10_000):
        csd_form.verify()
    assert "otro RFC (CACX7605101P8)" in csd_form.message.text()
    wizard.next()  # Siguiente does not install it
    qtbot.waitUntil(lambda: "otro RFC" in csd_form.message.text(), timeout=10_000)
    assert wizard.currentPage() is wizard.csd_step
    assert window.ctx.company.no_certificado is None
