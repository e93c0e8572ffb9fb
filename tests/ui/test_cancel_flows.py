"""The FAQ's two cancellation recipes through the GUI, against the Finkok and SAT emulators:
an invoice with errors is replaced (relation 04) and cancelled with motivo 01 and the new
UUID; an invoice whose sale never happened is cancelled with motivo 03."""

# ruff: noqa: F401, F811 - pytest fixtures imported by name
from __future__ import annotations

from PySide6.QtCore import Qt

from tests.pac_emulators.fixtures import finkok_emulator, sandbox, sat_emulator
from tests.ui.documents_fixtures import (
    clock,
    fill_invoice,
    press_generar,
    registros_state,
    seed,
    services,
)


def _stamped_invoice(qtbot, window):
    page = window.show_page("cfdi")
    fill_invoice(qtbot, page)
    press_generar(qtbot, page)
    qtbot.waitUntil(
        lambda: page.last_row is not None and page.last_row.state == "TIMBRADO", timeout=15_000
    )
    return page.last_row


def _select(qtbot, window, name: str):
    page = window.show_page("registros")
    registros_state(qtbot, window, name, "TIMBRADO")
    row = next(i for i, r in enumerate(page.model.rows) if r.name == name)
    page.select_row(row)
    return page


def _cancel(qtbot, page, motivo: str, folio: str = ""):
    page.actions["cancel"].trigger()
    dialog = page.dialog
    dialog.set_motivo(motivo)
    assert not dialog.ok_button.isEnabled()  # the confirmation comes first
    dialog.confirm_check.setChecked(True)
    if folio:
        assert not dialog.ok_button.isEnabled()  # motivo 01 needs the new UUID
        dialog.folio_edit.setText(folio)
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def _wait_cancelled(qtbot, window, page, name):
    def cancelled() -> bool:
        states = [r.state for r in page.model.rows if r.name == name]
        if states == ["CANCELADO"]:
            return True
        if states and states[0].startswith("CANCELACION_EN"):
            page.sync_action.trigger()  # "Enviar pendientes": asks SAT again
        return False

    qtbot.waitUntil(cancelled, timeout=20_000)
    return registros_state(qtbot, window, name, "CANCELADO")


def test_sale_that_never_happened_is_cancelled_with_motivo_03(qtbot, window, seed):
    invoice = _stamped_invoice(qtbot, window)
    page = _select(qtbot, window, invoice.name)
    assert page.actions["cancel"].isEnabled()
    _cancel(qtbot, page, "03")
    assert _wait_cancelled(qtbot, window, page, invoice.name)


def test_invoice_with_errors_is_replaced_then_cancelled_with_01(qtbot, window, seed):
    old = _stamped_invoice(qtbot, window)
    registros = _select(qtbot, window, old.name)
    registros.actions["duplicate"].trigger()  # the FAQ: make the right one, related 04
    form = window.show_page("cfdi")
    qtbot.waitUntil(lambda: form.concepts.rowCount() == 2, timeout=10_000)
    form.concepts.editor(1, 4).setText("120.00")  # the error being corrected
    form.relation_combo.set_code("04")
    form.relation_edit.setText(old.uuid)
    assert "Sustitución" in form.relation_combo.currentText()
    form.recompute()
    assert form.preview.ok, form.preview.findings
    press_generar(qtbot, form)
    qtbot.waitUntil(
        lambda: form.last_row is not None and form.last_row.state == "TIMBRADO", timeout=15_000
    )
    new = form.last_row
    assert new.name != old.name
    page = _select(qtbot, window, old.name)
    _cancel(qtbot, page, "01", new.uuid)
    assert _wait_cancelled(qtbot, window, page, old.name)
    assert registros_state(qtbot, window, new.name, "TIMBRADO")


def test_one_click_substitution_cancels_the_old_one(qtbot, window, seed):
    old = _stamped_invoice(qtbot, window)
    registros = _select(qtbot, window, old.name)
    registros.actions["substitute"].trigger()
    form = window.show_page("cfdi")
    qtbot.waitUntil(lambda: form.substitutes == old.uuid, timeout=10_000)
    assert form.relation_combo.code() == "04"
    press_generar(qtbot, form)
    qtbot.waitUntil(
        lambda: form.last_row is not None and form.last_row.state == "TIMBRADO", timeout=15_000
    )
    page = window.show_page("registros")
    assert _wait_cancelled(qtbot, window, page, old.name)
