"""Documentos > Notas de venta: record a sale from the catalog (services.tickets), save its
80 mm ticket, and invoice a ticket to a customer who asks (services.global_invoice)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facturador.services import directory, global_invoice, tickets
from facturador.services.files import write_atomically
from facturador.ui import messages_notas as N
from facturador.ui.errors import show_error
from facturador.ui.pages._config_common import Card
from facturador.ui.pages._reports_common import ReadOnlyTable, money
from facturador.ui.widgets.fields import FormMessage, captioned, page_header
from facturador.ui.widgets.sat_choices import FORMAS_PAGO, CodeCombo
from facturador.ui.widgets.sizing import scroll_page
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.context import Context
    from facturador.services.global_invoice import TicketInvoiceResult
    from facturador.services.tickets import TicketView
    from facturador.services.views import ClientInfo, ProductInfo
    from facturador.ui.context import AppContext

__all__ = ["InvoiceTicketDialog", "NotasPage", "create_page"]

# What a shop counter is paid with: no "99 Por definir" (a ticket is paid).
_COUNTER = ("01", "03", "04", "05", "06", "08", "28", "29")
TICKET_FORMAS = tuple(item for item in FORMAS_PAGO if item[0] in _COUNTER)


def create_page(ctx: AppContext) -> QWidget:
    return NotasPage(ctx)


def _write_pdf(ctx: Context, numero: int, path: Path) -> Path:
    write_atomically(path, tickets.ticket_pdf(ctx, numero))
    return path


class NotasPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.products: list[ProductInfo] = []
        self.lines: list[dict[str, Any]] = []
        self.shown: list[TicketView] = []
        self.product = QComboBox()
        self.product.setPlaceholderText(N.PRODUCT_PLACEHOLDER)
        self.product.setMinimumWidth(240)
        self.quantity = QLineEdit("1")
        self.quantity.setMaximumWidth(90)
        self.add_button = QPushButton(N.ADD)
        self.remove_button = QPushButton(N.REMOVE)
        self.forma = CodeCombo(TICKET_FORMAS)
        self.line_table = ReadOnlyTable(N.LINE_HEADERS, stretch=0)
        self.line_table.horizontalHeader().setMinimumSectionSize(90)
        self.line_table.setMinimumHeight(150)
        self.totals = QLabel(N.TOTAL_EMPTY)
        self.totals.setStyleSheet("font-size: 11pt; font-weight: 600;")
        self.totals.setWordWrap(True)
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.record_button = QPushButton(N.RECORD)
        self.record_button.setObjectName("primary")
        self.message = FormMessage()
        self.table = ReadOnlyTable(N.TICKET_HEADERS, stretch=5)
        self.table.setMinimumHeight(180)
        self.print_button = QPushButton(N.PRINT)
        self.invoice_button = QPushButton(N.INVOICE)
        self._layout()
        self.add_button.clicked.connect(self.add_line)
        self.quantity.returnPressed.connect(self.add_line)
        self.remove_button.clicked.connect(self.remove_line)
        self.record_button.clicked.connect(self.record)
        self.print_button.clicked.connect(self.save_pdf)
        self.invoice_button.clicked.connect(self.invoice)
        ctx.company_changed.connect(lambda _company: self.refresh())
        ctx.changed.connect(lambda what: what == "products" and self.refresh())
        self._update_totals_view(None)

    def _layout(self) -> None:
        layout = QVBoxLayout(scroll_page(self))
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(12)
        layout.addWidget(page_header(N.NOTAS_TITLE, N.NOTAS_SUBTITLE))
        sale = Card()
        row = QHBoxLayout()
        row.addWidget(captioned(N.PRODUCT, self.product), 1)
        row.addWidget(captioned(N.QUANTITY, self.quantity), 0)
        row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignBottom)
        sale.body.addLayout(row)
        sale.body.addWidget(self.line_table)
        middle = QHBoxLayout()
        middle.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignBottom)
        middle.addStretch(1)
        middle.addWidget(captioned(N.FORMA_PAGO, self.forma), 0)
        sale.body.addLayout(middle)
        bottom = QHBoxLayout()
        bottom.addWidget(self.totals, 1)
        bottom.addWidget(self.record_button, 0)
        sale.body.addLayout(bottom)
        layout.addWidget(sale)
        layout.addWidget(self.message)
        recent = Card(N.RECENT)
        recent.body.addWidget(self.table)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.invoice_button)
        recent.body.addLayout(buttons)
        layout.addWidget(recent, 1)

    # ------------------------------------------------------------ loading

    def refresh(self) -> None:
        if self.ctx.company is None:
            return
        run_in_background(directory.products, self.ctx.services, on_success=self._set_products,
                          parent=self)  # fmt: skip
        self.load_tickets()

    def _set_products(self, products: list[ProductInfo]) -> None:
        self.products = products
        self.product.clear()
        for p in products:
            code = f"{p.no_identificacion} · " if p.no_identificacion else ""
            self.product.addItem(f"{code}{p.descripcion} ({money(p.valor_unitario)})", p.id)
        self.product.setCurrentIndex(0 if products else -1)
        if not products:
            self.message.show_state(N.NO_PRODUCTS, "info")

    def load_tickets(self) -> None:
        run_in_background(tickets.list_tickets, self.ctx.services, limit=200,
                          on_success=self.show_tickets, parent=self)  # fmt: skip

    def show_tickets(self, rows: list[TicketView]) -> None:
        self.shown = rows
        self.table.set_rows([
            (t.numero, f"{t.fecha:%d/%m/%Y %H:%M}", t.total, t.forma_pago, t.status_label,
             t.documento or "")
            for t in rows
        ])  # fmt: skip

    # ------------------------------------------------------------ the sale

    def _data(self) -> dict[str, Any]:
        return {"FormaPago": self.forma.code(), "Lineas": [dict(line) for line in self.lines]}

    def add_line(self) -> None:
        product_id = self.product.currentData()
        if product_id is None:
            self.message.show_state(N.NO_PRODUCTS, "info")
            return
        try:
            quantity = Decimal(self.quantity.text().strip().replace(",", "."))
        except InvalidOperation:
            quantity = Decimal(0)
        if not quantity.is_finite() or quantity <= 0:
            self.message.show_state(N.BAD_QUANTITY, "error")
            return
        candidate = [*self.lines, {"Producto": product_id, "Cantidad": f"{quantity}"}]
        data = {"FormaPago": self.forma.code(), "Lineas": candidate}
        run_in_background(
            tickets.quote_ticket, self.ctx.services, data,
            on_success=lambda quote: self._accept_line(candidate, quote),
            on_failure=lambda error: show_error(self, error, inline=self.message), parent=self,
        )  # fmt: skip

    def _accept_line(self, lines: list[dict[str, Any]], quote: TicketView) -> None:
        self.lines = lines
        self.message.show_state("", "info")
        self.quantity.setText("1")
        self._update_totals_view(quote)

    def remove_line(self) -> None:
        index = self.line_table.selected_row()
        if index is None:
            index = len(self.lines) - 1
        if index < 0:
            return
        del self.lines[index]
        if not self.lines:
            self._update_totals_view(None)
            return
        run_in_background(tickets.quote_ticket, self.ctx.services, self._data(),
                          on_success=self._update_totals_view,
                          on_failure=lambda error: show_error(self, error, inline=self.message),
                          parent=self)  # fmt: skip

    def _update_totals_view(self, quote: TicketView | None) -> None:
        self.record_button.setEnabled(quote is not None)
        if quote is None:
            self.line_table.set_rows([])
            self.totals.setText(N.TOTAL_EMPTY)
            return
        self.line_table.set_rows([
            (line.descripcion, f"{line.cantidad.normalize():f}", line.valor_unitario,
             line.importe)
            for line in quote.lineas
        ])  # fmt: skip
        taxes = "  ·  ".join(
            f"{t.label} {'—' if t.importe is None else money(t.importe)}" for t in quote.impuestos
        )
        self.totals.setText(N.TOTALS.format(subtotal=money(quote.subtotal), taxes=taxes,
                                            total=money(quote.total)))  # fmt: skip

    def record(self) -> None:
        if not self.lines:
            self.message.show_state(N.TOTAL_EMPTY, "info")
            return
        self.record_button.setEnabled(False)
        run_in_background(
            tickets.record_ticket, self.ctx.services, self._data(),
            on_success=self._recorded,
            on_failure=self._failed, parent=self,
        )  # fmt: skip

    def _failed(self, error: object) -> None:
        self.record_button.setEnabled(bool(self.lines))
        show_error(self, error, inline=self.message)

    def _recorded(self, view: TicketView) -> None:
        self.lines = []
        self._update_totals_view(None)
        self.message.show_state(N.RECORDED.format(numero=view.numero, total=money(view.total)),
                                "ok")  # fmt: skip
        self.load_tickets()

    # ------------------------------------------------------------ a recorded ticket

    def _selected(self) -> TicketView | None:
        index = self.table.selected_row()
        if index is None or index >= len(self.shown):
            self.message.show_state(N.PICK_TICKET, "info")
            return None
        return self.shown[index]

    def save_pdf(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "", f"nota-{chosen.numero}.pdf", N.PDF_FILTER)
        if name:
            self.write_pdf(chosen.numero, Path(name))

    def write_pdf(self, numero: int, path: Path) -> None:
        run_in_background(
            _write_pdf, self.ctx.services, numero, path,
            on_success=lambda saved: self.message.show_state(N.PDF_SAVED.format(path=saved), "ok"),
            on_failure=lambda error: show_error(self, error, inline=self.message), parent=self,
        )  # fmt: skip

    def invoice(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        run_in_background(
            _invoice_context, self.ctx.services, chosen.numero,
            on_success=lambda found: self._open_invoice_dialog(chosen, *found),
            on_failure=lambda error: show_error(self, error, inline=self.message), parent=self,
        )  # fmt: skip

    def _open_invoice_dialog(
        self, chosen: TicketView, clients: list[ClientInfo], procedure: str | None
    ) -> None:
        dialog = InvoiceTicketDialog(self.ctx, chosen, clients, procedure, self)
        dialog.invoiced.connect(self._invoiced)
        self.dialog = dialog
        dialog.open()

    def _invoiced(self, numero: int, result: TicketInvoiceResult) -> None:
        text = N.INVOICED.format(invoice=result.invoice, numero=numero)
        if result.old_global and result.old_global_action:
            text += N.GLOBAL_ACTIONS[result.old_global_action].format(old=result.old_global)
            if result.old_global_action == "corregida":
                text += "."
            elif result.new_global:
                text += N.NEW_GLOBAL.format(new=result.new_global)
            else:
                text += N.NO_NEW_GLOBAL
        self.message.show_state(text, "ok")
        self.ctx.changed.emit("queue")
        self.load_tickets()


def _invoice_context(ctx: Context, numero: int) -> tuple[list[ClientInfo], str | None]:
    procedure = global_invoice.ticket_procedure(ctx, numero)
    generic = ("XAXX010101000", "XEXX010101000")
    clients = [c for c in directory.clients(ctx) if c.rfc not in generic]
    return clients, procedure


class InvoiceTicketDialog(QDialog):
    """Choose the customer; what SAT's procedure will also do is said before confirming."""

    invoiced = Signal(int, object)

    def __init__(
        self,
        ctx: AppContext,
        chosen: TicketView,
        clients: list[ClientInfo],
        procedure: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.chosen = chosen
        self.setWindowTitle(N.INVOICE_TITLE.format(numero=chosen.numero))
        self.client = QComboBox()
        for c in clients:
            self.client.addItem(f"{c.nombre} ({c.rfc})", c.id)
        self.message = FormMessage()
        intro = QLabel(N.INVOICE_INTRO)
        intro.setWordWrap(True)
        self.procedure = QLabel(procedure or "")
        self.procedure.setWordWrap(True)
        self.procedure.setObjectName("formMessage")
        self.procedure.setProperty("state", "info")
        self.procedure.setVisible(bool(procedure))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(N.INVOICE_OK)
        self.ok.setEnabled(bool(clients))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Cancelar")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(captioned(N.CLIENT, self.client))
        layout.addWidget(self.procedure)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        if not clients:
            self.message.show_state(N.NO_CLIENTS, "info")
        self.resize(560, self.sizeHint().height())

    def submit(self) -> None:
        client_id = self.client.currentData()
        if client_id is None:
            return
        self.ok.setEnabled(False)
        run_in_background(
            global_invoice.invoice_ticket, self.ctx.services, self.chosen.numero, client_id,
            on_success=self._done, on_failure=self._failed, parent=self,
        )  # fmt: skip

    def _failed(self, error: object) -> None:
        self.ok.setEnabled(True)
        show_error(self, error, inline=self.message)

    def _done(self, result: TicketInvoiceResult) -> None:
        self.invoiced.emit(self.chosen.numero, result)
        self.accept()
