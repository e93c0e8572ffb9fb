"""Folios: assigned per serie at sealing time, atomically and without gaps.

`allocate_folio` runs `UPDATE serie SET next_folio = next_folio + 1 ... RETURNING` inside the
caller's transaction. On PostgreSQL the row lock is held until commit; on SQLite the caller
opened the session with `write_session` (BEGIN IMMEDIATE), so the whole transaction owns the
write lock. A rollback returns the folio: no gaps. Drafts never call this.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from facturador.models.tables import Serie
from facturador.services.errors import FieldError

__all__ = ["allocate_folio", "ensure_serie", "next_folio"]

MAX_SERIE_LENGTH = 25


def _check_code(serie: str) -> str:
    code = serie.strip()
    if len(code) > MAX_SERIE_LENGTH:
        raise FieldError("serie", "too_long", serie, MAX_SERIE_LENGTH)
    return code


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
