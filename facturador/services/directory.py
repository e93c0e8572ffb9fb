"""The active company's clients and products as the Catálogos pages and the forms use them:
list or search, add or change; views out (services.views), never rows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from facturador.services.views import ClientInfo, ProductInfo, client_info, product_info

if TYPE_CHECKING:
    from facturador.services.catalog_data import ClienteData, ProductoData
    from facturador.services.context import Context

__all__ = ["client_data", "clients", "product_data", "products", "save_client", "save_product"]

SEARCH_LIMIT = 500


def clients(ctx: Context, text: str = "") -> list[ClientInfo]:
    from facturador.services import catalog_data

    with ctx.read() as session:
        empresa_id = ctx.active_company(session).id
        assert empresa_id is not None
        if text.strip():
            rows = catalog_data.search_clients(session, empresa_id, text, limit=SEARCH_LIMIT)
        else:
            rows = catalog_data.list_clients(session, empresa_id)
        return [client_info(row) for row in rows]


def save_client(ctx: Context, data: ClienteData, client_id: int | None = None) -> ClientInfo:
    """Add a client (client_id None) or change one, for the active company. Its origin is
    recorded: the Constancia `data` carries, else typed (unless the data still match what
    its Constancia or SAT's page said)."""
    from facturador.services import catalog_data

    with ctx.write() as session:
        empresa_id = ctx.active_company(session).id
        assert empresa_id is not None
        today = ctx.now().date()
        if client_id is None:
            row = catalog_data.add_client(session, empresa_id, data, today=today)
        else:
            row = catalog_data.edit_client(session, empresa_id, client_id, data, today=today)
        return client_info(row)


def products(ctx: Context, text: str = "") -> list[ProductInfo]:
    from facturador.services import catalog_data

    with ctx.read() as session:
        empresa_id = ctx.active_company(session).id
        assert empresa_id is not None
        if text.strip():
            rows = catalog_data.search_products(session, empresa_id, text, limit=SEARCH_LIMIT)
        else:
            rows = catalog_data.list_products(session, empresa_id)
        return [product_info(row) for row in rows]


def save_product(ctx: Context, data: ProductoData, product_id: int | None = None) -> ProductInfo:
    from facturador.services import catalog_data

    with ctx.write() as session:
        empresa_id = ctx.active_company(session).id
        assert empresa_id is not None
        if product_id is None:
            row = catalog_data.add_product(session, empresa_id, data)
        else:
            row = catalog_data.edit_product(session, empresa_id, product_id, data)
        return product_info(row)


def client_data(**values: Any) -> ClienteData:
    """A ClienteData for `save_client` (the ui builds it without importing catalog_data)."""
    from facturador.services.catalog_data import ClienteData

    return ClienteData(**values)


def product_data(**values: Any) -> ProductoData:
    from facturador.services.catalog_data import ProductoData

    return ProductoData(**values)
