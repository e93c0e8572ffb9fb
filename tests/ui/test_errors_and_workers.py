"""The error funnel and the worker helper."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from facturador.services.errors import NoActiveCompanyError
from facturador.ui import errors
from facturador.ui import messages as M
from facturador.ui.workers import network_pool, run_in_background

# The window's words: where to go in it, not the CLI's command (ui.messages_fields).
GUI_NO_COMPANY = (
    "No hay una empresa activa. Agréguela con «Nueva empresa…» (arriba a la derecha) o "
    "elíjala en «Empresa»."
)


def test_facturador_error_shows_its_spanish_message(qapp, shown_errors):
    errors.show_error(None, NoActiveCompanyError())
    assert shown_errors == [errors.Shown(GUI_NO_COMPANY)]


def test_facturador_error_inline(qapp, shown_errors):
    label = QLabel()
    errors.show_error(None, NoActiveCompanyError(), inline=label)
    assert label.text() == GUI_NO_COMPANY
    assert shown_errors == []


def test_unexpected_error_is_logged_with_details(qapp, shown_errors, caplog):
    errors.show_error(None, ZeroDivisionError("boom"))
    assert shown_errors[0].text == M.UNEXPECTED_ERROR
    assert "ZeroDivisionError: boom" in shown_errors[0].details
    assert "ZeroDivisionError" in caplog.text


def test_cancelled_shows_nothing(qapp, shown_errors):
    errors.show_error(None, errors.OperationCancelled())
    assert shown_errors == []


def test_worker_reports_success_and_failure(qtbot, shown_errors):
    results: list[object] = []
    finished: list[bool] = []
    run_in_background(
        lambda: 41 + 1, on_success=results.append, on_finished=lambda: finished.append(True)
    )
    qtbot.waitUntil(lambda: finished == [True])
    assert results == [42]

    def fail() -> None:
        raise NoActiveCompanyError()

    run_in_background(fail, pool=network_pool())
    qtbot.waitUntil(lambda: len(shown_errors) == 1)
    assert shown_errors[0].text == GUI_NO_COMPANY


def test_create_app_sets_name_locale_and_style(qapp):
    from PySide6.QtCore import QLocale

    from facturador.ui.app import create_app
    from facturador.ui.theme import ACCENT

    app = create_app([])
    assert app is qapp
    assert app.applicationName() == "Facturador"
    assert app.palette().highlight().color().name() == ACCENT
    assert "navigation" in app.styleSheet()
    assert QLocale().language() == QLocale.Language.Spanish
