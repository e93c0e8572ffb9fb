"""Storage: SQLModel tables, engines and sessions, Alembic migrations, shared queries.

Services open one session per use case (`write_session` for anything that changes state)
and commit it; nothing here keeps a session.
"""

from facturador.models.engine import (
    create_db_engine,
    is_sqlite,
    open_database,
    read_session,
    sqlite_path,
    sqlite_url,
    write_session,
)
from facturador.models.errors import IllegalTransitionError, StoreError
from facturador.models.repositories import (
    DocumentFilter,
    active_empresa,
    audit_of,
    count_documents,
    empresa_by_rfc,
    list_documents,
    search_key,
)
from facturador.models.states import TRANSITIONS, DocumentState, is_allowed, transition
from facturador.models.tables import (
    AuditEntry,
    Cliente,
    Documento,
    DocumentoImpuesto,
    Empresa,
    PagoAplicado,
    Producto,
    Serie,
)

__all__ = [
    "TRANSITIONS",
    "AuditEntry",
    "Cliente",
    "DocumentFilter",
    "DocumentState",
    "Documento",
    "DocumentoImpuesto",
    "Empresa",
    "IllegalTransitionError",
    "PagoAplicado",
    "Producto",
    "Serie",
    "StoreError",
    "active_empresa",
    "audit_of",
    "count_documents",
    "create_db_engine",
    "current_revision",
    "empresa_by_rfc",
    "head_revision",
    "is_allowed",
    "is_sqlite",
    "list_documents",
    "open_database",
    "read_session",
    "search_key",
    "sqlite_path",
    "sqlite_url",
    "transition",
    "upgrade",
    "write_session",
]

_LAZY = {"current_revision", "head_revision", "upgrade"}  # Alembic loads only when needed


def __getattr__(name: str) -> object:
    if name in _LAZY:
        from facturador.models import migrate

        return getattr(migrate, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
