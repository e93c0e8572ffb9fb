"""Configuración > Datos fiscales de la empresa."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from facturador.services.company_setup import update_company
from facturador.ui import messages as M
from facturador.ui.errors import show_error
from facturador.ui.widgets.company_form import CompanyForm
from facturador.ui.widgets.fields import FormMessage, page_header
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.views import CompanyInfo
    from facturador.ui.context import AppContext

__all__ = ["CompanyPage", "create_page"]


def create_page(ctx: AppContext) -> QWidget:
    return CompanyPage(ctx)


class CompanyPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.form = CompanyForm(ctx)
        self.message = FormMessage()
        self.save_button = QPushButton(M.SAVE)
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        for edit in (self.form.nombre_edit, self.form.regimen_edit, self.form.cp_edit):
            edit.returnPressed.connect(self.save)
        self.empty_state = self._empty_state()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.addWidget(page_header(M.COMPANY_TITLE, M.COMPANY_SUBTITLE))
        layout.addWidget(self.empty_state)
        body = QWidget()
        self.body = body
        body.setMaximumWidth(720)
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.form)
        inner.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        inner.addLayout(buttons)
        layout.addWidget(body)
        layout.addStretch(1)
        ctx.company_changed.connect(self._show)
        self._show(ctx.company)

    def _empty_state(self) -> QWidget:
        """Without a company (the wizard was cancelled): both ways to start, not a dead end."""
        panel = QWidget()
        panel.setMaximumWidth(720)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 8, 0, 0)
        title = QLabel(f"<b>{M.COMPANY_EMPTY_TITLE}</b>")
        text = QLabel(M.COMPANY_EMPTY)
        text.setWordWrap(True)
        self.own_button = QPushButton(M.WIZARD_OWN)
        self.own_button.setObjectName("bigChoice")
        self.demo_button = QPushButton(M.WIZARD_DEMO)
        self.demo_button.setObjectName("bigChoicePrimary")
        for button in (self.own_button, self.demo_button):
            button.setMinimumHeight(48)
        self.own_button.clicked.connect(lambda: self.ctx.setup_requested.emit("own"))
        self.demo_button.clicked.connect(lambda: self.ctx.setup_requested.emit("demo"))
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addSpacing(8)
        layout.addWidget(self.own_button)
        layout.addWidget(_hint(M.WIZARD_OWN_HINT))
        layout.addSpacing(12)
        layout.addWidget(self.demo_button)
        layout.addWidget(_hint(M.WIZARD_DEMO_HINT))
        return panel

    def _show(self, company: CompanyInfo | None) -> None:
        self.form.set_company(company)
        self.save_button.setEnabled(company is not None)
        self.message.show_state("", "")
        self.empty_state.setVisible(company is None)
        self.body.setVisible(company is not None)

    def save(self) -> None:
        if self.ctx.company is None or not self.form.validator.check_all(self.message):
            return
        values = self.form.values()
        self.save_button.setEnabled(False)
        run_in_background(
            update_company,
            self.ctx.services,
            nombre=values["nombre"],
            regimen_fiscal=values["regimen_fiscal"],
            lugar_expedicion=values["lugar_expedicion"],
            on_success=self._on_saved,
            on_failure=self._on_failed,
            on_finished=lambda: self.save_button.setEnabled(True),
            parent=self,
        )

    def _on_saved(self, company: CompanyInfo) -> None:
        self.ctx.set_company(company)
        self.ctx.changed.emit("company")
        self.message.show_state(M.SAVED, "ok")

    def _on_failed(self, error: object) -> None:
        if not self.form.validator.show_field_error(error):
            show_error(self, error, inline=self.message)


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label
