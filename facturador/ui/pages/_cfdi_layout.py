"""How Generar CFDI is laid out and wired: its widgets, the fields grid, the layout, the signals."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facturador.ui import messages as M
from facturador.ui import messages_complementos as MC
from facturador.ui.pages._cfdi_complemento import ComplementSection
from facturador.ui.pages._documents import runner
from facturador.ui.widgets import concept_table as ct
from facturador.ui.widgets.fields import (
    CatalogLineEdit,
    FieldBox,
    FormMessage,
    captioned,
    contains_completer,
    page_header,
)
from facturador.ui.widgets.global_info import InformacionGlobalRow
from facturador.ui.widgets.sat_choices import (
    FORMAS_PAGO,
    METODOS_PAGO,
    TIPOS_COMPROBANTE,
    TIPOS_RELACION,
    CodeCombo,
    MetodoFormaLink,
)
from facturador.ui.widgets.sizing import scroll_page

if TYPE_CHECKING:
    pass

__all__ = ["CfdiLayout"]

PREVIEW_DELAY_MS = 150
RELATION_COMBO_CHARS = 24


class CfdiLayout:
    """Methods of `CfdiPage` (a mixin: it reads the page's widgets and context)."""

    def _build(self) -> None:
        search = self.ctx.search_catalog
        self.client_edit = QLineEdit()
        self.client_edit.setPlaceholderText("Escriba el nombre o RFC del cliente…")
        self._client_model = QStringListModel(self)
        self.client_edit.setCompleter(contains_completer(self, self._client_model, self._on_client))
        self.uso_edit = CatalogLineEdit("c_UsoCFDI", search)
        self.tipo_combo = CodeCombo(TIPOS_COMPROBANTE)
        self.serie_edit = QLineEdit()
        self.serie_edit.setMaximumWidth(90)
        self.forma_combo = CodeCombo(FORMAS_PAGO)
        self.metodo_combo = CodeCombo(METODOS_PAGO)
        self.metodo_link = MetodoFormaLink(self.metodo_combo, self.forma_combo)
        self.moneda_edit = CatalogLineEdit("c_Moneda", search)
        self.tipo_cambio_edit = QLineEdit()
        self.tipo_cambio_edit.setPlaceholderText("—")
        self.relation_combo = CodeCombo(TIPOS_RELACION)
        # As wide as the usual choices (none, 01, 04, 07) on a 1024 px window; the list
        # shows every type whole, the tooltip the chosen one.
        self.relation_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.relation_combo.setMinimumContentsLength(RELATION_COMBO_CHARS)
        self.relation_combo.currentTextChanged.connect(self.relation_combo.setToolTip)
        self.relation_edit = QLineEdit()
        self.relation_edit.setPlaceholderText("UUID, separados por coma")
        self.relation_button = QPushButton("Elegir…")
        self.relation_button.setToolTip("Elegir los CFDI relacionados de Registros CFDI")
        self.global_row = InformacionGlobalRow()
        self.boxes = {
            # the client's and the Uso's line is always there: choosing moves nothing below
            "client": FieldBox(self.client_edit, reserve=True),
            "uso": FieldBox(self.uso_edit, reserve=True),
            "serie": FieldBox(self.serie_edit),
            "forma": FieldBox(self.forma_combo),
            "metodo": FieldBox(self.metodo_combo),
            "moneda": FieldBox(self.moneda_edit),
            "tipo_cambio": FieldBox(self.tipo_cambio_edit),
            "relation": FieldBox(self.relation_edit),
            "global": FieldBox(self.global_row, M.GLOBAL_HINT),
        }
        self.product_edit = QLineEdit()
        self.product_edit.setPlaceholderText("Agregar producto del catálogo: escriba para buscar…")
        self._product_model = QStringListModel(self)
        self.product_edit.setCompleter(
            contains_completer(self, self._product_model, self._on_product)
        )
        self.add_line_button = QPushButton("Agregar línea libre")
        self.remove_line_button = QPushButton("Quitar línea")
        self.concepts = ct.ConceptTable(search)
        self.complement = ComplementSection(search)
        self.message = FormMessage()
        self.result = FormMessage()
        self.totals = {k: QLabel("—") for k in ("sub", "desc", "tras", "ret", "total")}
        for label in self.totals.values():
            label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.totals["total"].setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.new_button = QPushButton("Nuevo")
        self.new_button.setToolTip("Empezar un comprobante nuevo (pregunta si hay cambios)")
        self.draft_button = QPushButton("Guardar borrador")
        self.generate_button = QPushButton("Generar")
        self.generate_button.setObjectName("primary")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)

    def _relation_row(self) -> QWidget:
        relation = QWidget()
        row = QHBoxLayout(relation)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.boxes["relation"], 1)
        row.addWidget(self.relation_button, 0, Qt.AlignmentFlag.AlignTop)
        return relation

    def _client_cell(self) -> QWidget:
        """The client field under its caption, with the badge of where its data came from
        beside the caption (no extra height), and under the field what the client's
        Constancia contradicts (shown only then)."""
        self.client_badge = QLabel()
        self.client_badge.setObjectName("originBadge")
        self.client_badge.setText(" ")  # its height kept while hidden: choosing moves nothing
        policy = self.client_badge.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.client_badge.setSizePolicy(policy)
        self.client_badge.setVisible(False)
        self.receptor_notes = QLabel()
        self.receptor_notes.setObjectName("fieldMessage")
        self.receptor_notes.setWordWrap(True)
        self.receptor_notes.setVisible(False)
        caption = QLabel("Cliente (receptor)")
        caption.setObjectName("hint")
        caption_row = QHBoxLayout()
        caption_row.setContentsMargins(0, 0, 0, 0)
        caption_row.addWidget(caption)
        caption_row.addWidget(self.client_badge)
        caption_row.addStretch(1)
        cell = QWidget()
        layout = QVBoxLayout(cell)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(caption_row)
        layout.addWidget(self.boxes["client"])
        layout.addWidget(self.receptor_notes)
        return cell

    def _fields_grid(self) -> QGridLayout:
        """Four columns that fit a 1024 px window: no combo is cut, nothing overlaps."""
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        b = self.boxes
        top = Qt.AlignmentFlag.AlignTop
        grid.addWidget(self._client_cell(), 0, 0, 1, 3, top)
        grid.addWidget(captioned("Uso del CFDI", b["uso"]), 0, 3, top)
        grid.addWidget(captioned("Tipo de comprobante", self.tipo_combo), 1, 0, top)
        grid.addWidget(captioned("Serie", b["serie"]), 1, 1, top)
        grid.addWidget(captioned("Moneda", b["moneda"]), 1, 2, top)
        grid.addWidget(captioned("Tipo de cambio", b["tipo_cambio"]), 1, 3, top)
        grid.addWidget(captioned("Forma de pago", b["forma"]), 2, 0, 1, 2, top)
        grid.addWidget(captioned("Método de pago", b["metodo"]), 2, 2, 1, 2, top)
        grid.addWidget(captioned("CFDI relacionados", self.relation_combo), 3, 0, top)
        grid.addWidget(captioned("UUID relacionados", self._relation_row()), 3, 1, 1, 2, top)
        grid.addWidget(captioned(MC.CAPTION, self.complement.kind_combo), 3, 3, top)
        self.global_holder = captioned(M.GLOBAL_CAPTION, b["global"])
        grid.addWidget(self.global_holder, 4, 0, 1, 4)
        for column, stretch in enumerate((3, 0, 2, 3)):
            grid.setColumnStretch(column, stretch)
        return grid

    def _layout(self) -> None:
        grid = self._fields_grid()
        lines = QHBoxLayout()
        lines.addWidget(self.product_edit, 1)
        lines.addWidget(self.add_line_button)
        lines.addWidget(self.remove_line_button)
        totals = QGridLayout()
        names = ("Subtotal", "Descuento", "Impuestos trasladados", "Impuestos retenidos", "Total")
        for row, (name, key) in enumerate(zip(names, self.totals, strict=True)):
            caption = QLabel(name)
            caption.setObjectName("pageSubtitle")
            totals.addWidget(caption, row, 0)
            totals.addWidget(self.totals[key], row, 1)
        totals.setColumnMinimumWidth(1, 140)
        totals.setVerticalSpacing(2)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.draft_button)
        buttons.addWidget(self.generate_button)
        left = QVBoxLayout()  # the messages, and the buttons under them, beside the totals
        left.addWidget(self.message)
        left.addWidget(self.result)
        left.addStretch(1)
        left.addLayout(buttons)
        bottom = QHBoxLayout()
        bottom.addLayout(left, 1)
        bottom.addSpacing(20)
        bottom.addLayout(totals)
        layout = QVBoxLayout(scroll_page(self))  # a small window scrolls the page
        layout.setContentsMargins(28, 20, 28, 12)  # no scrolling at 1180×760
        layout.addWidget(
            page_header(
                "Generar CFDI 4.0",
                "Factura (ingreso), nota de crédito (egreso) o traslado. Los totales los "
                "calcula el sistema; Generar sella el comprobante y lo envía a timbrar.",
            )
        )
        layout.addLayout(grid)
        layout.addLayout(lines)
        layout.addWidget(self.concepts, 1)
        layout.addWidget(self.complement)
        layout.addLayout(bottom)

    def _connect(self) -> None:
        changed = self._schedule
        self._timer.timeout.connect(self.recompute)
        self.concepts.changed.connect(changed)
        for edit in (self.uso_edit, self.serie_edit, self.moneda_edit, self.tipo_cambio_edit):
            edit.textChanged.connect(changed)
        self.relation_edit.textChanged.connect(changed)
        self.global_row.changed.connect(changed)
        self.complement.changed.connect(changed)
        for combo in (self.forma_combo, self.metodo_combo, self.relation_combo):
            combo.currentIndexChanged.connect(changed)
        self.tipo_combo.currentIndexChanged.connect(self._on_tipo)
        self.uso_edit.textChanged.connect(self._describe_uso)
        self.client_edit.textEdited.connect(self._on_client_edited)
        self.add_line_button.clicked.connect(lambda: self.concepts.add_concept())  # noqa: PLW0108
        self.remove_line_button.clicked.connect(self.concepts.remove_selected)
        self.relation_button.clicked.connect(self.choose_relations)
        self.new_button.clicked.connect(self.flow.ask_new)
        self.draft_button.clicked.connect(self.save_draft)
        self.generate_button.clicked.connect(self.generate)
        self.generate_button.setToolTip("Sellar y enviar a timbrar (Ctrl+Enter)")
        self.draft_button.setToolTip("Guardar sin sellar; no usa folio (Ctrl+S)")
        QShortcut(QKeySequence("Ctrl+Return"), self, self.generate)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_draft)
        self.ctx.company_changed.connect(lambda _c: (self._reset_global(), self.refresh()))
        self.ctx.changed.connect(self._on_ctx_changed)
        found = runner(self.ctx)
        if found is not None:
            found.sync_finished.connect(lambda _outcome: self._on_synced(None))

    # -- catalogs of the company --------------------------------------------------------------

    def _reset_global(self) -> None:
        """The factura global's choices for this company, set to the current month."""
        from facturador.services.receptors import fecha_local

        company = self.ctx.company
        if company is not None:
            now = fecha_local(company.lugar_expedicion, self.ctx.services.now())
            self.global_row.reset(now, company.regimen_fiscal)
