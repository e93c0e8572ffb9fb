"""The left navigation: sections, their entries and the module that builds each page.

How to add a page: write `facturador/ui/pages/<module>.py` with

    def create_page(ctx: AppContext) -> QWidget: ...

The entry below already names its module; until the module exists the window shows a
"Disponible próximamente" page. Pages are imported on first visit, never at start-up.
A page may define `refresh()`: it is called each time the page is shown. To add an entry,
append a `PageEntry` to `ENTRIES` (ids are stable: other code and tests use them).
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from typing import TYPE_CHECKING

from facturador.ui import messages as M

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from facturador.ui.context import AppContext

__all__ = ["ENTRIES", "SECTIONS", "PageEntry", "create_page", "entry", "is_available"]

PAGES_PACKAGE = "facturador.ui.pages"


@dataclass(frozen=True, slots=True)
class PageEntry:
    id: str
    section: str
    title: str
    module: str  # under facturador.ui.pages

    @property
    def module_path(self) -> str:
        return f"{PAGES_PACKAGE}.{self.module}"


SECTIONS = (
    M.SECTION_HOME,
    M.SECTION_CONFIG,
    M.SECTION_CATALOGS,
    M.SECTION_DOCUMENTS,
    M.SECTION_RECORDS,
    M.SECTION_RECEIVED,
    M.SECTION_REPORTS,
    M.SECTION_HELP,
)

ENTRIES: tuple[PageEntry, ...] = (
    PageEntry("inicio", M.SECTION_HOME, M.SECTION_HOME, "inicio"),
    PageEntry("empresa", M.SECTION_CONFIG, "Datos fiscales de la empresa", "datos_fiscales"),
    PageEntry("certificado", M.SECTION_CONFIG, "Certificado de Sello Digital", "certificado"),
    PageEntry("pac", M.SECTION_CONFIG, "Conexión con el PAC", "pac"),
    PageEntry("creditos", M.SECTION_CONFIG, "Créditos CFDI", "creditos"),
    PageEntry("series", M.SECTION_CONFIG, "Series y folios", "series"),
    PageEntry("correo", M.SECTION_CONFIG, "Correo", "correo"),
    PageEntry("respaldos", M.SECTION_CONFIG, "Respaldos", "respaldos"),
    PageEntry("clientes", M.SECTION_CATALOGS, "Clientes", "clientes"),
    PageEntry("productos", M.SECTION_CATALOGS, "Productos y servicios", "productos"),
    PageEntry("vehiculos", M.SECTION_CATALOGS, "Vehículos", "vehiculos"),
    PageEntry("operadores", M.SECTION_CATALOGS, "Operadores", "operadores"),
    PageEntry("ubicaciones", M.SECTION_CATALOGS, "Ubicaciones frecuentes", "ubicaciones"),
    PageEntry("cfdi", M.SECTION_DOCUMENTS, "Generar CFDI 4.0", "cfdi"),
    PageEntry("pagos", M.SECTION_DOCUMENTS, "Generar complemento de pagos 2.0", "pagos"),
    PageEntry("lote", M.SECTION_DOCUMENTS, "Lote desde CSV/Excel", "lote"),
    PageEntry("notas", M.SECTION_DOCUMENTS, "Notas de venta", "notas"),
    PageEntry("global", M.SECTION_DOCUMENTS, "Factura global", "global_"),
    PageEntry("recurrentes", M.SECTION_DOCUMENTS, "Facturas recurrentes", "recurrentes"),
    # A section with a single page shows as one item.
    PageEntry("registros", M.SECTION_RECORDS, M.SECTION_RECORDS, "registros"),
    PageEntry("recibidos", M.SECTION_RECEIVED, "Comprobantes recibidos", "recibidos"),
    PageEntry("conciliacion", M.SECTION_RECEIVED, "Conciliación con el SAT", "conciliacion"),
    PageEntry("descargas", M.SECTION_RECEIVED, "Descarga masiva", "descargas"),
    PageEntry("iva", M.SECTION_REPORTS, "IVA y retenciones del mes", "iva_mes"),
    PageEntry("cobranza", M.SECTION_REPORTS, "Cuentas por cobrar", "cobranza"),
    PageEntry("faq", M.SECTION_HELP, "Preguntas frecuentes", "faq"),
    PageEntry("contacto", M.SECTION_HELP, "Contacto", "contacto"),
)


def entry(page_id: str) -> PageEntry:
    for candidate in ENTRIES:
        if candidate.id == page_id:
            return candidate
    raise KeyError(page_id)


def is_available(page: PageEntry) -> bool:
    return importlib.util.find_spec(page.module_path) is not None


def create_page(page: PageEntry, ctx: AppContext) -> QWidget:
    """The page's widget, or the honest placeholder when its module is not there yet."""
    if not is_available(page):
        from facturador.ui.pages.placeholder import PlaceholderPage

        return PlaceholderPage(page.title)
    module = importlib.import_module(page.module_path)
    return module.create_page(ctx)
