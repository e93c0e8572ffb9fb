"""Configuración > Créditos CFDI: the PAC's balance, when it was read, and a refresh."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from facturador.services import pac_connection
from facturador.ui import messages_config as T
from facturador.ui.errors import show_error
from facturador.ui.pages._config_common import Card, help_panel, scaffold
from facturador.ui.widgets.fields import FormMessage
from facturador.ui.workers import network_pool, run_in_background

if TYPE_CHECKING:
    from facturador.services.pac_settings import CreditReading
    from facturador.ui.context import AppContext

__all__ = ["CreditsPage", "create_page"]

_PROVIDER_NAMES = {"finkok": "Finkok", "sw": "SW Sapien", "sandbox": "Demostración"}


def create_page(ctx: AppContext) -> QWidget:
    return CreditsPage(ctx)


def _when(reading: CreditReading) -> str:
    return reading.read_at.astimezone().strftime("%d/%m/%Y a las %H:%M")


class CreditsPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.balance_label = QLabel(T.CREDITS_NEVER)
        self.balance_label.setObjectName("pageTitle")
        self.detail_label = QLabel()
        self.detail_label.setObjectName("pageSubtitle")
        self.detail_label.setWordWrap(True)
        self.read_at_label = QLabel()
        self.read_at_label.setObjectName("pageSubtitle")
        self.message = FormMessage()
        self.refresh_button = QPushButton(T.CREDITS_REFRESH)
        self.refresh_button.setObjectName("primary")
        self.reading: CreditReading | None = None
        body = scaffold(self, T.CREDITS_TITLE, T.CREDITS_SUBTITLE, help_panel(T.CREDITS_HELP))
        card = Card()
        card.body.addWidget(self.balance_label)
        card.body.addWidget(self.detail_label)
        card.body.addWidget(self.read_at_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        card.body.addLayout(buttons)
        body.addWidget(card)
        body.addWidget(self.message)
        self.refresh_button.clicked.connect(self.read_now)
        ctx.company_changed.connect(lambda _company: self.refresh())

    def refresh(self) -> None:
        """Show the last reading (stored, no network)."""
        self.refresh_button.setEnabled(self.ctx.company is not None)
        if self.ctx.company is None:
            self._show(None)
            return
        run_in_background(
            pac_connection.last_credits, self.ctx.services, on_success=self._show, parent=self
        )

    def read_now(self) -> None:
        """Ask the PAC now, in a worker."""
        self.refresh_button.setEnabled(False)
        self.message.show_state(T.CREDITS_READING, "info")
        run_in_background(
            pac_connection.read_credits,
            self.ctx.services,
            on_success=self._on_read,
            on_failure=self._on_failed,
            on_finished=lambda: self.refresh_button.setEnabled(True),
            parent=self,
            pool=network_pool(),
        )

    def _on_read(self, reading: CreditReading) -> None:
        self.message.show_state("", "")
        self._show(reading)

    def _on_failed(self, error: object) -> None:
        self.message.show_state("", "")
        show_error(self, error, inline=self.message)

    def _show(self, reading: CreditReading | None) -> None:
        self.reading = reading
        company = self.ctx.company
        if reading is None:
            if company is not None and company.is_demo:
                self.balance_label.setText(T.CREDITS_UNLIMITED)
                self.detail_label.setText(T.CREDITS_DEMO)
            elif company is not None and company.pac_provider == "finkok":
                self.balance_label.setText(T.CREDITS_NEVER)
                self.detail_label.setText(T.CREDITS_UNSUPPORTED)
            else:
                self.balance_label.setText(T.CREDITS_NEVER)
                self.detail_label.setText("")
            self.read_at_label.setText("")
            return
        provider = T.CREDITS_PROVIDER.format(
            name=_PROVIDER_NAMES.get(reading.provider, reading.provider)
        )
        if not reading.supported:
            self.balance_label.setText("Saldo no disponible")
            self.detail_label.setText(f"{provider}. {T.CREDITS_UNSUPPORTED}")
        elif reading.unlimited or reading.remaining is None:
            self.balance_label.setText(T.CREDITS_UNLIMITED)
            demo = reading.provider == "sandbox"
            self.detail_label.setText(T.CREDITS_DEMO if demo else provider)
        else:
            self.balance_label.setText(T.CREDITS_REMAINING.format(n=f"{reading.remaining:,}"))
            parts = [provider]
            if reading.used is not None:
                parts.append(T.CREDITS_USED.format(n=f"{reading.used:,}"))
            if reading.expires:
                parts.append(T.CREDITS_EXPIRES.format(date=reading.expires))
            self.detail_label.setText(" · ".join(parts))
            self._tell_status_bar(reading)
        self.read_at_label.setText(T.CREDITS_READ_AT.format(when=_when(reading)))

    def _tell_status_bar(self, reading: CreditReading) -> None:
        window = self.window()
        status = getattr(window, "status", None)
        if status is not None and hasattr(status, "show_credits") and reading.remaining is not None:
            status.show_credits(reading.remaining, reading.read_at.astimezone())
