"""Ayuda: the FAQ's buttons open the screens they talk about; Contacto's diagnostic report."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from facturador.pac.messages import FAQ_CERTIFICADO, FAQ_CONEXION, FAQ_CREDITOS, FAQ_RECEPTOR
from facturador.services import company_setup, diagnostics, pac_connection
from facturador.ui import navigation
from tests.ui.conftest import create_eku


@pytest.fixture
def seed(services):
    create_eku(services)


def _check_every_button(qtbot, window) -> None:
    faq = window.show_page("faq")
    assert faq.buttons, "the FAQ has buttons"
    for page_id, buttons in faq.buttons.items():
        assert page_id in {e.id for e in navigation.ENTRIES}
        for button in buttons:
            window.show_page("faq")
            qtbot.mouseClick(button, qtbot_left())
            assert window.current_page_id() == page_id
            assert window.stack.currentWidget() is window.pages[page_id]


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_faq_buttons_open_their_screens(qtbot, window):
    _check_every_button(qtbot, window)
    faq = window.show_page("faq")
    assert set(faq.error_buttons) == {"certificado", "creditos", "receptor", "conexion"}
    qtbot.mouseClick(faq.error_buttons["receptor"], qtbot_left())
    assert window.current_page_id() == "clientes"


def test_faq_buttons_in_demo_mode(qtbot, window, services):
    window.ctx.set_company(company_setup.create_demo_company(services))
    qtbot.waitUntil(window.status.demo_label.isVisible, timeout=20_000)
    _check_every_button(qtbot, window)


def test_faq_shows_the_four_known_errors_with_solutions(window):
    faq = window.show_page("faq")
    texts = " ".join(
        label.text()
        for label in faq.findChildren(
            type(faq.findChild(__import__("PySide6.QtWidgets", fromlist=["QLabel"]).QLabel))
        )
    )
    for titulo, solucion in (FAQ_CERTIFICADO, FAQ_CREDITOS, FAQ_RECEPTOR, FAQ_CONEXION):
        assert titulo in texts
        assert solucion in texts


def test_contact_copies_a_diagnostic_report_without_secrets(qtbot, window, services):

    pac_connection.save_pac(services, "sw", "pruebas", "", "usuario-sw", "clave-muy-secreta")
    page = window.show_page("contacto")
    page.email_edit.setText("ayuda@despacho.mx")
    page.save_button.click()
    qtbot.waitUntil(page.message.isVisible, timeout=20_000)
    assert diagnostics.support_email() == "ayuda@despacho.mx"
    page.copy_button.click()
    qtbot.waitUntil(lambda: bool(page.report), timeout=20_000)
    report = QApplication.clipboard().text()
    assert report == page.report
    for fact in ("Facturador:", "Qt:", "Sistema operativo:", "Carpeta de datos:", "sqlite"):
        assert fact in report
    assert "EKU9003173C9" in report
    assert "Cola: 0 en cola" in report
    for secret in ("clave-muy-secreta", "usuario-sw", "12345678a"):
        assert secret not in report


def test_what_the_help_tells_the_user_to_press_or_open_exists(window):
    """Every «button» and «Section → Page» the FAQ and the PAC's advice name is in the app."""
    import re

    from PySide6.QtWidgets import QAbstractButton

    from facturador.pac import messages as pac_messages
    from facturador.ui import messages_config
    from facturador.ui.navigation import ENTRIES

    pages = {entry.title for entry in ENTRIES}
    faq = messages_config.FAQ_BASICS + messages_config.FAQ_TASKS
    texts = [item[1] for item in faq] + [
        solucion for _t, solucion in (pac_messages.FAQ_CERTIFICADO, pac_messages.FAQ_CREDITOS,
                                      pac_messages.FAQ_RECEPTOR, pac_messages.FAQ_CONEXION)
    ]  # fmt: skip
    for text in texts:
        for path in re.findall(r"Configuración → ([^.,;]+?)(?:[.,;]| →|$)", text):
            assert path.strip() in pages, text

    def buttons(page_id: str) -> set[str]:
        ids = [page_id] if page_id else [entry.id for entry in ENTRIES]
        return {
            button.text().replace("&", "")
            for found in ids
            for button in window.show_page(found).findChildren(QAbstractButton)
        }

    pressed = [(item[2], item[1]) for item in faq] + [("", text) for text in texts[len(faq) :]]
    for page_id, text in pressed:
        for name in re.findall(r"pulse «([^»]+)»", text):
            assert name in buttons(page_id), text  # on the page the answer opens
