"""Catálogos > Clientes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from facturador.services import directory
from facturador.services.views import ClientInfo
from facturador.ui import messages as M
from facturador.ui.dialogs.client_dialog import ClientDialog
from facturador.ui.models.clients_model import ClientsModel
from facturador.ui.pages._table_page import TablePage

if TYPE_CHECKING:
    from facturador.ui.context import AppContext

__all__ = ["ClientsPage", "create_page"]


def create_page(ctx: AppContext) -> QWidget:
    return ClientsPage(ctx)


class ClientsPage(TablePage):
    kind = "clients"
    stretch_column = 1

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(
            ctx,
            title=M.CLIENTS_TITLE,
            subtitle=M.CLIENTS_SUBTITLE,
            placeholder=M.CLIENTS_SEARCH,
            empty_text=M.CLIENTS_EMPTY,
            model=ClientsModel(),
        )

    def load(self, text: str) -> list[ClientInfo]:
        return directory.clients(self.ctx.services, text)

    def make_dialog(self, row: ClientInfo | None) -> QDialog:
        return ClientDialog(self.ctx, row, parent=self)
