"""Catálogos > Vehículos (Carta Porte)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from facturador.services import complementos
from facturador.ui import messages_catalogos_transporte as T
from facturador.ui.dialogs.vehicle_dialog import VehicleDialog
from facturador.ui.models.transport_models import VehiclesModel
from facturador.ui.pages._table_page import TablePage

if TYPE_CHECKING:
    from facturador.services.complementos import Stored, VehiculoData
    from facturador.ui.context import AppContext

__all__ = ["VehiclesPage", "create_page"]


def create_page(ctx: AppContext) -> QWidget:
    return VehiclesPage(ctx)


class VehiclesPage(TablePage):
    kind = "vehiculos"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(
            ctx,
            title=T.VEHICLES_TITLE,
            subtitle=T.VEHICLES_SUBTITLE,
            placeholder=T.VEHICLES_SEARCH,
            empty_text=T.VEHICLES_EMPTY,
            model=VehiclesModel(),
        )

    def load(self, text: str) -> list[Stored[VehiculoData]]:
        return complementos.vehiculos(self.ctx.services, text)

    def make_dialog(self, row: Stored[VehiculoData] | None) -> QDialog:
        return VehicleDialog(self.ctx, row, parent=self)
