"""Catálogos > Ubicaciones frecuentes (Carta Porte)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from facturador.services import complementos
from facturador.ui import messages_catalogos_transporte as T
from facturador.ui.dialogs.location_dialog import LocationDialog
from facturador.ui.models.transport_models import LocationsModel
from facturador.ui.pages._table_page import TablePage

if TYPE_CHECKING:
    from facturador.services.complementos import Stored, UbicacionData
    from facturador.ui.context import AppContext

__all__ = ["LocationsPage", "create_page"]


def create_page(ctx: AppContext) -> QWidget:
    return LocationsPage(ctx)


class LocationsPage(TablePage):
    kind = "ubicaciones"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(
            ctx,
            title=T.PLACES_TITLE,
            subtitle=T.PLACES_SUBTITLE,
            placeholder=T.PLACES_SEARCH,
            empty_text=T.PLACES_EMPTY,
            model=LocationsModel(),
        )

    def load(self, text: str) -> list[Stored[UbicacionData]]:
        return complementos.ubicaciones(self.ctx.services, text)

    def make_dialog(self, row: Stored[UbicacionData] | None) -> QDialog:
        return LocationDialog(self.ctx, row, parent=self)
