"""The reports as sheets (pdf.report_tables.Sheet), written to XLSX (openpyxl) or PDF, or JSON.

One conversion per report (`sheets`): the XLSX and the PDF are written from the same sheets,
so both hold the same figures; the XLSX keeps numbers as numbers (two decimals) and dates
as dates, one worksheet per sheet.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facturador.pdf.report_tables import Sheet, render_report
from facturador.services import messages as M
from facturador.services.files import write_atomically
from facturador.services.views import (
    IvaReport,
    MonthSales,
    ReceivablesReport,
    SalesReport,
    TaxRow,
)

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = ["Report", "report_json", "sheets", "write_pdf", "write_xlsx"]

Report = SalesReport | IvaReport | ReceivablesReport


def _kind(report: Report) -> str:
    if isinstance(report, SalesReport):
        return "ventas"
    return "iva" if isinstance(report, IvaReport) else "cobranza"


def _month_row(m: MonthSales) -> tuple[Any, ...]:
    return (m.mes, m.ingresos, m.egresos, m.neto, m.total_neto, m.documentos)


def _sales(report: SalesReport) -> list[Sheet]:
    months = Sheet(M.SALES_MONTHS, M.SALES_MONTH_HEADERS,
                   tuple(_month_row(m) for m in report.months),
                   widths=(1, 1.3, 1.3, 1.3, 1.5, 1))  # fmt: skip
    compare = Sheet(M.SALES_COMPARE, M.SALES_COMPARE_HEADERS, tuple(
        (m.mes, m.neto, m.total_neto, m.documentos)
        for m in (report.same_month_last_year, report.this_month)))  # fmt: skip
    clients = Sheet(M.SALES_CLIENTS, M.SALES_CLIENT_HEADERS,
                    tuple((c.rfc, c.nombre, c.neto, c.documentos) for c in report.top_clients),
                    widths=(1.2, 3, 1.2, 0.8))  # fmt: skip
    return [months, compare, clients]


def _tax_row(r: TaxRow) -> tuple[Any, ...]:
    tasa = f"{Decimal(r.tasa) * 100:.4f} %".replace(".0000 %", " %") if r.tasa else "Exento"
    name = M.TAX_NAMES.get(r.impuesto, r.impuesto)
    return (name, r.tipo_factor, tasa, r.base, r.importe, r.documentos)


def _iva(report: IvaReport) -> list[Sheet]:
    def sheet(title: str, rows: tuple[TaxRow, ...]) -> Sheet:
        total = sum((r.importe for r in rows), Decimal("0.00"))
        return Sheet(title, M.IVA_HEADERS, tuple(_tax_row(r) for r in rows),
                     (M.TOTAL, None, None, None, total, None))  # fmt: skip

    summary = Sheet(M.IVA_SUMMARY, M.IVA_SUMMARY_HEADERS, tuple(zip(
        M.IVA_SUMMARY_ROWS, (report.iva_trasladado, report.iva_retenido, report.isr_retenido),
        strict=True)), widths=(3, 1))  # fmt: skip
    return [summary, sheet(M.IVA_TRASLADADO, report.traslados),
            sheet(M.IVA_RETENIDO, report.retenciones)]  # fmt: skip


def _receivables(report: ReceivablesReport) -> list[Sheet]:
    clients = Sheet(M.RECEIVABLES_CLIENTS, M.RECEIVABLES_CLIENT_HEADERS, tuple(
        (c.rfc, c.nombre, *c.buckets, c.total, c.ultimo_pago) for c in report.clients),
        (M.TOTAL, None, *report.buckets, report.total, None),
        widths=(1.3, 2.6, 1, 1, 1, 1, 1.1, 1))  # fmt: skip
    invoices = Sheet(M.RECEIVABLES_INVOICES, M.RECEIVABLES_INVOICE_HEADERS, tuple(
        (f"{i.serie or ''}-{i.folio}", i.fecha, i.rfc_receptor, i.moneda, i.total, i.pagado,
         i.saldo, i.saldo_mxn, i.dias, i.ultimo_pago)
        for c in report.clients for i in c.invoices),
        widths=(0.9, 1, 1.4, 0.7, 1.1, 1.1, 1.1, 1.1, 0.6, 1))  # fmt: skip
    return [clients, invoices]


def sheets(report: Report) -> list[Sheet]:
    if isinstance(report, SalesReport):
        return _sales(report)
    if isinstance(report, IvaReport):
        return _iva(report)
    return _receivables(report)


def _period(report: Report) -> str:
    if isinstance(report, ReceivablesReport):
        dia = (report.al - timedelta(microseconds=1)).date()
        return M.REPORT_AS_OF.format(dia=f"{dia:%Y-%m-%d}")
    return M.REPORT_MONTH.format(mes=report.mes)


def _subtitle(ctx: Context, report: Report) -> str:
    company = ctx.company()
    return M.REPORT_SUBTITLE.format(nombre=company.nombre, rfc=company.rfc,
                                    periodo=_period(report))  # fmt: skip


def write_pdf(ctx: Context, report: Report, path: Path) -> Path:
    """The report as a PDF with the invoice's look."""
    pdf = render_report(M.REPORT_TITLES[_kind(report)], _subtitle(ctx, report), sheets(report))
    write_atomically(path, pdf)
    return path


def write_xlsx(ctx: Context, report: Report, path: Path) -> Path:
    """The report as an XLSX workbook: a title line, then one worksheet per sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    book.remove(book.active)
    subtitle = _subtitle(ctx, report)
    for sheet in sheets(report):
        ws = book.create_sheet(sheet.title[:31])
        ws.append([sheet.title])
        ws.append([subtitle])
        ws.append(list(sheet.headers))
        ws["A1"].font = Font(bold=True, size=13, color="1F3A5F")
        for cell in ws[3]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="1F3A5F")
        for row in sheet.rows + ((sheet.totals,) if sheet.totals else ()):
            ws.append(list(row))
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, Decimal):
                    cell.number_format = "#,##0.00"
                elif isinstance(cell.value, datetime):
                    cell.number_format = "yyyy-mm-dd"
        if sheet.totals:
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
        for i, _ in enumerate(sheet.headers):
            ws.column_dimensions[chr(ord("A") + i)].width = 16 if i else 20
    book.save(path)
    return path


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def report_json(report: Report) -> str:
    """The report's figures as JSON (amounts as strings, exact), with the derived totals."""
    data = dataclasses.asdict(report)
    if isinstance(report, SalesReport):
        for month, view in zip(data["months"], report.months, strict=True):
            month.update(neto=view.neto, total_neto=view.total_neto)
        last = data["same_month_last_year"]
        last.update(neto=report.same_month_last_year.neto,
                    total_neto=report.same_month_last_year.total_neto)  # fmt: skip
    elif isinstance(report, IvaReport):
        data.update(iva_trasladado=report.iva_trasladado, iva_retenido=report.iva_retenido,
                    isr_retenido=report.isr_retenido)  # fmt: skip
    else:
        for client, row in zip(data["clients"], report.clients, strict=True):
            client["total"] = row.total
        data.update(buckets=report.buckets, total=report.total)
    return json.dumps({"reporte": _kind(report), **_jsonable(data)}, ensure_ascii=False, indent=2)
