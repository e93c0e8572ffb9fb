"""Configuración > Correo: the SMTP server, and "Enviar correo de prueba"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from facturador.services import smtp
from facturador.ui import messages_config as T
from facturador.ui.errors import show_error
from facturador.ui.pages._config_common import Card, help_panel, scaffold
from facturador.ui.widgets.fields import FormMessage, new_form
from facturador.ui.workers import network_pool, run_in_background

if TYPE_CHECKING:
    from facturador.services.views import SmtpView
    from facturador.ui.context import AppContext

__all__ = ["MailPage", "create_page"]

_DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


def create_page(ctx: AppContext) -> QWidget:
    return MailPage(ctx)


class MailPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.host_edit = QLineEdit()
        self.host_edit.setPlaceholderText(T.MAIL_HOST_HINT)
        self.security_combo = QComboBox()
        for key, label in T.SECURITIES:
            self.security_combo.addItem(label, key)
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(587)
        self.user_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.from_edit = QLineEdit()
        self.from_edit.setPlaceholderText(T.MAIL_FROM_HINT)
        self.to_edit = QLineEdit()
        self.to_edit.setPlaceholderText("usted@ejemplo.com")
        self.save_button = QPushButton("Guardar")
        self.save_button.setObjectName("primary")
        self.test_button = QPushButton(T.MAIL_TEST)
        self.message = FormMessage()
        body = scaffold(self, T.MAIL_TITLE, T.MAIL_SUBTITLE, help_panel(T.MAIL_HELP))
        card = Card()
        form = new_form()
        form.addRow(T.MAIL_HOST, self.host_edit)
        form.addRow(T.MAIL_SECURITY, self.security_combo)
        form.addRow(T.MAIL_PORT, self.port_spin)
        form.addRow(T.MAIL_USER, self.user_edit)
        form.addRow(T.MAIL_PASSWORD, self.password_edit)
        form.addRow(T.MAIL_FROM, self.from_edit)
        card.body.addLayout(form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        card.body.addLayout(row)
        body.addWidget(card)
        test = Card(T.MAIL_TEST)
        test_row = QHBoxLayout()
        test_row.addWidget(QLabel(T.MAIL_TEST_TO))
        test_row.addWidget(self.to_edit, 1)
        test_row.addWidget(self.test_button)
        test.body.addLayout(test_row)
        body.addWidget(test)
        body.addWidget(self.message)
        self.security_combo.currentIndexChanged.connect(self._on_security_changed)
        self.save_button.clicked.connect(self.save)
        self.test_button.clicked.connect(self.send_test)
        ctx.company_changed.connect(lambda _company: self.refresh())

    def _on_security_changed(self, _index: int) -> None:
        self.port_spin.setValue(_DEFAULT_PORTS[str(self.security_combo.currentData())])

    def refresh(self) -> None:
        enabled = self.ctx.company is not None
        self.save_button.setEnabled(enabled)
        self.test_button.setEnabled(enabled)
        if enabled:
            run_in_background(smtp.smtp_view, self.ctx.services, on_success=self._show, parent=self)

    def _show(self, view: SmtpView) -> None:
        self.host_edit.setText(view.host)
        self.security_combo.blockSignals(True)
        self.security_combo.setCurrentIndex(max(0, self.security_combo.findData(view.security)))
        self.security_combo.blockSignals(False)
        self.port_spin.setValue(view.port or _DEFAULT_PORTS.get(view.security, 587))
        self.user_edit.setText(view.user)
        self.password_edit.clear()
        self.password_edit.setPlaceholderText("••••••••" if view.has_password else "")
        self.from_edit.setText(view.from_address)

    def save(self) -> None:
        self.save_button.setEnabled(False)
        run_in_background(
            smtp.save_smtp,
            self.ctx.services,
            host=self.host_edit.text(),
            port=self.port_spin.value(),
            user=self.user_edit.text(),
            security=str(self.security_combo.currentData()),
            sender=self.from_edit.text() or self.user_edit.text(),
            password=self.password_edit.text(),
            on_success=self._on_saved,
            on_failure=lambda error: show_error(self, error, inline=self.message),
            on_finished=lambda: self.save_button.setEnabled(True),
            parent=self,
        )

    def _on_saved(self, view: SmtpView) -> None:
        self._show(view)
        self.message.show_state(T.MAIL_SAVED, "ok")

    def send_test(self) -> None:
        self.test_button.setEnabled(False)
        self.message.show_state(T.MAIL_SENDING, "info")
        run_in_background(
            smtp.send_test_email,
            self.ctx.services,
            self.to_edit.text(),
            on_success=lambda to: self.message.show_state(T.MAIL_SENT.format(to=to), "ok"),
            on_failure=lambda error: show_error(self, error, inline=self.message),
            on_finished=lambda: self.test_button.setEnabled(True),
            parent=self,
            pool=network_pool(),
        )
