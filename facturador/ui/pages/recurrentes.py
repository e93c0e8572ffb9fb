"""Documentos > Facturas recurrentes: the templates, their calendar, pause, edit, delete.

Everything goes through services.recurring in workers; a new template comes from an invoice
draft (Generar CFDI > Guardar borrador). "Emitir pendientes ahora" runs the catch-up the
scheduler runs before each pass, and the label under the table shows the last result.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facturador.services import recurring
from facturador.ui import messages_recurring as T
from facturador.ui.errors import show_error
from facturador.ui.widgets.fields import FormMessage, new_form, page_header
from facturador.ui.widgets.sizing import FillColumn
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.recurring import DraftChoice, RecurringView, RunReport
    from facturador.ui.context import AppContext

__all__ = ["RecurrentesPage", "RecurringDialog", "create_page"]


def create_page(ctx: AppContext) -> QWidget:
    return RecurrentesPage(ctx)


def _shown(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


class RecurringDialog(QDialog):
    """Nueva (from a draft) or Editar calendario: day, interval, end, email."""

    def __init__(
        self,
        parent: QWidget,
        *,
        drafts: list[DraftChoice] | None = None,
        current: RecurringView | None = None,
        today: date,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(T.DIALOG_NEW if current is None else T.DIALOG_EDIT)
        self.draft_combo = QComboBox()
        self.draft_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for choice in drafts or []:
            self.draft_combo.addItem(choice.text, choice.id)
        self.day_spin = QSpinBox()
        self.day_spin.setRange(1, 31)
        self.day_spin.setToolTip(T.DAY_HINT)
        self.every_spin = QSpinBox()
        self.every_spin.setRange(1, 12)
        self.no_end_check = QCheckBox(T.NO_END)
        self.until_edit = QDateEdit()
        self.until_edit.setCalendarPopup(True)
        self.until_edit.setDisplayFormat("dd/MM/yyyy")
        self.email_check = QCheckBox(T.EMAIL)
        self.message = FormMessage()
        start = current.hasta if current and current.hasta else date(today.year + 1, 12, 31)
        self.until_edit.setDate(QDate(start.year, start.month, start.day))
        self.day_spin.setValue(current.dia if current else today.day)
        self.every_spin.setValue(current.cada_meses if current else 1)
        self.no_end_check.setChecked(current is None or current.hasta is None)
        self.email_check.setChecked(bool(current and current.enviar_correo))
        self.until_edit.setEnabled(not self.no_end_check.isChecked())
        self.no_end_check.toggled.connect(lambda on: self.until_edit.setEnabled(not on))
        form = new_form()
        if current is None:
            form.addRow(T.DRAFT, self.draft_combo)
        form.addRow(T.DAY, self.day_spin)
        form.addRow(T.EVERY, self.every_spin)
        until = QHBoxLayout()
        until.addWidget(self.until_edit)
        until.addWidget(self.no_end_check)
        until.addStretch(1)
        form.addRow(T.UNTIL, until)
        form.addRow("", self.email_check)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(T.SAVE, QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("primary")
        self.buttons.addButton(T.CANCEL, QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        hint = QLabel(T.DAY_HINT)
        hint.setObjectName("pageSubtitle")
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)

    def values(self) -> dict[str, Any]:
        hasta = None
        if not self.no_end_check.isChecked():
            chosen = self.until_edit.date()
            hasta = date(chosen.year(), chosen.month(), chosen.day())
        return {
            "dia": self.day_spin.value(),
            "cada_meses": self.every_spin.value(),
            "hasta": hasta,
            "enviar_correo": self.email_check.isChecked(),
        }

    def draft_id(self) -> int | None:
        data = self.draft_combo.currentData()
        return int(data) if data is not None else None


class RecurrentesPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.views: list[RecurringView] = []
        self.dialog: QDialog | QMessageBox | None = None
        self.table = QTableWidget(0, len(T.COLUMNS))
        self.table.setHorizontalHeaderLabels(list(T.COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.columns = FillColumn(self.table, 2)  # Cada takes the rest
        self.empty_label = QLabel(T.EMPTY)
        self.empty_label.setObjectName("pageSubtitle")
        self.empty_label.setWordWrap(True)
        self.new_button = QPushButton(T.NEW)
        self.new_button.setObjectName("primary")
        self.edit_button = QPushButton(T.EDIT)
        self.pause_button = QPushButton(T.PAUSE)
        self.delete_button = QPushButton(T.DELETE)
        self.run_button = QPushButton(T.RUN_NOW)
        self.last_label = QLabel("")
        self.last_label.setWordWrap(True)
        self.last_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.note_label = QLabel(T.FECHA_NOTE)
        self.note_label.setObjectName("pageSubtitle")
        self.note_label.setWordWrap(True)
        self.message = FormMessage()
        self._layout()
        self.new_button.clicked.connect(self.new)
        self.edit_button.clicked.connect(self.edit_selected)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.delete_button.clicked.connect(self.delete_selected)
        self.run_button.clicked.connect(self.run_now)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        ctx.company_changed.connect(lambda _company: self.refresh())
        ctx.changed.connect(self._on_changed)
        self._on_selection()

    def _on_changed(self, what: str) -> None:
        if what in ("queue", "documents") and self.isVisible():  # a pass issued some
            self.refresh()

    def _layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.addWidget(page_header(T.TITLE, T.SUBTITLE))
        bar = QHBoxLayout()
        for button in (self.pause_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.new_button)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.message)
        last = QHBoxLayout()
        last.addWidget(self.last_label, 1)
        last.addWidget(self.run_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(last)
        layout.addWidget(self.note_label)

    # -- loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        has_company = self.ctx.company is not None
        self.new_button.setEnabled(has_company)
        self.run_button.setEnabled(has_company)
        if not has_company:
            self._show([])
            return
        run_in_background(_load, self.ctx.services, on_success=self._loaded, parent=self)

    def _loaded(self, result: tuple[list[RecurringView], str]) -> None:
        views, last = result
        self.last_label.setText(last)
        self._show(views)

    def _show(self, views: list[RecurringView]) -> None:
        self.views = views
        self.table.setRowCount(len(views))
        for row, view in enumerate(views):
            values = (
                view.cliente or view.rfc,
                f"{view.total:,} {view.moneda}",
                view.cada,
                _shown(view.proximo),
                view.estado,
                T.YES if view.enviar_correo else T.NO,
                str(view.emitidas),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column in (1, 6):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.columns.fit_contents()
        self.table.setVisible(bool(views))
        self.empty_label.setVisible(not views)
        self._on_selection()

    def selected(self) -> RecurringView | None:
        rows = self.table.selectionModel().selectedRows()
        return self.views[rows[0].row()] if rows and rows[0].row() < len(self.views) else None

    def _on_selection(self) -> None:
        view = self.selected()
        for button in (self.edit_button, self.pause_button, self.delete_button):
            button.setEnabled(view is not None)
        self.pause_button.setText(T.RESUME if view is not None and view.paused else T.PAUSE)

    # -- actions ------------------------------------------------------------------------------

    def _today(self) -> date:
        return self.ctx.services.now().date()

    def new(self) -> None:
        if self.ctx.company is None:
            return
        run_in_background(recurring.draft_choices, self.ctx.services,
                          on_success=self._open_new, parent=self)  # fmt: skip

    def _open_new(self, drafts: list[DraftChoice]) -> None:
        if not drafts:
            self.message.show_state(T.NO_DRAFTS, "error")
            return
        dialog = RecurringDialog(self, drafts=drafts, today=self._today())
        dialog.save_button.clicked.connect(lambda: self._save_new(dialog))
        self._open(dialog)

    def _save_new(self, dialog: RecurringDialog) -> None:
        draft_id = dialog.draft_id()
        if draft_id is not None:
            self._save(dialog, recurring.create_from_draft, draft_id, T.SAVED)

    def edit_selected(self) -> None:
        view = self.selected()
        if view is None:
            return
        dialog = RecurringDialog(self, current=view, today=self._today())
        dialog.save_button.clicked.connect(lambda: self._save_edit(dialog, view.id))
        self._open(dialog)

    def _save_edit(self, dialog: RecurringDialog, recurrente_id: int) -> None:
        self._save(dialog, recurring.update_recurring, recurrente_id, T.UPDATED)

    def _save(
        self, dialog: RecurringDialog, use_case: Callable[..., object], key: int, done: str
    ) -> None:
        """Run `use_case(ctx, key, **the dialog's calendar)` in a worker; `done` on success."""
        dialog.save_button.setEnabled(False)
        run_in_background(
            use_case,
            self.ctx.services,
            key,
            **dialog.values(),
            on_success=lambda _result: self._done(dialog, done),
            on_failure=lambda error: show_error(dialog, error, inline=dialog.message),
            on_finished=lambda: dialog.save_button.setEnabled(True),
            parent=dialog,
        )

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def _done(self, dialog: QDialog, text: str) -> None:
        dialog.accept()
        self.message.show_state(text, "ok")
        self.refresh()

    def toggle_pause(self) -> None:
        view = self.selected()
        if view is None:
            return
        text = T.RESUMED if view.paused else T.PAUSED
        run_in_background(
            recurring.set_paused,
            self.ctx.services,
            view.id,
            not view.paused,
            on_success=lambda _r: self._after(text),
            on_failure=lambda error: show_error(self, error, inline=self.message),
            parent=self,
        )

    def delete_selected(self) -> None:
        view = self.selected()
        if view is None:
            return
        text = T.DELETE_TEXT.format(cliente=view.cliente or view.rfc)
        box = QMessageBox(QMessageBox.Icon.Warning, T.DELETE_TITLE, text, parent=self)
        confirm = box.addButton(T.DELETE.rstrip("…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(T.CANCEL, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(box.buttons()[-1])  # the safe choice is the default
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = box

        def answered(_result: int) -> None:
            if box.clickedButton() is not confirm:
                return
            run_in_background(
                recurring.delete_recurring,
                self.ctx.services,
                view.id,
                on_success=lambda _r: self._after(T.DELETED),
                on_failure=lambda error: show_error(self, error, inline=self.message),
                parent=self,
            )

        box.finished.connect(answered)
        box.open()

    def _after(self, text: str) -> None:
        self.message.show_state(text, "ok")
        self.refresh()

    def run_now(self) -> None:
        self.run_button.setEnabled(False)
        self.message.show_state(T.RUNNING, "info")
        run_in_background(
            recurring.run_due,
            self.ctx.services,
            on_success=self._ran,
            on_failure=lambda error: show_error(self, error, inline=self.message),
            on_finished=lambda: self.run_button.setEnabled(True),
            parent=self,
        )

    def _ran(self, report: RunReport) -> None:
        self.message.show_state(report.summary, "error" if report.failed else "ok")
        if report.issued:  # the pass sends them now
            from facturador.ui.pages._documents import request_sync

            request_sync(self.ctx, parent=self)
        self.refresh()


def _load(services: Any) -> tuple[list[RecurringView], str]:
    return recurring.list_recurring(services), recurring.last_result(services)
