"""Documentos > Generar complemento de pagos 2.0, following the FAQ's steps.

1. Cliente. 2. Fecha y hora de pago (12:00 when unknown), forma de pago, moneda, monto,
"Agregar pago". 3. The related-document button (the FAQ's "icono de las dos hojitas") lists
the client's open PPD invoices with their balances; pick one, set the amount, "Agregar
documento relacionado". 4. Emitir: the receipt is built from the stored invoices (saldo
anterior, parcialidad, impuestos DR), sealed and queued like any CFDI.

Each line is checked when it is added and when its importe is edited (in the field, or in
the table with a double click): no more than the invoice's saldo, and the lines no more than
the payment's monto (services.payments.line_balance). The table shows saldo anterior,
importe pagado and saldo insoluto per line; "Quitar" or the Delete key removes a line.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, QTime
from PySide6.QtWidgets import (
    QWidget,
)

from facturador.services import directory, payments
from facturador.services.payments import PaymentError, line_balance
from facturador.ui import messages_documents as M
from facturador.ui.errors import show_error
from facturador.ui.pages._documents import money, request_sync
from facturador.ui.pages._pagos_layout import PagosLayout
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.payments import LineBalance, OpenInvoice
    from facturador.services.views import ClientInfo, DocumentRow
    from facturador.ui.context import AppContext

__all__ = ["PagosPage", "create_page"]

_SEP = " — "


def create_page(ctx: AppContext) -> QWidget:
    return PagosPage(ctx)


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip().replace(",", "").lstrip("$"))
    except InvalidOperation:
        return None
    return value if value.is_finite() and value > 0 else None


def _name(invoice: OpenInvoice) -> str:
    return f"{invoice.serie}-{invoice.folio}" if invoice.folio else invoice.uuid[:8]


class PagosPage(QWidget, PagosLayout):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.clients: list[ClientInfo] = []
        self.invoices: list[OpenInvoice] = []
        self.rfc = ""
        self.pago: dict[str, Any] | None = None
        self.related: list[tuple[OpenInvoice, Decimal]] = []
        self.last_row: DocumentRow | None = None
        self._pending_invoice: str | None = None
        self._build()

    def reset(self) -> None:
        today = QDateTime.currentDateTime()
        self.fecha_edit.setDateTime(QDateTime(today.date(), QTime(12, 0)))
        self.forma_combo.set_code("03")
        self.monto_edit.clear()
        self.operacion_edit.clear()
        self.pago = None
        self.related = []
        self.related_table.setRowCount(0)
        self.invoices = []
        self.invoice_combo.clear()
        self.imp_pagado_edit.clear()
        self.imp_pagado_box.clear()
        self.remove_button.setEnabled(False)
        self.pago_label.setText("Aún no hay pago agregado.")
        self.related_button.setEnabled(False)
        self.emit_button.setEnabled(False)

    def refresh(self) -> None:
        if self.ctx.company is not None:
            run_in_background(
                directory.clients, self.ctx.services, on_success=self._set_clients, parent=self
            )

    def _set_clients(self, clients: list[ClientInfo]) -> None:
        self.clients = clients
        self._client_model.setStringList([f"{c.nombre}{_SEP}{c.rfc}" for c in clients])

    def _on_client(self, text: str) -> None:
        self.set_client(text.rsplit(_SEP, 1)[-1].strip(), text.rsplit(_SEP, 1)[0])

    def set_client(self, rfc: str, nombre: str) -> None:
        self.rfc = rfc
        self.client_edit.setText(f"{nombre}{_SEP}{rfc}")
        self.reset()

    def prefill_invoice(self, row: DocumentRow) -> None:
        """Registros' "Registrar pago": this client, this invoice ready to pick."""
        self.set_client(row.rfc_receptor, row.nombre_receptor)
        self._pending_invoice = row.uuid
        self.message.show_state(
            f"Pago de la factura {row.name}: capture los datos del pago y pulse «Agregar pago».",
            "info",
        )

    # -- the FAQ's steps --------------------------------------------------------------------

    def add_pago(self) -> None:
        monto = _decimal(self.monto_edit.text())
        if not self.rfc:
            self.message.show_state("Elija primero el cliente.", "error")
            return
        if monto is None:
            self.message.show_state("Escriba el monto pagado (mayor que cero).", "error")
            return
        applied = self._applied()
        if applied > monto:
            text = M.PAYMENT_LINES_EXCEED_MONTO.format(applied=money(applied), monto=money(monto))
            self.message.show_state(text, "error")
            return
        self.pago = {
            "fecha": self.fecha_edit.dateTime().toPython(),
            "forma": self.forma_combo.code(),
            "moneda": self.moneda_edit.text().strip().upper() or "MXN",
            "monto": monto,
            "operacion": self.operacion_edit.text().strip() or None,
        }
        self.pago_label.setText(
            f"Pago de {money(monto)} {self.pago['moneda']} del "
            f"{self.fecha_edit.dateTime().toString('dd/MM/yyyy HH:mm')} "
            f"({self.forma_combo.currentText()})"
        )
        self.related_button.setEnabled(True)
        self._check_amount_field()
        if self.related:
            self.message.show_state(M.PAYMENT_READY, "ok")
            return
        self.message.show_state(
            "Ahora pulse «Documento relacionado» para elegir la factura que se paga.", "info"
        )

    def load_invoices(self) -> None:
        run_in_background(
            payments.open_invoices_for,
            self.ctx.services,
            self.rfc,
            on_success=self._set_invoices,
            parent=self,
        )

    def _set_invoices(self, invoices: list[OpenInvoice]) -> None:
        self.invoices = invoices
        self.invoice_combo.clear()
        for inv in invoices:
            self.invoice_combo.addItem(
                f"{_name(inv)} · saldo {money(inv.saldo, inv.moneda)} · parcialidad "
                f"{inv.num_parcialidad}",
                inv.uuid,
            )
        if self._pending_invoice:
            index = self.invoice_combo.findData(self._pending_invoice)
            self.invoice_combo.setCurrentIndex(max(index, 0))
        if not invoices:
            self.message.show_state("El cliente no tiene facturas PPD con saldo.", "error")
        self._on_invoice()

    def _on_invoice(self) -> None:
        index = self.invoice_combo.currentIndex()
        if 0 <= index < len(self.invoices) and self.pago is not None:
            left = self.pago["monto"] - self._applied()
            amount = min(self.invoices[index].saldo, left)
            self.imp_pagado_edit.setText(str(amount) if amount > 0 else "")

    def _applied(self, *, without: int | None = None) -> Decimal:
        """What the payment's lines apply (all, or all but the row `without`)."""
        amounts = (a for row, (_i, a) in enumerate(self.related) if row != without)
        return sum(amounts, Decimal(0))

    def _checked(
        self, invoice: OpenInvoice, amount: Decimal, without: int | None = None
    ) -> LineBalance:
        """The line's saldo anterior / pagado / insoluto, or a PaymentError (in Spanish)."""
        same = self.pago is not None and self.pago["moneda"] == invoice.moneda
        monto = self.pago["monto"] if same and self.pago is not None else None
        return line_balance(
            invoice, amount, monto=monto, already_applied=self._applied(without=without)
        )

    def _check_amount_field(self) -> None:
        """As the importe is typed: say at the field if it exceeds the saldo or the monto."""
        index = self.invoice_combo.currentIndex()
        amount = _decimal(self.imp_pagado_edit.text())
        if self.pago is None or not 0 <= index < len(self.invoices) or amount is None:
            self.imp_pagado_box.clear()
            return
        invoice = self.invoices[index]
        try:
            balance = self._checked(invoice, amount)
        except PaymentError:
            self.imp_pagado_box.show_error(self._short_refusal(invoice, amount))
            return
        self.imp_pagado_box.show_ok(f"Saldo insoluto: {money(balance.saldo_insoluto)}")

    def _short_refusal(self, invoice: OpenInvoice, amount: Decimal) -> str:
        if amount > invoice.saldo:
            return M.PAYMENT_OVER_SALDO.format(saldo=money(invoice.saldo, invoice.moneda))
        left = max(self.pago["monto"] - self._applied(), Decimal(0)) if self.pago else 0
        return M.PAYMENT_OVER_MONTO.format(left=money(left))

    def add_related(self) -> None:
        index = self.invoice_combo.currentIndex()
        amount = _decimal(self.imp_pagado_edit.text())
        if self.pago is None or not 0 <= index < len(self.invoices) or amount is None:
            self.message.show_state(M.PAYMENT_PICK_AND_AMOUNT, "error")
            return
        invoice = self.invoices[index]
        if any(i.uuid == invoice.uuid for i, _a in self.related):
            self.message.show_state(M.PAYMENT_DUPLICATE, "error")
            return
        try:
            balance = self._checked(invoice, amount)
        except PaymentError as error:
            self.imp_pagado_box.show_error(self._short_refusal(invoice, amount))
            self.message.show_state(error.message, "error")
            return
        self.related.append((invoice, amount))
        self.related_table.add_line(_name(invoice), invoice.num_parcialidad, balance, invoice.uuid)
        self.emit_button.setEnabled(True)
        self.message.show_state(M.PAYMENT_READY, "ok")
        self._on_invoice()  # what is left of the monto, for the next line

    def _on_line_amount_edited(self, row: int, text: str) -> None:
        invoice, previous = self.related[row]
        amount = _decimal(text)
        try:
            if amount is None:
                raise PaymentError(M.PAYMENT_PICK_AND_AMOUNT)
            balance = self._checked(invoice, amount, without=row)
        except PaymentError as error:
            self.related_table.set_balance(row, self._checked(invoice, previous, without=row))
            self.message.show_state(error.message, "error")
            return
        self.related[row] = (invoice, amount)
        self.related_table.set_balance(row, balance)
        self.message.show_state(M.PAYMENT_READY, "ok")

    def _on_line_selected(self) -> None:
        self.remove_button.setEnabled(self.related_table.selected_row() is not None)

    def remove_selected(self) -> None:
        """Quitar (or Delete): take the selected related document out of this payment."""
        row = self.related_table.selected_row()
        if row is None:
            return
        invoice, _amount = self.related.pop(row)
        self.related_table.removeRow(row)
        self._on_line_selected()
        self.emit_button.setEnabled(bool(self.related))
        removed = M.PAYMENT_REMOVED.format(name=_name(invoice))
        if self.related:
            self.message.show_state(f"{removed} {M.PAYMENT_READY}", "ok")
        else:
            self.message.show_state(f"{removed} {M.PAYMENT_NO_LINES}", "info")
        self._on_invoice()

    def emit(self) -> None:
        if self.pago is None or not self.related:
            return
        self.emit_button.setEnabled(False)
        pago = self.pago
        run_in_background(
            payments.pay,
            self.ctx.services,
            fecha_pago=pago["fecha"],
            forma_de_pago=pago["forma"],
            moneda=pago["moneda"],
            lines=[(inv.uuid, amount) for inv, amount in self.related],
            num_operacion=pago["operacion"],
            on_success=self._on_emitted,
            on_failure=self._on_failed,
            parent=self,
        )

    def _on_failed(self, error: object) -> None:
        self.emit_button.setEnabled(True)
        show_error(self, error, inline=self.message)

    def _on_emitted(self, row: DocumentRow) -> None:
        self.last_row = row
        self.reset()
        self.message.show_state(
            f"Complemento de pago {row.name} sellado y en cola de timbrado.", "ok"
        )
        self.ctx.changed.emit("documents")
        request_sync(self.ctx, parent=self)
