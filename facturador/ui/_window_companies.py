"""The main window's companies: the header's company list, switching, the first-run wizard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt

from facturador.services import company_setup
from facturador.ui import messages as M
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.views import CompanyInfo
    from facturador.ui.first_run import FirstRunWizard

__all__ = ["WindowCompanies"]

ID_ROLE = Qt.ItemDataRole.UserRole
# After the window is ready, the renderer warms up in the background (pdf_viewer.warm_up):
# late enough to leave the first page's loading the CPU, early enough to precede any click.
WARM_UP_DELAY_MS = 1500
NAV_MIN_WIDTH = 230
# the tree's padding (6 px a side), an item's left padding (6 px), its frame and some air
NAV_PADDING = 2 * 6 + 6 + 2 * 2 + 8


@dataclass(frozen=True, slots=True)
class WindowCompanies:
    """Methods of `MainWindow` (a mixin: it reads the page's widgets and context)."""

    def _fill_companies(self, companies: list[CompanyInfo], active: CompanyInfo | None) -> None:
        combo = self.company_combo
        combo.blockSignals(True)
        combo.clear()
        for company in companies:
            combo.addItem(f"{company.nombre} ({company.rfc})", company.rfc)
        if active is not None:
            combo.setCurrentIndex(combo.findData(active.rfc))
        combo.setEnabled(bool(companies))
        combo.blockSignals(False)

    def _on_company_chosen(self, index: int) -> None:
        rfc = self.company_combo.itemData(index)
        if rfc and (self.ctx.company is None or rfc != self.ctx.company.rfc):
            self.company_combo.setEnabled(False)
            run_in_background(
                company_setup.switch_company,
                self.ctx.services,
                rfc,
                on_success=self.ctx.set_company,
                on_finished=self.reload_companies,
                parent=self,
            )

    def reload_companies(self) -> None:
        from facturador.ui.main_window import _Startup

        ctx = self.ctx.services

        def read() -> _Startup:
            return _Startup(company_setup.companies(ctx), company_setup.active_company(ctx))

        run_in_background(
            read, on_success=lambda s: self._fill_companies(s.companies, s.active), parent=self
        )

    def _on_company_changed(self, company: CompanyInfo | None) -> None:
        title = M.APP_NAME if company is None else f"{company.nombre} — {M.APP_NAME}"
        self.setWindowTitle(title)

    def _on_changed(self, what: str) -> None:
        if what == "company":
            self.reload_companies()

    # -- wizard -----------------------------------------------------------------------------

    def open_wizard(self, *, first_run: bool, start: str = "welcome") -> FirstRunWizard:
        """The wizard, from its welcome page (own company or demo) unless `start` is "own"
        (straight to the company's data). Cancelled, the window offers both ways again."""
        from facturador.ui.first_run import FirstRunWizard

        if self.wizard is not None and shiboken6.isValid(self.wizard):
            self.wizard.raise_()
            return self.wizard
        wizard = FirstRunWizard(self.ctx, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.finished_setup.connect(self._on_wizard_done)
        wizard.rejected.connect(self._on_wizard_cancelled)
        if start == "own":
            wizard.setStartId(1)
        self.wizard = wizard
        wizard.open()
        return wizard

    def _on_setup_requested(self, how: str) -> None:
        wizard = self.open_wizard(first_run=False, start=how)
        if how == "demo":
            wizard.welcome.start_demo()

    def _on_wizard_done(self, company: CompanyInfo | None) -> None:
        self.wizard = None
        self.reload_companies()
        if company is not None:
            self.ctx.set_company(company)
            self.show_page("clientes")

    def _on_wizard_cancelled(self) -> None:
        self.wizard = None
        if self.ctx.company is None:
            self.show_page("empresa")  # its empty state offers both ways to start
