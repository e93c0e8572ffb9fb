"""What every page gets: the services' Context and the app-wide signals.

Pages never talk to each other. A page that changes something says so with
`ctx.changed.emit("<what>")` (``"company"``, ``"csd"``, ``"clients"``, ``"products"``,
``"queue"``); the main window re-reads the company and the status bar, and pages that
care listen to `company_changed` or `changed`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from facturador.services.context import Context
    from facturador.services.views import CompanyInfo

__all__ = ["AppContext"]


class AppContext(QObject):
    company_changed = Signal(object)  # CompanyInfo | None
    changed = Signal(str)
    # A page asks the window for the wizard: "own" (the company's steps) or "demo".
    setup_requested = Signal(str)

    def __init__(self, services: Context, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.company: CompanyInfo | None = None

    def set_company(self, company: CompanyInfo | None) -> None:
        self.company = company
        self.company_changed.emit(company)

    def search_catalog(self, catalog: str, text: str) -> list[tuple[str, str]]:
        """Catalog completions (SQLite FTS, a few ms): fine on the GUI thread as one types."""
        from facturador.services.form_checks import catalog_search

        options = catalog_search(catalog, text, 25)
        return [(option.clave, option.descripcion) for option in options]
