"""The FAQ's two cancellation recipes through the GUI, against the Finkok and SAT emulators:
an invoice with errors is replaced (relation 04) and cancelled with motivo 01 and the new
UUID; an invoice whose sale never happened is cancelled with motivo 03."""

# ruff: noqa: F401, F811 - pytest fixtures imported by name
from __future__ import annotations

from PySide6.QtCore import Qt

from facturador.ui import messages_documents as M
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


def _cancel(qtbot, page, motivo: str, prefilled: str = ""):
    page.actions["cancel"].trigger()
    dialog = page.dialog
    if prefilled:  # a stamped document relates to this one with 04: motivo 01 and its UUID
        qtbot.waitUntil(lambda: dialog.folio_edit.text() == prefilled, timeout=10_000)
        assert dialog.motivo_combo.currentData() == "01"
        assert dialog.substitute_combo.currentData() == prefilled
        assert "(relación 04)" in dialog.prefill_label.text()
    dialog.set_motivo(motivo)
    assert not dialog.ok_button.isEnabled()  # the confirmation comes first
    assert dialog.why_label.text() == dialog.ok_button.toolTip() == M.CANCEL_WHY_CONFIRM
    dialog.confirm_check.setChecked(True)
    assert dialog.ok_button.isEnabled()
    assert not dialog.why_label.isVisible()
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):  # registered: it closes
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
    _cancel(qtbot, page, "01", prefilled=new.uuid)
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


def test_a_refused_substitute_keeps_the_dialog_open_with_the_error(qtbot, window, seed):
    old = _stamped_invoice(qtbot, window)
    other = _stamped_invoice(qtbot, window)  # stamped, but it does not replace the old one
    page = _select(qtbot, window, old.name)
    page.actions["cancel"].trigger()
    dialog = page.dialog
    qtbot.waitUntil(lambda: dialog.substitute_combo.count() == 2, timeout=10_000)
    assert other.name in dialog.substitute_combo.itemText(1)  # the picker offers it
    assert dialog.substitute_combo.itemData(1) == other.uuid
    assert dialog.folio_edit.text() == ""  # nothing relates with 04: nothing pre-filled
    dialog.confirm_check.setChecked(True)
    dialog.set_motivo("01")
    assert not dialog.ok_button.isEnabled()
    assert dialog.why_label.text() == M.CANCEL_WHY_FOLIO  # it says why it is greyed
    assert dialog.ok_button.toolTip() == M.CANCEL_WHY_FOLIO
    qtbot.wait(100)  # the layout settles
    dialog.grab().save("/tmp/cancel_dialog_why.png")
    dialog.substitute_combo.setCurrentIndex(1)
    dialog.substitute_combo.activated.emit(1)  # the user picks it
    assert dialog.folio_edit.text() == other.uuid
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.folio_box.has_error, timeout=10_000)
    assert dialog.isVisible()  # still open, with everything the user chose
    assert "TipoRelacion 04" in dialog.folio_box.message.text()
    assert dialog.folio_edit.text() == other.uuid
    assert dialog.motivo_combo.currentData() == "01"
    assert dialog.confirm_check.isChecked()
    qtbot.wait(100)  # the layout settles
    dialog.grab().save("/tmp/cancel_dialog_refused.png")
    assert registros_state(qtbot, window, old.name, "TIMBRADO")  # nothing was queued
    dialog.set_motivo("02")  # the user changes the motivo instead: the error goes
    assert not dialog.folio_box.has_error
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert _wait_cancelled(qtbot, window, page, old.name)
