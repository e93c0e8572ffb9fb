"""Complemento de pagos 2.0 through the GUI, as the FAQ tells it, against the emulator."""

# ruff: noqa: F401, F811 - pytest fixtures imported by name
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from facturador.ui.pages._documents import money
from facturador.ui.pages._payment_lines import C_PAGADO
from tests.pac_emulators.fixtures import finkok_emulator, sandbox, sat_emulator
from tests.ui.documents_fixtures import (
    clock,
    fill_invoice,
    press_generar,
    registros_state,
    seed,
    services,
)


def _ppd_invoice(qtbot, window):
    page = window.show_page("cfdi")
    fill_invoice(qtbot, page, metodo="PPD")
    assert page.preview.ok, page.preview.findings
    press_generar(qtbot, page)
    qtbot.waitUntil(
        lambda: page.last_row is not None and page.last_row.state == "TIMBRADO", timeout=15_000
    )
    return page.last_row


def test_payment_with_a_related_document(qtbot, window, seed):
    invoice = _ppd_invoice(qtbot, window)
    registros = window.show_page("registros")
    registros_state(qtbot, window, invoice.name, "TIMBRADO")
    registros.select_row(
        next(i for i, r in enumerate(registros.model.rows) if r.name == invoice.name)
    )
    registros.actions["pay"].trigger()  # "Registrar pago" opens the payment page for it
    page = window.show_page("pagos")
    assert page.rfc == "CACX7605101P8"
    assert page.fecha_edit.time().hour() == 12  # 12:00 when the hour is unknown
    page.forma_combo.set_code("03")
    page.monto_edit.setText("1000.00")
    qtbot.mouseClick(page.add_pago_button, Qt.MouseButton.LeftButton)
    assert page.related_button.isEnabled()
    assert not page.related_button.icon().isNull()  # the FAQ's "dos hojitas" icon
    qtbot.mouseClick(page.related_button, Qt.MouseButton.LeftButton)  # las dos hojitas
    qtbot.waitUntil(lambda: page.invoice_combo.count() == 1, timeout=10_000)
    assert page.invoices[0].saldo == invoice.total
    assert page.imp_pagado_edit.text() == "1000.00"
    qtbot.mouseClick(page.add_related_button, Qt.MouseButton.LeftButton)
    assert page.related_table.rowCount() == 1
    qtbot.mouseClick(page.emit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.last_row is not None, timeout=15_000)
    assert page.last_row.tipo == "P"
    assert registros_state(qtbot, window, page.last_row.name, "TIMBRADO")
    # the balance went down by what was paid
    page.set_client("CACX7605101P8", "XOCHILT CASAS CHAVEZ")
    page.monto_edit.setText("1")
    page.add_pago()
    page.load_invoices()
    qtbot.waitUntil(lambda: page.invoice_combo.count() == 1, timeout=10_000)
    assert page.invoices[0].saldo == invoice.total - Decimal("1000.00")
    assert page.invoices[0].num_parcialidad == 2


def _stamped_ppd(qtbot, window, count: int):
    page = window.show_page("cfdi")
    rows = []
    for _ in range(count):
        fill_invoice(qtbot, page, metodo="PPD")
        rows.append(press_generar(qtbot, page, wait_stamped=True))
    return rows


def _ready_payment(qtbot, window, invoice, monto: str):
    page = window.show_page("pagos")
    page.set_client(invoice.rfc_receptor, invoice.nombre_receptor)
    page.monto_edit.setText(monto)
    qtbot.mouseClick(page.add_pago_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.related_button, Qt.MouseButton.LeftButton)
    return page


def _pick(qtbot, page, name: str, amount: str) -> None:
    index = next(i for i, inv in enumerate(page.invoices) if f"{inv.serie}-{inv.folio}" == name)
    page.invoice_combo.setCurrentIndex(index)
    page.imp_pagado_edit.setText(amount)
    qtbot.mouseClick(page.add_related_button, Qt.MouseButton.LeftButton)


