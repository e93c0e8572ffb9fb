"""What the three reports share (the month, which documents count) and Inicio's dashboard.

The reports are SQL aggregates over figures stored beside each document when its XML is
sealed (models.report_figures, sat.figures): never XML parsing at report time, so each
answers in well under 300 ms over 100,000 documents (bench/reportes.py).

Which documents count: CFDIs that exist and are in force: stamped (TIMBRADO) or with a
cancellation requested but not done (CANCELACION_EN_COLA, _EN_PROCESO, _RECHAZADA).
Cancelled documents never count, nor drafts, queued, rejected or withdrawn ones (not yet, or
never, CFDIs). Fechas are the CFDI's own (local time at LugarExpedicion); a month is
[first day 00:00, first day of the next month).

The use cases: `reports_ventas.sales_report`, `reports_iva.iva_report` (+ `tax_documents`),
`reports_cobranza.receivables_report`, `dashboard` here, and `reports_export` (XLSX, PDF).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from facturador.models.states import DocumentState as S
from facturador.sat.errors import InvalidInputError
from facturador.services import messages
from facturador.services.views import Attention, Dashboard

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = ["COUNTED", "Month", "ReportInputError", "dashboard", "local_now", "parse_month"]

COUNTED = tuple(
    s.value
    for s in (S.TIMBRADO, S.CANCELACION_EN_COLA, S.CANCELACION_EN_PROCESO, S.CANCELACION_RECHAZADA)
)
NEAR_LIMIT = timedelta(hours=48)  # of SAT's 72: a queued document this old needs the user
LOW_CREDITS = 20


class ReportInputError(InvalidInputError):
    def __init__(self, value: str) -> None:
        super().__init__(value)
        self.value = value

    @property
    def message(self) -> str:
        return messages.REPORT_BAD_MONTH.format(value=self.value)


@dataclass(frozen=True, slots=True, order=True)
class Month:
    year: int
    month: int

    @property
    def start(self) -> datetime:
        return datetime(self.year, self.month, 1)

    @property
    def end(self) -> datetime:
        """The first moment of the next month (exclusive)."""
        return self.shifted(1).start

    def shifted(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def parse_month(text: str | None, ctx: Context | None = None) -> Month:
    """AAAA-MM as a Month; None: the current month at the company's place (needs `ctx`)."""
    if text is None:
        assert ctx is not None
        now = local_now(ctx)
        return Month(now.year, now.month)
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text)
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise ReportInputError(text)
    return Month(int(match.group(1)), int(match.group(2)))


def local_now(ctx: Context) -> datetime:
    """The clock as naive local time at the active company's LugarExpedicion (like Fecha)."""
    from facturador.sat.fecha import fecha_expedicion

    return fecha_expedicion(ctx.company().lugar_expedicion, ctx.now())


def empresa_id(ctx: Context) -> int:
    company = ctx.company()
    assert company.id is not None
    return company.id


def attention(ctx: Context) -> Attention:
    """The queue and what needs the user: rejected, cancellations under way, documents near
    SAT's 72 hours, a CSD expiring within 30 days, few PAC credits left."""
    from sqlalchemy import case, func
    from sqlmodel import col, select

    from facturador.models.tables import Documento
    from facturador.services.company_setup import csd_expiry_warning
    from facturador.services.pac_connection import last_credits

    company_id = empresa_id(ctx)
    waiting = (S.SELLADO.value, S.EN_COLA.value, S.ENVIANDO.value, S.RECHAZADO.value)
    asked = (S.POSIBLEMENTE_TIMBRADO.value, S.CANCELACION_EN_COLA.value,
             S.CANCELACION_EN_PROCESO.value)  # fmt: skip
    limit = local_now(ctx) - NEAR_LIMIT
    near = case((col(Documento.state).in_(waiting) & (col(Documento.fecha) < limit), 1), else_=0)
    with ctx.read() as session:
        rows = session.exec(
            select(Documento.state, func.count(), func.sum(near))
            .where(Documento.empresa_id == company_id)
            .where(col(Documento.state).in_(waiting + asked))
            .group_by(Documento.state)
        ).all()
    counts = {state: int(n) for state, n, _ in rows}
    credits = last_credits(ctx)
    remaining = None
    if credits is not None and credits.remaining is not None and not credits.unlimited:
        remaining = credits.remaining if credits.remaining < LOW_CREDITS else None
    return Attention(
        en_cola=counts.get(S.EN_COLA, 0) + counts.get(S.ENVIANDO, 0) + counts.get(S.SELLADO, 0),
        rechazados=counts.get(S.RECHAZADO, 0),
        posiblemente_timbrados=counts.get(S.POSIBLEMENTE_TIMBRADO, 0),
        cancelaciones_en_proceso=counts.get(S.CANCELACION_EN_COLA, 0)
        + counts.get(S.CANCELACION_EN_PROCESO, 0),
        cerca_del_limite=sum(int(n or 0) for _, _, n in rows),
        csd=csd_expiry_warning(ctx),
        creditos=remaining,
    )


def dashboard(ctx: Context) -> Dashboard:
    """Inicio: this month's sales report (12 months, last year, top clients) and attention."""
    from facturador.services.reports_ventas import sales_report

    return Dashboard(sales=sales_report(ctx, parse_month(None, ctx)), attention=attention(ctx))
