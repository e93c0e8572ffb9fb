"""Ayuda > Contacto: the support address of this installation and the diagnostic report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from facturador.services import diagnostics
from facturador.ui import messages_config as T
from facturador.ui.errors import show_error
from facturador.ui.pages._config_common import Card, scaffold
from facturador.ui.widgets.fields import FormMessage
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.ui.context import AppContext

__all__ = ["ContactPage", "create_page"]


def create_page(ctx: AppContext) -> QWidget:
    return ContactPage(ctx)


class ContactPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.email_edit = QLineEdit()
        self.email_edit.setPlaceholderText("soporte@ejemplo.com")
        self.save_button = QPushButton(T.CONTACT_SAVE)
        self.write_button = QPushButton(T.CONTACT_WRITE)
        self.copy_button = QPushButton(T.CONTACT_COPY)
        self.copy_button.setObjectName("primary")
        self.message = FormMessage()
        self.report = ""
        body = scaffold(self, T.CONTACT_TITLE, T.CONTACT_SUBTITLE)
        support = Card(T.CONTACT_EMAIL)
        row = QHBoxLayout()
        row.addWidget(self.email_edit, 1)
        row.addWidget(self.save_button)
        row.addWidget(self.write_button)
        support.body.addLayout(row)
        hint = QLabel(T.CONTACT_EMAIL_HINT)
        hint.setObjectName("hint")
        support.body.addWidget(hint)
        body.addWidget(support)
        diagnostic = Card(T.CONTACT_DIAG)
        text = QLabel(T.CONTACT_DIAG_TEXT)
        text.setWordWrap(True)
        text.setObjectName("pageSubtitle")
        diagnostic.body.addWidget(text)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        diagnostic.body.addLayout(buttons)
        body.addWidget(diagnostic)
        body.addWidget(self.message)
        self.save_button.clicked.connect(self.save_email)
        self.write_button.clicked.connect(self.write)
        self.copy_button.clicked.connect(self.copy_report)
        self.email_edit.textChanged.connect(lambda t: self.write_button.setEnabled(bool(t.strip())))

    def refresh(self) -> None:
        run_in_background(diagnostics.support_email, on_success=self._show_email, parent=self)

    def _show_email(self, address: str) -> None:
        self.email_edit.setText(address)
        self.write_button.setEnabled(bool(address))

    def save_email(self) -> None:
        run_in_background(
            diagnostics.set_support_email,
            self.email_edit.text(),
            on_success=lambda _a: self.message.show_state(T.CONTACT_SAVED, "ok"),
            on_failure=lambda error: show_error(self, error, inline=self.message),
            parent=self,
        )

    def write(self) -> None:
        address = self.email_edit.text().strip()
        if address:
            QDesktopServices.openUrl(QUrl(f"mailto:{address}?subject=Soporte%20Facturador"))

    def copy_report(self) -> None:
        extra = {"Qt": qVersion(), "PySide6": pyside_version}
        run_in_background(
            diagnostics.diagnostic_report,
            self.ctx.services,
            extra,
            on_success=self._on_report,
            on_failure=lambda error: show_error(self, error, inline=self.message),
            parent=self,
        )

    def _on_report(self, report: str) -> None:
        self.report = report
        QApplication.clipboard().setText(report)
        self.message.show_state(T.CONTACT_COPIED, "ok")
