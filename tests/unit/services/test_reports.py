"""The three reports over a known month (tests/unit/services/reports_month.py): every figure
is the hand computation written here, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal as D

import pytest

from facturador.models.engine import open_database
from facturador.services.context import Context
from facturador.services.reports import ReportInputError, attention, parse_month
from facturador.services.reports_cobranza import receivables_report
from facturador.services.reports_iva import iva_report, tax_documents
from facturador.services.reports_ventas import sales_report
from tests.unit.models.databases import BACKENDS, fresh_database
from tests.unit.services.reports_month import build_month

NOW = datetime(2026, 12, 15, 18, 0, tzinfo=UTC)  # when the bookkeeper looks


@pytest.fixture(scope="module", params=BACKENDS)
def month(request, shared_sat, tmp_path_factory):
    """The month built once per backend: every test here only reads it."""
    from facturador.services.secrets import MemorySecretStore
    from tests.unit.services.company_setup import install_test_company

    tmp_path = tmp_path_factory.mktemp("month")
    secrets = MemorySecretStore()
    with fresh_database(request.param, tmp_path) as url:
        engine = open_database(url)
        try:
            company = install_test_company(engine, shared_sat / "csd", secrets)
            uuids = build_month(engine, company, secrets)
            yield Context(engine, secrets, clock=lambda: NOW, data_dir_=tmp_path), uuids
        finally:
            engine.dispose()


def test_sales_of_november(month):
    ctx, _ = month
    report = sales_report(ctx, parse_month("2026-11"))
    nov = report.this_month
    # Ingresos before taxes: A-1 1,000 + A-2 10,000 + A-3 100 USD × 17.50 = 1,750 + A-4 1,000;
    # A-5 is cancelled. Egresos: NC-1 100. Payment receipts are not sales.
    assert (nov.mes, nov.ingresos, nov.egresos, nov.neto) == (
        "2026-11", D("13750.00"), D("100.00"), D("13650.00"))  # fmt: skip
    assert nov.documentos == 5  # NC-1
    # With taxes: 1,160 + 11,600 + 116 × 17.50 = 2,030 + 953.33; minus NC-1's 116.
    assert (nov.total_ingresos, nov.total_egresos, nov.total_neto) == (
        D("15743.33"), D("116.00"), D("15627.33"))  # fmt: skip
    assert [m.mes for m in report.months] == ["2025-12"] + [f"2026-{m:02d}" for m in range(1, 12)]
    assert {m.mes: m.neto for m in report.months if m.neto} == {
        "2026-09": D("8750.00"), "2026-10": D("2000.00"), "2026-11": D("13650.00")}  # fmt: skip
    last_year = report.same_month_last_year
    assert (last_year.mes, last_year.neto, last_year.documentos) == ("2025-11", D("300.00"), 1)
    # B: A-2 10,000 + A-4 1,000 − NC-1 100; A: A-1 1,000 + A-3 1,750.
    assert [(c.rfc, c.neto, c.documentos) for c in report.top_clients] == [
        ("URE180429TM6", D("10900.00"), 3), ("CACX7605101P8", D("2750.00"), 2)]  # fmt: skip
    december = sales_report(ctx, parse_month("2026-12")).this_month
    assert (december.neto, december.documentos) == (D("0.00"), 0)  # only P-2: not a sale


def test_iva_of_november_is_what_was_collected(month):
    ctx, _ = month
    report = iva_report(ctx, parse_month("2026-11"))
    # IVA 16 %: A-1 160 + A-3 16 USD × 17.50 = 280 + A-4 160 − NC-1 16 + P-1's share of A-2
    # (BaseDR 5,000, ImporteDR 800: paid 5,800 of 11,600 after the note's 116). A-2 itself is
    # PPD (its IVA is due when paid) and A-5 is cancelled.
    [iva16] = report.traslados
    assert (iva16.impuesto, iva16.tipo_factor, iva16.tasa) == ("002", "Tasa", "0.160000")
    assert (iva16.base, iva16.importe) == (D("8650.00"), D("1384.00"))  # 1000+1750+1000−100+5000
    assert iva16.documentos == 5  # NC-1, P-1
    assert [(r.impuesto, r.tasa, r.base, r.importe) for r in report.retenciones] == [
        ("002", "0.106667", D("1000.00"), D("106.67")),
        ("001", "0.100000", D("1000.00"), D("100.00")),
    ]
    assert (report.iva_trasladado, report.iva_retenido, report.isr_retenido) == (
        D("1384.00"), D("106.67"), D("100.00"))  # fmt: skip
    behind = tax_documents(ctx, parse_month("2026-11"), kind="T", impuesto="002",
                           tipo_factor="Tasa", tasa="0.160000")  # fmt: skip
    assert [(d.serie, d.folio, d.importe) for d in behind] == [
        ("A", 4, D("160.00")), ("A", 6, D("280.00")), ("NC", 1, D("-16.00")),
        ("A", 7, D("160.00")), ("P", 1, D("800.00"))]  # fmt: skip
    # December: P-2 paid 2,900 of A-2: BaseDR 2,500, IVA 400; nothing else.
    december = iva_report(ctx, parse_month("2026-12"))
    assert [(r.base, r.importe) for r in december.traslados] == [(D("2500.00"), D("400.00"))]
    assert december.retenciones == ()


def test_receivables_at_the_end_of_november_and_of_december(month):
    ctx, uuids = month
    november = receivables_report(ctx, parse_month("2026-11").end, with_invoices=True)
    # 11,600 − NC-1 116 − P-1 5,800 = 5,684 (P-2 is in December), 25 days old (Nov 5 to
    # Nov 30), last paid Nov 20. A-6: 580 USD unpaid = 10,150 MXN at its 17.50, 76 days (Sep 15
    # to Nov 30). are PUE; A-5 is cancelled.
    assert [(c.rfc, c.buckets, c.ultimo_pago, c.facturas) for c in november.clients] == [
        ("CACX7605101P8", (D(0), D(0), D("10150.00"), D(0)), None, 1),
        ("URE180429TM6", (D("5684.00"), D(0), D(0), D(0)), datetime(2026, 11, 20, 6), 1),
    ]
    [a6] = november.clients[0].invoices
    assert (a6.moneda, a6.saldo, a6.saldo_mxn, a6.dias) == ("USD", D("580.00"), D("10150.00"), 76)
    [a2] = november.clients[1].invoices
    assert (a2.uuid, a2.total, a2.pagado, a2.saldo, a2.dias, a2.bucket) == (
        uuids["A-2"], D("11600.00"), D("5916.00"), D("5684.00"), 25, 0)  # fmt: skip
    assert (november.buckets, november.total) == (
        (D("5684.00"), D(0), D("10150.00"), D(0)), D("15834.00"))  # fmt: skip
    december = receivables_report(ctx, parse_month("2026-12").end)
    # 5,684 − P-2 2,900 = 2,784, 55 days old; A-6: 107 days.
    assert [(c.rfc, c.total, c.ultimo_pago) for c in december.clients] == [
        ("CACX7605101P8", D("10150.00"), None),
        ("URE180429TM6", D("2784.00"), datetime(2026, 12, 10, 6)),
    ]
    assert december.buckets == (D(0), D("2784.00"), D(0), D("10150.00"))


def test_attention_and_month_input(month):
    ctx, _ = month
    assert attention(ctx).rechazados == 0
    assert attention(ctx).en_cola == 0
    with pytest.raises(ReportInputError) as error:
        parse_month("2026-13")
    assert "AAAA-MM" in error.value.message
    assert str(parse_month(None, ctx)) == "2026-12"


def test_cli_and_exports_hold_the_same_figures(month, monkeypatch, tmp_path, capsys):
    import json

    from openpyxl import load_workbook

    from facturador.cli import main

    ctx, _ = month
    assert main(["reporte", "iva", "--mes", "2026-11", "--json"], context=ctx) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["iva_trasladado"], data["iva_retenido"], data["isr_retenido"]) == (
        "1384.00", "106.67", "100.00")  # fmt: skip
    book = tmp_path / "ventas.xlsx"
    assert main(["reporte", "ventas", "--mes", "2026-11", "--xlsx", str(book)], context=ctx) == 0
    sheet = load_workbook(book)["Ventas de los últimos 12 meses (i"[:31]]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert rows[-1] == ("2026-11", 13750, 100, 13650, 15627.33, 5)
    assert rows[-3][:4] == ("2026-09", 8750, 0, 8750)
    cobranza = tmp_path / "cobranza.xlsx"
    assert main(["reporte", "cobranza", "--mes", "2026-11", "--xlsx", str(cobranza)],
                context=ctx) == 0  # fmt: skip
    by_client = load_workbook(cobranza)["Saldos por cliente y antigüedad"]
    rows = list(by_client.iter_rows(min_row=4, values_only=True))
    assert [r[:7] for r in rows] == [
        ("CACX7605101P8", "XOCHILT CASAS CHAVEZ", 0, 0, 10150, 0, 10150),
        ("URE180429TM6", "UNIVERSIDAD ROBOTICA ESPAÑOLA", 5684, 0, 0, 0, 5684),
        ("Total", None, 5684, 0, 10150, 0, 15834),
    ]
    iva = tmp_path / "iva.xlsx"
    assert main(["reporte", "iva", "--mes", "2026-11", "--xlsx", str(iva)], context=ctx) == 0
    summary = list(load_workbook(iva)["Resumen"].iter_rows(min_row=4, values_only=True))
    assert summary == [("IVA trasladado cobrado", 1384), ("IVA retenido", 106.67),
                       ("ISR retenido", 100)]  # fmt: skip
    pdf = tmp_path / "iva.pdf"
    assert main(["reporte", "iva", "--mes", "2026-11", "--pdf", str(pdf)], context=ctx) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    assert main(["reporte", "cobranza", "--mes", "2026-11"], context=ctx) == 0
    out = capsys.readouterr().out
    assert "URE180429TM6" in out
    assert "5,684.00" in out


def test_the_migration_reads_the_figures_of_documents_stored_before_it(month):
    """Documents sealed by a version without report figures: 0007 reads them from the XML."""
    from alembic import command

    from facturador.models.migrate import alembic_config, current_revision, upgrade

    ctx, _ = month
    mes = parse_month("2026-11")
    before = (sales_report(ctx, mes), iva_report(ctx, mes),
              receivables_report(ctx, mes.end, with_invoices=True))  # fmt: skip
    config = alembic_config()
    with ctx.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")
    assert current_revision(ctx.engine) == "0006"
    upgrade(ctx.engine)
    after = (sales_report(ctx, mes), iva_report(ctx, mes),
             receivables_report(ctx, mes.end, with_invoices=True))  # fmt: skip
    assert after == before
    assert after[1].iva_trasladado == D("1384.00")
