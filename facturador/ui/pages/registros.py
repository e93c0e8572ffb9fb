"""Registros CFDI: every document of the company, its state at a glance, and what to do next.

The table reads the store lazily (models.documents_model); filters by fechas, cliente,
estado, tipo and text. Actions (toolbar and context menu) on the selected document: ver PDF
(inside the app), guardar XML/PDF, enviar por correo, cancelar (dialogs.cancel_dialog),
sustituir, duplicar, registrar pago, consultar estado en el SAT, abrir (drafts) or corregir
(rejected: the PAC's code explained, the form opened again). Slow work (PDF, export of a
zip per month, email, SAT) runs in workers, with a progress dialog where it takes a while.

The queue reloads the table every few seconds: the selected document (by id) and the scroll
position survive it. "Guardar" and "Más" are menu buttons beside the toolbar, never inside its
overflow, so every action is reachable at 1024 px; Total comes right after Fecha.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, Qt, QTime, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyle,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from facturador.services import registry
from facturador.services.document_actions import allowed_actions
from facturador.services.receptor_reissue import is_receptor_rejection, receptor_rejection_text
from facturador.ui import messages as M
from facturador.ui import messages_documents as T
from facturador.ui.dialogs.withdraw_dialog import withdraw_hint, withdraw_tip
from facturador.ui.models import documents_model as dm
from facturador.ui.pages._documents import STATE_NAMES, request_sync, runner
from facturador.ui.pages._receptor_fix import ReceptorFix
from facturador.ui.pages._registros_actions import RegistrosActions
from facturador.ui.pages._registros_view import (
    SelectionKeeper,
    StateChipDelegate,
    date_filter_edit,
    menu_button,
)
from facturador.ui.widgets.fields import FormMessage, page_header
from facturador.ui.widgets.rfc_edit import make_rfc_edit
from facturador.ui.widgets.sizing import FillColumn, fit_headers, scroll_page
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.registry import DocumentFilter
    from facturador.services.views import DocumentDetail, DocumentRow, SatStatusInfo
    from facturador.ui.context import AppContext

__all__ = ["RegistrosPage", "create_page"]

FILTER_DELAY_MS = 250
STATE_FILTERS = (
    ("Todos los estados", ()),
    ("Pendientes de timbrar", ("SELLADO", "EN_COLA", "ENVIANDO", "POSIBLEMENTE_TIMBRADO")),
    ("Timbrados", ("TIMBRADO",)),
    ("Rechazados", ("RECHAZADO",)),
    ("Posiblemente timbrados", ("POSIBLEMENTE_TIMBRADO",)),
    ("Cancelación en proceso", ("CANCELACION_EN_COLA", "CANCELACION_EN_PROCESO")),
    ("Cancelados", ("CANCELADO",)),
    ("Borradores", ("BORRADOR",)),
    ("Retirados de la cola", ("RETIRADO",)),
)
TIPO_FILTERS = (("Todos los tipos", ""), ("Ingreso", "I"), ("Egreso", "E"), ("Pago", "P"))


def create_page(ctx: AppContext) -> QWidget:
    return RegistrosPage(ctx)


class RegistrosPage(QWidget, RegistrosActions):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = dm.DocumentsModel(ctx.services, self)
        self.dialog: Any = None
        self.last_status: SatStatusInfo | None = None
        self.syncing = False
        self._build()
        self._connect()

    def _build(self) -> None:  # noqa: PLR0915 - one widget per line, in reading order
        self.since_edit = date_filter_edit()
        self.until_edit = date_filter_edit()
        self.client_edit = make_rfc_edit()
        self.client_edit.setPlaceholderText("RFC del cliente")
        rfc = self.client_edit.fontMetrics().horizontalAdvance("XAXX010101000W")
        self.client_edit.setFixedWidth(rfc + 24)  # a whole RFC and its placeholder
        self.state_combo = QComboBox()
        for text, states in STATE_FILTERS:
            self.state_combo.addItem(text, states)
        self.tipo_combo = QComboBox()
        for text, tipo in TIPO_FILTERS:
            self.tipo_combo.addItem(text, tipo)
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText("Buscar nombre, folio o UUID…")
        self.text_edit.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.count_label.setObjectName("hint")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(dm.C_STATE, StateChipDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(34)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self._layout_columns()
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.fix_message = FormMessage()
        self.fix_button = QPushButton("Corregir y volver a generar")
        self.fix_button.setVisible(False)
        self.redate_button = QPushButton("Fechar de nuevo…")
        self.redate_button.setVisible(False)
        self.update_client_button = QPushButton(M.RECEPTOR_FIX_BUTTON)
        self.update_client_button.setVisible(False)
        self.receptor_fix = ReceptorFix(self, self.ctx, self._on_resealed)
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        style = self.style()
        sp = QStyle.StandardPixmap
        self.actions: dict[str, QAction] = {}
        for key, text, icon in (
            ("pdf", "Ver PDF", sp.SP_FileDialogContentsView),
            ("save_xml", "Guardar XML…", sp.SP_DialogSaveButton),
            ("save_pdf", "Guardar PDF…", sp.SP_DialogSaveButton),
            ("email", "Enviar por correo", sp.SP_CommandLink),
            ("cancel", "Cancelar…", sp.SP_DialogCancelButton),
            ("substitute", "Sustituir", sp.SP_BrowserReload),
            ("duplicate", "Duplicar", sp.SP_FileDialogNewFolder),
            ("pay", "Registrar pago", sp.SP_FileDialogDetailedView),
            ("sat", "Consultar estado en el SAT", sp.SP_MessageBoxQuestion),
            ("open", "Abrir", sp.SP_DirOpenIcon),
            ("redate", "Fechar de nuevo…", sp.SP_BrowserReload),
            ("withdraw", "Retirar de la cola…", sp.SP_TrashIcon),
        ):
            self.actions[key] = QAction(style.standardIcon(icon), text, self)
        self.export_action = QAction("Exportar XML y PDF por mes (ZIP)…", self)
        self.sync_action = QAction(T.SEND_NOW, self)
        a = self.actions
        toolbar = ("pdf", "open", "email", "cancel", "withdraw", "substitute", "duplicate")
        for key in (*toolbar, "pay", "redate"):
            self.toolbar.addAction(a[key])
        # beside the toolbar, not in it: a widget in a toolbar's "››" overflow shows nothing
        self.save_button = menu_button(
            "Guardar", [a["save_xml"], a["save_pdf"], None, self.export_action]
        )
        more = [a[key] for key in ("withdraw", "substitute", "duplicate", "pay", "redate", "sat")]
        self.more_button = menu_button("Más", [*more, None, self.sync_action])
        actions_row = QHBoxLayout()
        actions_row.addWidget(self.toolbar, 1)
        actions_row.addWidget(self.save_button)
        actions_row.addWidget(self.more_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(FILTER_DELAY_MS)
        filters = QHBoxLayout()  # two rows: at 1024 px no filter shrinks to «R…»
        for widget in (QLabel("Desde"), self.since_edit, QLabel("Hasta"), self.until_edit):
            filters.addWidget(widget)
        filters.addWidget(self.state_combo)
        filters.addWidget(self.tipo_combo)
        filters.addStretch(1)
        search = QHBoxLayout()
        search.addWidget(self.client_edit)
        search.addWidget(self.text_edit, 1)
        fix = QHBoxLayout()
        fix.addWidget(self.fix_message, 1)
        fix.addWidget(self.update_client_button)
        fix.addWidget(self.fix_button)
        fix.addWidget(self.redate_button)
        layout = QVBoxLayout(scroll_page(self))  # a small window scrolls the page
        layout.setContentsMargins(28, 24, 28, 18)
        layout.addWidget(
            page_header("Registros CFDI", "Todos los comprobantes, su estado y lo que sigue.")
        )
        layout.addLayout(filters)
        layout.addLayout(search)
        layout.addLayout(actions_row)
        layout.addWidget(self.table, 1)
        layout.addLayout(fix)
        layout.addWidget(self.count_label)
        self._on_selection()

    def _layout_columns(self) -> None:
        """Estado as wide as its widest chip, Total right after Fecha (visible at 1024 px),
        Cliente wide, UUID takes what is left."""
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        metrics = self.table.fontMetrics()
        chip = max(metrics.horizontalAdvance(name) for name in STATE_NAMES.values()) + 30
        widths = {dm.C_STATE: chip, dm.C_TIPO: 70, dm.C_FOLIO: 70, dm.C_FECHA: 125}
        widths |= {dm.C_CLIENTE: 250, dm.C_RFC: 125, dm.C_TOTAL: 115}
        for column, width in widths.items():
            header.resizeSection(column, width)
        header.moveSection(header.visualIndex(dm.C_TOTAL), header.visualIndex(dm.C_CLIENTE))
        fit_headers(self.table)
        uuid = metrics.horizontalAdvance("0" * 36) + 16  # a UUID whole, else scroll sideways
        self.fill = FillColumn(self.table, dm.C_UUID, uuid)

    def _connect(self) -> None:
        for widget in (self.client_edit, self.text_edit):
            widget.textChanged.connect(lambda _t: self._timer.start())
        for combo in (self.state_combo, self.tipo_combo):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        for edit in (self.since_edit, self.until_edit):
            edit.dateChanged.connect(lambda _d: self.apply_filters())
        self._timer.timeout.connect(self.apply_filters)
        self.model.count_changed.connect(self._on_count)
        self.keeper = SelectionKeeper(self.table, self.model, self._on_selection)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda _i: self.view_pdf_or_open())
        a = self.actions
        a["pdf"].triggered.connect(self.view_pdf)
        a["save_xml"].triggered.connect(lambda: self.save_file("xml"))
        a["save_pdf"].triggered.connect(lambda: self.save_file("pdf"))
        a["email"].triggered.connect(self.send_email)
        a["cancel"].triggered.connect(self.cancel_selected)
        a["substitute"].triggered.connect(lambda: self.open_in_form("substitute"))
        a["duplicate"].triggered.connect(lambda: self.open_in_form("duplicate"))
        a["pay"].triggered.connect(self.register_payment)
        a["sat"].triggered.connect(self.sat_status)
        a["open"].triggered.connect(lambda: self.open_in_form("open"))
        a["redate"].triggered.connect(self.redate_selected)
        a["withdraw"].triggered.connect(self.withdraw_selected)
        self.fix_button.clicked.connect(lambda: self.open_in_form("open"))
        self.redate_button.clicked.connect(self.redate_selected)
        self.update_client_button.clicked.connect(self._update_client)
        self.export_action.triggered.connect(self.export)
        self.sync_action.triggered.connect(self.sync_now)
        self.ctx.changed.connect(self._on_ctx_changed)
        self.ctx.company_changed.connect(lambda _c: self.refresh())
        found = runner(self.ctx)
        if found is not None:
            found.sync_finished.connect(lambda _o: self.model.reload())

    # -- loading and filters ---------------------------------------------------------------------

    def refresh(self) -> None:
        if self.ctx.company is not None:
            self.apply_filters()

    def _on_ctx_changed(self, what: str) -> None:
        if what in ("queue", "documents") and self.ctx.company is not None:
            self.model.reload()

    def current_query(self) -> DocumentFilter:
        def moment(edit: QDateEdit, days: int = 0) -> Any:
            if edit.date() == edit.minimumDate():
                return None
            return QDateTime(edit.date().addDays(days), QTime(0, 0)).toPython()

        from facturador.services.registry import DocumentFilter

        return DocumentFilter(
            since=moment(self.since_edit),
            until=moment(self.until_edit, 1),
            rfc_receptor=self.client_edit.text().strip(),
            states=tuple(self.state_combo.currentData() or ()),
            tipo=str(self.tipo_combo.currentData() or ""),
            text=self.text_edit.text(),
        )

    def apply_filters(self) -> None:
        self._timer.stop()
        self.model.set_query(self.current_query())

    def _on_count(self, total: int) -> None:
        self.count_label.setText(f"{total:,} comprobante(s)")

    # -- selection -------------------------------------------------------------------------------

    def selected(self) -> DocumentRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _on_selection(self) -> None:
        row = self.selected()
        state = row.state if row else ""
        allowed = (
            allowed_actions(
                row.state,
                row.tipo,
                uuid=row.uuid,
                last_error_code=row.last_error_code,
                may_be_stamped=row.may_be_stamped,
            )
            if row is not None
            else frozenset()
        )
        enabled = {key: key in allowed for key in self.actions}
        for key, action in self.actions.items():
            action.setEnabled(enabled[key])
        self.redate_button.setVisible(enabled["redate"])
        self.update_client_button.setVisible(
            row is not None and state == "RECHAZADO" and is_receptor_rejection(row.last_error_code)
        )
        self.actions["withdraw"].setToolTip(withdraw_tip(row))
        if row is not None and state == "RECHAZADO":
            run_in_background(
                registry.detail, self.ctx.services, row.id, on_success=self._show_fix, parent=self
            )
        elif row is not None and state == "POSIBLEMENTE_TIMBRADO":
            from facturador.ui import messages as M

            self.fix_message.show_state(M.POSSIBLY_STAMPED_HINT.format(name=row.name), "info")
            self.fix_button.setVisible(False)
        elif (hint := withdraw_hint(row)) is not None:
            self.fix_message.show_state(hint, "info")
            self.fix_button.setVisible(False)
        else:
            self.fix_message.show_state("", "")
            self.fix_button.setVisible(False)

    def _show_fix(self, detail: DocumentDetail) -> None:
        row = detail.row
        receptor = receptor_rejection_text(row.last_error_code)
        self.fix_message.show_state(
            f"{row.name} fue rechazado ({row.last_error_code}): {detail.fix_title}. "
            f"{receptor or detail.fix_solution}",
            "error",
        )
        self.fix_button.setVisible(True)

    def _update_client(self) -> None:
        """Actualizar datos del cliente…: the client dialog, then the same folio re-sealed."""
        row = self.selected()
        if row is not None:
            self.receptor_fix.start(row)

    def _on_resealed(self, row: DocumentRow) -> None:
        from facturador.services.messages_receptor import RESEALED

        self.model.reload()
        request_sync(self.ctx, parent=self)
        self._info(RESEALED.format(name=row.name))

    def _context_menu(self, position: Any) -> None:
        index = self.table.indexAt(position)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        menu = QMenu(self)
        for action in self.actions.values():
            if action.isEnabled():
                menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.export_action)
        menu.addAction(self.sync_action)
        self.context_menu = menu
        menu.popup(self.table.viewport().mapToGlobal(position))

    # -- actions ---------------------------------------------------------------------------------
