"""Catálogos > Productos y servicios."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

from facturador.services import directory
from facturador.services.views import ProductInfo
from facturador.ui import messages as M
from facturador.ui.dialogs.product_dialog import ProductDialog
from facturador.ui.models.products_model import ProductsModel
from facturador.ui.pages._table_page import TablePage

if TYPE_CHECKING:
    from facturador.ui.context import AppContext

__all__ = ["ProductsPage", "create_page"]


def create_page(ctx: AppContext) -> QWidget:
    return ProductsPage(ctx)


class ProductsPage(TablePage):
    kind = "products"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(
            ctx,
            title=M.PRODUCTS_TITLE,
            subtitle=M.PRODUCTS_SUBTITLE,
            placeholder=M.PRODUCTS_SEARCH,
            empty_text=M.PRODUCTS_EMPTY,
            model=ProductsModel(),
        )

    def load(self, text: str) -> list[ProductInfo]:
        return directory.products(self.ctx.services, text)

    def make_dialog(self, row: ProductInfo | None) -> QDialog:
        return ProductDialog(self.ctx, row, parent=self)
