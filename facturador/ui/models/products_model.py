"""The products table: description, SAT keys, unit, price, ObjetoImp."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from facturador.services.views import ProductInfo
from facturador.ui import messages as M
from facturador.ui.models.table_model import Column, RowsModel

__all__ = ["ProductsModel", "format_money"]


def format_money(amount: Decimal) -> str:
    """$1,234.50 (at least two decimals, more when the price has them)."""
    places = max(2, -int(amount.as_tuple().exponent)) if amount.is_finite() else 2
    return f"${amount:,.{places}f}"


COLUMNS: list[Column[ProductInfo]] = [
    Column(M.COL_DESCRIPTION, lambda p: p.descripcion),
    Column(M.COL_CLAVE, lambda p: p.clave_prod_serv),
    Column(M.COL_UNIDAD, lambda p: p.clave_unidad + (f" ({p.unidad})" if p.unidad else "")),
    Column(M.COL_PRICE, lambda p: format_money(p.valor_unitario), align_right=True),
    Column(M.COL_OBJETO, lambda p: p.objeto_imp),
    Column(M.COL_NO_ID, lambda p: p.no_identificacion or ""),
]


class ProductsModel(RowsModel[ProductInfo]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, parent)
