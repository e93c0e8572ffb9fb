"""Complemento de pagos 2.0 through the GUI, as the FAQ tells it, against the emulator."""

# ruff: noqa: F401, F811 - pytest fixtures imported by name
from __future__ import annotations

from decimal import Decimal

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


def test_a_payment_larger_than_the_balance_is_refused_in_spanish(qtbot, window, seed):
    invoice = _ppd_invoice(qtbot, window)
    page = window.show_page("pagos")
    page.set_client(invoice.rfc_receptor, invoice.nombre_receptor)
    page.monto_edit.setText("999999")
    page.add_pago()
    page.load_invoices()
    qtbot.waitUntil(lambda: page.invoice_combo.count() == 1, timeout=10_000)
    page.imp_pagado_edit.setText("999999")
    page.add_related()
    page.emit()
    qtbot.waitUntil(lambda: "excede su saldo" in page.message.text(), timeout=10_000)
