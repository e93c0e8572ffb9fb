"""Folios: assigned per serie at sealing time, atomically and without gaps.

`allocate_folio` runs `UPDATE serie SET next_folio = next_folio + 1 ... RETURNING` inside the
caller's transaction. On PostgreSQL the row lock is held until commit; on SQLite the caller
opened the session with `write_session` (BEGIN IMMEDIATE), so the whole transaction owns the
write lock. A rollback returns the folio: no gaps. Drafts never call this.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from facturador.models.tables import Serie
from facturador.services.errors import ConfigError, FieldError
from facturador.services.views import SerieInfo

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = ["add_serie", "allocate_folio", "ensure_serie", "next_folio", "series"]

MAX_SERIE_LENGTH = 25  # Anexo 20: Serie is [^|]{1,25}


def _check_code(serie: str) -> str:
    """The one rule for a serie, whether typed in Series y folios or given in the JSON."""
    code = serie.strip()
    if len(code) > MAX_SERIE_LENGTH:
        raise FieldError("serie", "too_long", serie, MAX_SERIE_LENGTH)
    if "|" in code:
        raise FieldError("serie", "pipe", serie)
    return code


def series(ctx: Context) -> list[SerieInfo]:
    """The active company's series, by code."""
    with ctx.read() as session:
        empresa = ctx.active_company(session)
        rows = session.exec(
            select(Serie).where(Serie.empresa_id == empresa.id).order_by(col(Serie.code))
        ).all()
        return [SerieInfo(code=s.code, tipo=s.tipo, next_folio=s.next_folio) for s in rows]


def add_serie(ctx: Context, code: str, tipo: str = "I", first_folio: int = 1) -> SerieInfo:
    """A new serie for the active company, starting at `first_folio` (in capitals, as
    invoices show series)."""
    code = _check_code(code).upper()
    if not code:
        raise ConfigError("serie")
    if first_folio < 1:
        raise ConfigError("folio")
    with ctx.write() as session:
        empresa = ctx.active_company(session)
        assert empresa.id is not None
        query = select(Serie.id).where(Serie.empresa_id == empresa.id, Serie.code == code)
        if session.exec(query).first() is not None:
            raise ConfigError("serie_exists", code)
        session.add(Serie(empresa_id=empresa.id, code=code, tipo=tipo, next_folio=first_folio))
        session.commit()
    return SerieInfo(code=code, tipo=tipo, next_folio=first_folio)


def ensure_serie(session: Session, empresa_id: int, serie: str, tipo: str = "I") -> None:
    """Create the serie if missing (races with another process are harmless)."""
    code = _check_code(serie)
    exists = session.exec(
        select(Serie.id).where(Serie.empresa_id == empresa_id, Serie.code == code)
    ).first()
    if exists is not None:
        return
    try:
        with session.begin_nested():
            session.add(Serie(empresa_id=empresa_id, code=code, tipo=tipo))
    except IntegrityError:
        pass  # another process created it first


def allocate_folio(session: Session, empresa_id: int, serie: str) -> int:
    """The next folio of `serie` for this company; part of the caller's transaction."""
    code = _check_code(serie)
    statement = (
        update(Serie)
        .where(col(Serie.empresa_id) == empresa_id, col(Serie.code) == code)
        .values(next_folio=col(Serie.next_folio) + 1)
        .returning(col(Serie.next_folio))
    )
    row = session.execute(statement).first()
    if row is None:
        ensure_serie(session, empresa_id, code)
        row = session.execute(statement).one()
    return int(row[0]) - 1


def next_folio(session: Session, empresa_id: int, serie: str) -> int | None:
    """The folio `allocate_folio` would hand out now; None for a serie not created yet (its
    first folio is 1). No lock: another process may take it first."""
    code = _check_code(serie)
    found = session.exec(
        select(Serie.next_folio).where(Serie.empresa_id == empresa_id, Serie.code == code)
    ).first()
    return None if found is None else int(found)