def test_an_overpayment_is_refused_at_the_line_in_spanish(qtbot, window, seed):
    [invoice] = _stamped_ppd(qtbot, window, 1)
    saldo = money(invoice.total)
    page = _ready_payment(qtbot, window, invoice, str(invoice.total + 1000))
    qtbot.waitUntil(lambda: page.invoice_combo.count() == 1, timeout=10_000)
    page.imp_pagado_edit.setText(str(invoice.total + 400))  # more than the invoice owes
    assert page.imp_pagado_box.has_error  # said at the field, as it is typed
    assert (
        page.imp_pagado_box.message.text() == f"Excede el saldo pendiente de la factura ({saldo})."
    )
    qtbot.wait(100)  # the layout settles
    page.grab().save("/tmp/pagos_overpayment.png")
    qtbot.mouseClick(page.add_related_button, Qt.MouseButton.LeftButton)
    assert page.related_table.rowCount() == 0
    assert f"excede su saldo pendiente de {invoice.total} MXN" in page.message.text()
    assert "Listo" not in page.message.text()
    assert not page.emit_button.isEnabled()
    _pick(qtbot, page, invoice.name, "1000.00")
    assert page.related_table.rowCount() == 1
    assert page.related_table.figures(0) == (
        saldo,
        "$1,000.00",
        money(invoice.total - Decimal("1000.00")),
    )
    # the importe edited in the table is checked too; a refused one is put back
    page.related_table.item(0, C_PAGADO).setText(str(invoice.total + 1))
    assert "excede su saldo pendiente" in page.message.text()
    assert page.related_table.figures(0)[1] == "$1,000.00"
    assert page.related[0][1] == Decimal("1000.00")
    page.related_table.item(0, C_PAGADO).setText("1500")
    assert page.related_table.figures(0)[1:] == (
        "$1,500.00",
        money(invoice.total - Decimal("1500")),
    )


def test_two_lines_show_their_saldos_and_are_removed_by_button_or_delete(qtbot, window, seed):
    first, second = _stamped_ppd(qtbot, window, 2)
    monto = first.total + Decimal("1000.00")
    page = _ready_payment(qtbot, window, first, str(monto))
    qtbot.waitUntil(lambda: page.invoice_combo.count() == 2, timeout=10_000)
    _pick(qtbot, page, first.name, "1000.00")
    _pick(qtbot, page, second.name, str(first.total))  # what is left of the monto
    assert page.related_table.rowCount() == 2
    assert page.related_table.figures(0) == (
        money(first.total),
        "$1,000.00",
        money(first.total - Decimal("1000.00")),
    )
    assert page.related_table.figures(1) == (money(second.total), money(first.total), "$0.00")
    assert page.message.text() == "Listo: pulse Emitir."
    page.resize(1100, 720)
    qtbot.wait(100)  # the layout settles
    page.grab().save("/tmp/pagos_two_lines.png")
    # together the lines may not pay more than the monto: refused at the line
    page.related_table.item(0, C_PAGADO).setText("1000.01")
    assert "excede lo que queda por aplicar del pago" in page.message.text()
    assert page.related_table.figures(0)[1] == "$1,000.00"
    # nor may the monto be lowered below what the lines already pay
    page.monto_edit.setText("500.00")
    qtbot.mouseClick(page.add_pago_button, Qt.MouseButton.LeftButton)
    assert "ya suman" in page.message.text()
    assert page.pago["monto"] == monto
    # Quitar
    assert not page.remove_button.isEnabled()  # nothing selected yet
    page.related_table.selectRow(1)
    assert page.remove_button.isEnabled()
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert page.related_table.rowCount() == 1
    assert page.related_table.item(0, 0).text() == first.name
    assert f"Se quitó la factura {second.name}" in page.message.text()
    # the Delete key
    _pick(qtbot, page, second.name, "10.00")
    assert page.related_table.rowCount() == 2
    page.related_table.selectRow(1)
    page.related_table.setFocus()
    qtbot.keyClick(page.related_table, Qt.Key.Key_Delete)
    assert page.related_table.rowCount() == 1
    assert [inv.uuid for inv, _a in page.related] == [first.uuid]
    # what is emitted is what the table shows: only the first invoice is paid
    qtbot.mouseClick(page.emit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.last_row is not None, timeout=15_000)
    page.set_client(first.rfc_receptor, first.nombre_receptor)
    page.monto_edit.setText("1")
    page.add_pago()
    page.load_invoices()
    qtbot.waitUntil(lambda: page.invoice_combo.count() == 2, timeout=10_000)
    saldos = {f"{inv.serie}-{inv.folio}": inv.saldo for inv in page.invoices}
    assert saldos == {first.name: first.total - Decimal("1000.00"), second.name: second.total}
