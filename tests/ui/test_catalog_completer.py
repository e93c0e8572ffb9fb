"""The SAT-code completer of the product dialog: similar words, and "Sin resultados"."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from facturador.ui.dialogs.product_dialog import ProductDialog
from tests.ui.conftest import create_eku


@pytest.fixture
def seed(services):
    return create_eku(services)


@pytest.fixture
def dialog(qtbot, window) -> ProductDialog:
    page = window.show_page("productos")
    page.add_button.click()
    assert isinstance(page.dialog, ProductDialog)
    return page.dialog


def _rows(edit) -> list[str]:
    model = edit.completer().model()
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _type(qtbot, edit, text: str) -> None:
    edit.setFocus()
    edit.clear()
    qtbot.keyClicks(edit, text)


def test_clave_prod_serv_finds_sat_similar_words(qtbot, dialog):
    edit = dialog.clave_edit
    _type(qtbot, edit, "consultoria fiscal")
    popup = edit.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=5_000)
    assert _rows(edit)[0].startswith("84111802 — Servicios de asesoría")
    popup.grab().save("/tmp/completer_similares.png")
    with qtbot.waitSignal(edit.chosen, timeout=5_000) as chosen:
        edit.completer().activated.emit(_rows(edit)[0])
    assert chosen.args == ["84111802"]
    assert edit.code() == "84111802"


@pytest.mark.parametrize("field", ["clave_edit", "unidad_clave_edit"])
def test_nonsense_shows_sin_resultados_that_cannot_be_chosen(qtbot, dialog, field):
    edit = getattr(dialog, field)
    chosen: list[str] = []
    edit.chosen.connect(chosen.append)
    _type(qtbot, edit, "xqzwv")
    popup = edit.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=5_000)
    assert _rows(edit) == ["Sin resultados para «xqzwv»"]
    if field == "clave_edit":
        popup.grab().save("/tmp/completer_sin_resultados.png")
        dialog.grab().save("/tmp/completer_dialog.png")
    row = popup.model().index(0, 0)
    assert not row.flags() & Qt.ItemFlag.ItemIsSelectable
    # The keyboard cannot reach the row, nor can a click choose it.
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.mouseClick(
        popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(row).center()
    )
    assert edit.text() == "xqzwv"
    assert chosen == []
    # Typing on replaces the row with real options.
    edit.clear()
    _type(qtbot, edit, "84111802" if field == "clave_edit" else "H87")
    assert not _rows(edit)[0].startswith("Sin resultados")
    assert popup.model().index(0, 0).flags() & Qt.ItemFlag.ItemIsSelectable
