"""Forms work without the mouse: shortcuts, Tab order, Enter saves, Esc cancels."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import Qt

from facturador.services import directory
from tests.ui.conftest import create_eku


@pytest.fixture
def seed(services):
    return create_eku(services)


def test_client_dialog_by_keyboard(qtbot, window):
    page = window.show_page("clientes")
    page.search_edit.setFocus()
    qtbot.keyClick(page.search_edit, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    assert dialog is not None
    editors = [
        dialog.rfc_edit,
        dialog.nombre_edit,
        dialog.regimen_edit,
        dialog.cp_edit,
        dialog.uso_edit,
        dialog.emails_edit,
    ]
    for widget, following in itertools.pairwise(editors):
        assert _next_focusable(widget) is following
    values = ("CACX7605101P8", "XOCHILT CASAS CHAVEZ", "612", "36257", "G03")
    for editor, text in zip(editors, values, strict=False):
        qtbot.keyClicks(editor, text)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(dialog.emails_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)


def test_escape_cancels_the_dialog(qtbot, window):
    page = window.show_page("productos")
    page.add_button.click()
    dialog = page.dialog
    dialog.descripcion_edit.setFocus()
    with qtbot.waitSignal(dialog.rejected, timeout=20_000):
        qtbot.keyClick(dialog.descripcion_edit, Qt.Key.Key_Escape)
    assert directory.products(window.ctx.services) == []


def test_tab_order_of_the_product_dialog(qtbot, window):
    page = window.show_page("productos")
    page.add_button.click()
    dialog = page.dialog
    expected = [
        dialog.descripcion_edit,
        dialog.clave_edit,
        dialog.unidad_clave_edit,
        dialog.unidad_edit,
        dialog.no_id_edit,
        dialog.precio_edit,
        dialog.tax_combo,
        dialog.objeto_combo,
    ]
    for widget, following in itertools.pairwise(expected):
        assert _next_focusable(widget) is following


def _next_focusable(widget):
    """Where Tab goes: as Qt does, past widgets that take no Tab focus or are hidden."""
    candidate = widget.nextInFocusChain()
    while candidate is not widget and not (
        candidate.focusPolicy() & Qt.FocusPolicy.TabFocus and candidate.isVisible()
    ):
        candidate = candidate.nextInFocusChain()
    return candidate
