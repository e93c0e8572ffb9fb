"""Catálogos > Operadores (Carta Porte)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from facturador.services import complementos
from facturador.ui import messages_catalogos_transporte as T
from facturador.ui.dialogs.driver_dialog import DriverDialog
from facturador.ui.models.transport_models import DriversModel
from facturador.ui.pages._table_page import TablePage

if TYPE_CHECKING:
    from facturador.services.complementos import OperadorData, Stored
    from facturador.ui.context import AppContext

__all__ = ["DriversPage", "create_page"]


def create_page(ctx: AppContext) -> QWidget:
    return DriversPage(ctx)


class DriversPage(TablePage):
    kind = "operadores"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(
            ctx,
            title=T.DRIVERS_TITLE,
            subtitle=T.DRIVERS_SUBTITLE,
            placeholder=T.DRIVERS_SEARCH,
            empty_text=T.DRIVERS_EMPTY,
            model=DriversModel(),
        )

    def load(self, text: str) -> list[Stored[OperadorData]]:
        return complementos.operadores(self.ctx.services, text)

    def make_dialog(self, row: Stored[OperadorData] | None) -> QDialog:
        return DriverDialog(self.ctx, row, parent=self)
