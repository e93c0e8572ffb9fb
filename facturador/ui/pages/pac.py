"""Configuración > Conexión con el PAC: provider, environment, URL, user and password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from facturador.services import pac_connection
from facturador.ui import messages_config as T
from facturador.ui.dialogs.demo_confirm_dialog import ask_demo_confirmation, needs_demo_confirmation
from facturador.ui.errors import show_error
from facturador.ui.pages._config_common import Card, help_panel, scaffold
from facturador.ui.widgets.fields import FormMessage, new_form
from facturador.ui.workers import network_pool, run_in_background

if TYPE_CHECKING:
    from facturador.services.views import CompanyInfo, PacView
    from facturador.ui.context import AppContext

__all__ = ["PacPage", "create_page"]


def create_page(ctx: AppContext) -> QWidget:
    return PacPage(ctx)


def _combo(options: tuple[tuple[str, str], ...]) -> QComboBox:
    combo = QComboBox()
    for key, label in options:
        combo.addItem(label, key)
    return combo


class PacPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.provider_combo = _combo(T.PROVIDERS)
        self.environment_combo = _combo(T.ENVIRONMENTS)
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("https://…")
        self.user_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_hint = QLabel(T.PAC_PASSWORD_HINT)
        self.password_hint.setObjectName("hint")
        self.password_hint.setWordWrap(True)
        self.demo_note = QLabel(T.PAC_DEMO_NOTE)
        self.demo_note.setObjectName("hint")
        self.demo_note.setWordWrap(True)
        self.message = FormMessage()
        self.test_button = QPushButton(T.PAC_TEST)
        self.save_button = QPushButton("Guardar")
        self.save_button.setObjectName("primary")
        self.view: PacView | None = None  # as last read
        self._layout()
        self.dialog: QWidget | None = None  # the open question, if any
        self.provider_combo.currentIndexChanged.connect(lambda _i: self._on_provider())
        self.test_button.clicked.connect(self.test_connection)
        self.save_button.clicked.connect(self.save)  # clicked(False): accept_demo False
        ctx.company_changed.connect(lambda _company: self.refresh())
        self._update_fields()

    def _layout(self) -> None:
        body = scaffold(self, T.PAC_TITLE, T.PAC_SUBTITLE, help_panel(T.PAC_HELP))
        card = Card()
        form = new_form()
        form.addRow(T.PAC_PROVIDER, self.provider_combo)
        form.addRow("", self.demo_note)
        form.addRow(T.PAC_ENVIRONMENT, self.environment_combo)
        url_hint = QLabel(T.PAC_URL_HINT)
        url_hint.setObjectName("hint")
        form.addRow(T.PAC_URL, self.url_edit)
        form.addRow("", url_hint)
        form.addRow(T.PAC_USER, self.user_edit)
        form.addRow(T.PAC_PASSWORD, self.password_edit)
        form.addRow("", self.password_hint)
        card.body.addLayout(form)
        body.addWidget(card)
        body.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.save_button)
        body.addLayout(buttons)

    # -- values ---------------------------------------------------------------------------

    def provider(self) -> str:
        return str(self.provider_combo.currentData())

    def environment(self) -> str:
        return str(self.environment_combo.currentData())

    def _update_fields(self) -> None:
        real = self.provider() != "sandbox"
        for widget in (self.environment_combo, self.url_edit, self.user_edit, self.password_edit):
            widget.setEnabled(real)
        self.demo_note.setVisible(not real)

    def _on_provider(self) -> None:
        """Show what the keyring keeps for the chosen PAC (switching back restores it)."""
        self._update_fields()
        stored = self.view.stored.get(self.provider()) if self.view is not None else None
        if stored is not None:
            user, has_password = stored
            if user:  # nothing kept for it: what the user typed stays
                self.user_edit.setText(user)
            self.password_edit.clear()
            self.password_edit.setPlaceholderText("••••••••" if has_password else "")
            self.password_hint.setText(T.PAC_PASSWORD_KEPT if has_password else T.PAC_PASSWORD_HINT)

    def refresh(self) -> None:
        if self.ctx.company is None:
            self.message.show_state("Primero configure una empresa.", "info")
            self.save_button.setEnabled(False)
            return
        self.save_button.setEnabled(True)
        run_in_background(
            pac_connection.pac_view, self.ctx.services, on_success=self._show, parent=self
        )

    def _show(self, view: PacView) -> None:
        self.view = view
        self.provider_combo.setCurrentIndex(max(0, self.provider_combo.findData(view.provider)))
        self.environment_combo.setCurrentIndex(
            max(0, self.environment_combo.findData(view.environment))
        )
        self.url_edit.setText(view.url or "")
        self.user_edit.setText(view.user or "")
        self.password_edit.clear()
        self.password_edit.setPlaceholderText("••••••••" if view.has_password else "")
        self.password_hint.setText(
            T.PAC_PASSWORD_KEPT if view.has_password else T.PAC_PASSWORD_HINT
        )
        self._update_fields()

    # -- actions --------------------------------------------------------------------------

    def test_connection(self) -> None:
        self.test_button.setEnabled(False)
        self.message.show_state(T.PAC_TESTING, "info")
        run_in_background(
            pac_connection.test_pac,
            self.ctx.services,
            self.provider(),
            self.environment(),
            self.url_edit.text(),
            on_success=self._on_tested,
            on_failure=self._on_failed,
            on_finished=lambda: self.test_button.setEnabled(True),
            parent=self,
            pool=network_pool(),
        )

    def _on_tested(self, host: str) -> None:
        text = T.PAC_TEST_OK.format(host=host) if host else T.PAC_TEST_DEMO
        self.message.show_state(text, "ok")

    def save(self, accept_demo: bool = False) -> None:
        """Store the PAC; a real company's "Demostración" is first refused by the services,
        then asked (`_on_failed`) and saved again with the user's `accept_demo`."""
        self.save_button.setEnabled(False)
        run_in_background(
            pac_connection.save_pac,
            self.ctx.services,
            self.provider(),
            self.environment(),
            self.url_edit.text(),
            self.user_edit.text(),
            self.password_edit.text(),
            accept_demo,
            on_success=self._on_saved,
            on_failure=self._on_failed,
            on_finished=lambda: self.save_button.setEnabled(True),
            parent=self,
        )

    def _on_saved(self, company: CompanyInfo) -> None:
        self.ctx.set_company(company)
        self.ctx.changed.emit("pac")
        self.refresh()
        self.message.show_state(T.PAC_SAVED, "ok")

    def _on_failed(self, error: object) -> None:
        self.message.show_state("", "")
        if needs_demo_confirmation(error):
            nombre = self.ctx.company.nombre if self.ctx.company else ""
            self.dialog = ask_demo_confirmation(self, error, nombre, lambda: self.save(True))
            return
        show_error(self, error, inline=self.message)
