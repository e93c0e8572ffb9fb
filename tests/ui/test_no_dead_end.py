"""Cancelling the first-run wizard leaves both ways to start: the own company or the demo."""

from __future__ import annotations

from PySide6.QtCore import Qt

from facturador.services import directory


def test_after_cancelling_the_wizard_the_demo_can_be_chosen_from_the_empty_state(
    qtbot, window, shown_errors
):
    window.wizard.reject()
    qtbot.waitUntil(lambda: window.wizard is None)
    page = window.show_page("empresa")
    assert page.empty_state.isVisible()
    assert not page.body.isVisible()  # no form whose Guardar can never work
    assert page.own_button.isVisible()
    assert page.demo_button.isVisible()

    qtbot.mouseClick(page.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.ctx.company is not None, timeout=20_000)
    qtbot.waitUntil(lambda: window.current_page_id() == "clientes", timeout=10_000)
    assert window.ctx.company.rfc == "EKU9003173C9"
    assert [c.rfc for c in directory.clients(window.ctx.services)] == ["CACX7605101P8"]
    assert not page.empty_state.isVisible()
    assert shown_errors == []
    page.grab().save("/tmp/e/empty_after.png")


def test_the_own_company_choice_opens_the_wizard_at_the_company_data(qtbot, window):
    window.wizard.reject()
    qtbot.waitUntil(lambda: window.wizard is None)
    page = window.show_page("empresa")
    page.grab().save("/tmp/e/empty_state.png")
    qtbot.mouseClick(page.own_button, Qt.MouseButton.LeftButton)
    assert window.wizard is not None
    assert window.wizard.currentPage() is window.wizard.company_step
    window.wizard.reject()


def test_new_company_offers_the_demo_choice(qtbot, window):
    window.wizard.reject()
    qtbot.waitUntil(lambda: window.wizard is None)
    qtbot.mouseClick(window.new_company_button, Qt.MouseButton.LeftButton)
    wizard = window.wizard
    assert wizard.currentPage() is wizard.welcome
    assert wizard.welcome.demo_button.isVisible()
    wizard.reject()
