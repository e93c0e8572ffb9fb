"""Configuración > Respaldos: back up now, the list of backups, restore (after asking), and
the automatic daily backup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from facturador.services import backups
from facturador.ui import messages_config as T
from facturador.ui.errors import show_error
from facturador.ui.pages._config_common import Card, scaffold
from facturador.ui.widgets.fields import FormMessage
from facturador.ui.widgets.sizing import FillColumn
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from facturador.services.views import BackupInfo
    from facturador.ui.context import AppContext

__all__ = ["BackupsPage", "create_page"]


def create_page(ctx: AppContext) -> QWidget:
    return BackupsPage(ctx)


def _date(when: datetime | None) -> str:
    return "—" if when is None else when.astimezone().strftime("%d/%m/%Y %H:%M")


def _size(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:,.1f} MB"


def _ask(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(parent, T.BACKUP_CONFIRM_TITLE, text)
    return answer == QMessageBox.StandardButton.Yes


class BackupsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.confirm = _ask  # tests answer for the user
        self.backups: list[BackupInfo] = []
        self.auto_check = QCheckBox(T.BACKUP_AUTO)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [T.BACKUP_COL_DATE, T.BACKUP_COL_SIZE, T.BACKUP_COL_FILE]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.columns = FillColumn(self.table, 2)  # Archivo takes the rest
        self.table.setMinimumHeight(220)
        self.empty_label = QLabel(T.BACKUP_EMPTY)
        self.empty_label.setObjectName("pageSubtitle")
        self.backup_button = QPushButton(T.BACKUP_NOW)
        self.backup_button.setObjectName("primary")
        self.restore_button = QPushButton(T.BACKUP_RESTORE)
        self.restore_button.setEnabled(False)
        self.folder_button = QPushButton(T.BACKUP_OPEN_FOLDER)
        self.message = FormMessage()
        body = scaffold(self, T.BACKUP_TITLE, T.BACKUP_SUBTITLE)
        card = Card()
        card.body.addWidget(self.auto_check)
        body.addWidget(card)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.folder_button)
        body.addLayout(buttons)
        body.addWidget(self.table)
        body.addWidget(self.empty_label)
        body.addWidget(self.message)
        self.auto_check.toggled.connect(self._on_auto_toggled)
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button.clicked.connect(self._open_folder)
        self.table.itemSelectionChanged.connect(
            lambda: self.restore_button.setEnabled(bool(self.table.selectedItems()))
        )

    def refresh(self) -> None:
        def read() -> tuple[bool, list[BackupInfo]]:
            return backups.automatic_backups(), backups.backup_views()

        run_in_background(read, on_success=self._show, parent=self)

    def _show(self, state: tuple[bool, list[BackupInfo]]) -> None:
        automatic, backups = state
        self.auto_check.blockSignals(True)
        self.auto_check.setChecked(automatic)
        self.auto_check.blockSignals(False)
        self.backups = backups
        self.table.setRowCount(len(backups))
        for row, backup in enumerate(backups):
            values = (_date(backup.taken_at), _size(backup.size), backup.path.name)
            for column, value in enumerate(values):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.columns.fit_contents()  # the Fecha and the file name whole
        self.table.setVisible(bool(backups))
        self.empty_label.setVisible(not backups)
        self.restore_button.setEnabled(bool(self.table.selectedItems()))

    def _on_auto_toggled(self, checked: bool) -> None:
        run_in_background(backups.set_automatic_backups, checked, parent=self)

    def backup_now(self) -> None:
        self.backup_button.setEnabled(False)
        self.message.show_state(T.BACKUP_WORKING, "info")
        run_in_background(
            backups.take_backup,
            on_success=self._on_backed_up,
            on_failure=self._on_failed,
            on_finished=lambda: self.backup_button.setEnabled(True),
            parent=self,
        )

    def _on_backed_up(self, backup: BackupInfo) -> None:
        self.message.show_state(T.BACKUP_DONE.format(name=backup.path.name), "ok")
        self.refresh()

    def _on_failed(self, error: object) -> None:
        self.message.show_state("", "")
        show_error(self, error, inline=self.message)

    def restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        backup = self.backups[rows[0].row()]
        if not self.confirm(self, T.BACKUP_CONFIRM.format(date=_date(backup.taken_at))):
            return
        self.restore_button.setEnabled(False)
        run_in_background(
            backups.restore_and_keep,
            backup.path,
            on_success=self._on_restored,
            on_failure=self._on_failed,
            parent=self,
        )

    def _on_restored(self, _path: Path) -> None:
        self.message.show_state(T.BACKUP_RESTORED, "ok")
        self.ctx.changed.emit("company")
        self.refresh()

    def _open_folder(self) -> None:
        if self.backups:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.backups[0].path.parent)))
