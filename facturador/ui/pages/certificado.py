"""Configuración > Certificado de Sello Digital: see the installed CSD, install a new one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from facturador.ui import messages as M
from facturador.ui.errors import show_error
from facturador.ui.widgets.csd_form import CsdForm, FactsCard, format_day
from facturador.ui.widgets.fields import page_header
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.views import CertificateFacts, CompanyInfo
    from facturador.ui.context import AppContext

__all__ = ["CertificatePage", "create_page"]


def create_page(ctx: AppContext) -> QWidget:
    return CertificatePage(ctx)


class CertificatePage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.current_label = QLabel()
        self.current_label.setObjectName("pageSubtitle")
        self.current_card = FactsCard()
        self.form = CsdForm(ctx.services)
        self.install_button = QPushButton(M.INSTALL)
        self.install_button.setObjectName("primary")
        self.install_button.setEnabled(False)
        self.help = QTextBrowser()
        self.help.setObjectName("help")
        self.help.setHtml(M.CSD_HELP)
        self.help.setOpenExternalLinks(True)
        self.help.setMinimumWidth(300)
        self._layout()
        self.form.verified.connect(lambda _facts: self.install_button.setEnabled(True))
        self.form.rejected.connect(lambda _error: self.install_button.setEnabled(False))
        for edit in (self.form.cer_edit, self.form.key_edit, self.form.password_edit):
            edit.textChanged.connect(lambda _t: self.install_button.setEnabled(False))
        self.install_button.clicked.connect(self.install)
        ctx.company_changed.connect(self._show_company)
        self._show_company(ctx.company)

    def _layout(self) -> None:
        left = QVBoxLayout()
        left.addWidget(page_header(M.CSD_TITLE, M.CSD_SUBTITLE))
        current_title = QLabel(f"<b>{M.CSD_CURRENT}</b>")
        left.addWidget(current_title)
        left.addWidget(self.current_label)
        left.addWidget(self.current_card)
        left.addSpacing(12)
        left.addWidget(QLabel("<b>Instalar un certificado nuevo</b>"))
        left.addWidget(self.form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.install_button)
        left.addLayout(buttons)
        left.addStretch(1)
        content = QWidget()
        row = QHBoxLayout(content)
        row.setContentsMargins(28, 24, 28, 24)
        row.setSpacing(24)
        row.addLayout(left, 3)
        row.addWidget(self.help, 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _show_company(self, company: CompanyInfo | None) -> None:
        has_csd = company is not None and company.has_csd
        self.current_card.setVisible(has_csd)
        if company is None:
            self.current_label.setText(M.NO_ACTIVE_COMPANY)
        elif not has_csd:
            self.current_label.setText(M.CSD_NONE)
        else:
            self.current_label.setText(f"{company.nombre} ({company.rfc})")
            self.current_card.rfc.setText(company.rfc)
            self.current_card.nombre.setText(company.nombre)
            self.current_card.numero.setText(company.no_certificado or "")
            self.current_card.vigencia.setText(
                M.FACT_VALIDITY_VALUE.format(
                    start=format_day(company.valid_from), end=format_day(company.valid_until)
                )
            )

    def install(self) -> None:
        facts: CertificateFacts | None = self.form.facts
        if facts is None:
            self.form.verify()
            return
        cer, key, password = self.form.inputs()
        self.install_button.setEnabled(False)
        self.form.show_result(M.INSTALLING, "info")
        from facturador.services.company_setup import install_csd

        ctx = self.ctx.services

        def install() -> CompanyInfo:
            return install_csd(ctx, Path(cer).read_bytes(), Path(key).read_bytes(), password)

        run_in_background(
            install, on_success=self._on_installed, on_failure=self._on_failed, parent=self
        )

    def _on_installed(self, company: CompanyInfo) -> None:
        self.form.password_edit.clear()
        text = M.CSD_INSTALLED
        if self.ctx.services.secrets_are_session_only:
            text = f"{text}\n{M.SESSION_SECRETS}"
        self.form.show_result(text, "ok")
        self.ctx.set_company(company)
        self.ctx.changed.emit("csd")

    def _on_failed(self, error: object) -> None:
        self.form.show_result("", "")
        show_error(self, error, inline=self.form.message)
