"""`facturador reporte ventas|iva|cobranza [--mes AAAA-MM] [--json | --xlsx F | --pdf F]`.

The same use cases the GUI's Inicio, IVA del mes and Cuentas por cobrar pages call
(services.reports_*); without --mes, the current month. Cobranza gives the balances at the
month's end (now, for the current month).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from facturador.cli import messages as M

if TYPE_CHECKING:
    from facturador.services.context import Context
    from facturador.services.reports_export import Report

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("reporte", help=M.REPORT_HELP, description=M.REPORT_DESCRIPTION)
    parser.add_argument("reporte", choices=("ventas", "iva", "cobranza"))
    parser.add_argument("--mes", metavar="AAAA-MM", help="el mes del reporte (por omisión, este)")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="las cifras como JSON")
    output.add_argument("--xlsx", metavar="ARCHIVO", type=Path, help="guarda un libro de Excel")
    output.add_argument("--pdf", metavar="ARCHIVO", type=Path, help="guarda un PDF")
    parser.set_defaults(handler=run)


def build_report(ctx: Context, kind: str, mes_text: str | None) -> Report:
    from facturador.services.reports import local_now, parse_month
    from facturador.services.reports_cobranza import receivables_report
    from facturador.services.reports_iva import iva_report
    from facturador.services.reports_ventas import sales_report

    mes = parse_month(mes_text, ctx)
    if kind == "ventas":
        return sales_report(ctx, mes)
    if kind == "iva":
        return iva_report(ctx, mes)
    until = min(mes.end, local_now(ctx))
    return receivables_report(ctx, until, with_invoices=True)


def run(args: argparse.Namespace) -> int:
    from facturador.pdf.report_tables import cell_text
    from facturador.services.reports_export import report_json, sheets, write_pdf, write_xlsx

    report = build_report(args.ctx, args.reporte, args.mes)
    if args.json:
        print(report_json(report))
        return 0
    if args.xlsx or args.pdf:
        write = write_xlsx if args.xlsx else write_pdf
        path = write(args.ctx, report, args.xlsx or args.pdf)
        print(M.REPORT_WRITTEN.format(archivo=path))
        return 0
    for sheet in sheets(report):
        rows = [list(sheet.headers)] + [[cell_text(v) for v in r] for r in sheet.rows]
        if sheet.totals:
            rows.append([cell_text(v) for v in sheet.totals])
        widths = [max(len(r[i]) for r in rows) for i in range(len(sheet.headers))]
        print(f"\n{sheet.title}")
        for row in rows:
            cells = zip(row, widths, strict=True)
            print("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(cells)))
    return 0
