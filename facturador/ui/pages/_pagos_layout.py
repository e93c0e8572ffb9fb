"""How Generar complemento de pagos is laid out: the FAQ's steps, in order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from facturador.ui import messages_documents as M
from facturador.ui.pages._payment_lines import PaymentLinesTable
from facturador.ui.widgets.fields import FieldBox, FormMessage, new_form, page_header
from facturador.ui.widgets.sat_choices import FORMAS_PAGO, CodeCombo
from facturador.ui.widgets.sizing import scroll_page

if TYPE_CHECKING:
    pass

__all__ = ["PagosLayout"]

_SEP = " — "


class PagosLayout:
    """Methods of `PagosPage` (a mixin: it reads the page's widgets and context)."""

    def _build(self) -> None:  # noqa: PLR0915 - the FAQ's steps, in order
        self.client_edit = QLineEdit()
        self.client_edit.setPlaceholderText("Escriba el nombre o RFC del cliente…")
        self._client_model = QStringListModel(self)
        completer = QCompleter(self._client_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._on_client)
        self.client_edit.setCompleter(completer)
        self.fecha_edit = QDateTimeEdit()
        self.fecha_edit.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.fecha_edit.setCalendarPopup(True)
        self.forma_combo = CodeCombo(tuple(f for f in FORMAS_PAGO if f[0] != "99"))
        self.moneda_edit = QLineEdit("MXN")
        self.monto_edit = QLineEdit()
        self.monto_edit.setPlaceholderText("0.00")
        self.operacion_edit = QLineEdit()
        self.operacion_edit.setPlaceholderText("Opcional: número de operación o referencia")
        self.add_pago_button = QPushButton("Agregar pago")
        self.pago_label = QLabel("Aún no hay pago agregado.")
        self.pago_label.setObjectName("hint")
        self.pago_label.setWordWrap(True)
        self.related_button = QPushButton("Documento relacionado…")
        self.related_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
        )
        self.related_button.setToolTip("Elegir la factura PPD que se paga (las dos hojitas)")
        self.related_button.setEnabled(False)
        self.invoice_combo = QComboBox()
        self.imp_pagado_edit = QLineEdit()
        self.imp_pagado_edit.setPlaceholderText("Importe pagado a esta factura")
        self.imp_pagado_edit.setMinimumWidth(170)
        self.imp_pagado_box = FieldBox(self.imp_pagado_edit)
        self.add_related_button = QPushButton("Agregar documento relacionado")
        self.related_table = PaymentLinesTable()
        self.remove_button = QPushButton(M.PAYMENT_REMOVE)
        self.remove_button.setToolTip(M.PAYMENT_REMOVE_TIP)
        self.remove_button.setEnabled(False)
        self.message = FormMessage()
        self.emit_button = QPushButton("Emitir")
        self.emit_button.setDefault(True)  # not "primary": the theme hides its disabled look
        self.emit_button.setEnabled(False)
        form = new_form()
        form.addRow("Cliente", self.client_edit)
        form.addRow("Fecha y hora de pago", self.fecha_edit)
        form.addRow("Forma de pago", self.forma_combo)
        form.addRow("Moneda", self.moneda_edit)
        form.addRow("Monto", self.monto_edit)
        form.addRow("Núm. de operación", self.operacion_edit)
        pago_row = QHBoxLayout()
        pago_row.addWidget(self.add_pago_button)
        pago_row.addWidget(self.pago_label, 1)
        form.addRow("", pago_row)
        related = QHBoxLayout()  # two rows: whole at 1024 px
        related.addWidget(self.related_button)
        related.addWidget(self.invoice_combo, 1)
        top = Qt.AlignmentFlag.AlignTop
        amount = QHBoxLayout()
        amount.addWidget(self.imp_pagado_box, 1, top)
        amount.addWidget(self.add_related_button, 0, top)
        amount.addWidget(self.remove_button, 0, top)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.emit_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(scroll_page(self))  # a small window scrolls the page
        layout.setContentsMargins(28, 24, 28, 18)
        layout.addWidget(
            page_header(
                "Generar complemento de pagos 2.0",
                "Registre lo que el cliente pagó de sus facturas PPD. Si no conoce la hora del "
                "pago, deje las 12:00.",
            )
        )
        form_holder = QWidget()
        form_holder.setMaximumWidth(760)
        form_holder.setLayout(form)
        layout.addWidget(form_holder)
        caption = QLabel("Documentos relacionados")
        caption.setObjectName("pageSubtitle")
        layout.addWidget(caption)
        layout.addLayout(related)
        layout.addLayout(amount)
        layout.addWidget(self.related_table, 1)
        layout.addLayout(buttons)
        self.add_pago_button.clicked.connect(self.add_pago)
        self.related_button.clicked.connect(self.load_invoices)
        self.add_related_button.clicked.connect(self.add_related)
        self.remove_button.clicked.connect(self.remove_selected)
        self.related_table.remove_requested.connect(self.remove_selected)
        self.related_table.amount_edited.connect(self._on_line_amount_edited)
        self.related_table.itemSelectionChanged.connect(self._on_line_selected)
        self.imp_pagado_edit.textChanged.connect(self._check_amount_field)
        self.invoice_combo.currentIndexChanged.connect(self._on_invoice)
        self.emit_button.clicked.connect(self.emit)
        self.ctx.company_changed.connect(lambda _c: self.refresh())
        self.reset()
