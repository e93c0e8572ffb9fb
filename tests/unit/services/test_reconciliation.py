"""Conciliación con el SAT: each kind of difference, built through the real use cases."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest

from facturador.cli import main
from facturador.sat.errors import FacturadorError
from facturador.services.context import Context
from facturador.services.queue import sync_once
from facturador.services.reconciliation import import_69b, reconcile
from tests.unit.services.reconciliation_data import NOW, STAMPED_AT, build, list_69b


@pytest.fixture
def ctx(engine, company, secrets, tmp_path):
    return Context(engine, secrets, clock=lambda: NOW, data_dir_=tmp_path)


def _kinds(report):
    return {kind: sorted(d.serie_folio for d in report.of(kind)) for kind in report.counts}


def test_every_kind_of_difference_and_what_to_do(ctx, company, tmp_path, capsys):
    stamper, ids = build(ctx, company, tmp_path / "sat")
    report = reconcile(ctx)
    assert report.list_69b_at is None
    assert _kinds(report) == {
        "falta_aqui": ["A-5"],
        "cancelado_en_sat": ["A-1"],
        "vigente_en_sat": ["A-2"],
        "ppd_sin_pago": ["A-3"],
        "emisor_69b": [],
    }
    (lost,) = report.of("falta_aqui")
    assert lost.documento_id == ids["A-5"]
    assert lost.recibido_id is not None
    assert lost.estado_local == "Pendiente de timbrar"
    assert "Consultar en el SAT" in lost.what_to_do
    assert "no lo vuelva a sellar" in lost.what_to_do
    (cancelled,) = report.of("cancelado_en_sat")
    assert (cancelled.documento_id, cancelled.rfc, cancelled.total) == (
        ids["A-1"], "CACX7605101P8", D("1160.00"))  # fmt: skip
    (unpaid,) = report.of("ppd_sin_pago")
    assert "3,480.00 MXN" in unpaid.what_to_do

    # a Desvirtuado issuer does not count; Presunto/Definitivo do
    csv_path = list_69b(tmp_path / "Listado_Completo_69-B.csv", "Desvirtuado")
    assert main(["recibidos", "importar-69b", str(csv_path)], ctx) == 0
    assert "3 contribuyentes" in capsys.readouterr().out
    assert reconcile(ctx).of("emisor_69b") == ()
    summary = import_69b(ctx, list_69b(csv_path, "Definitivo"))
    assert (summary.contribuyentes, summary.definitivos) == (3, 2)
    report = reconcile(ctx)
    assert report.list_69b_at == NOW
    flagged = report.of("emisor_69b")
    assert len(flagged) == 2
    assert {d.rfc for d in flagged} == {"CACX7605101P8"}
    assert all("«Definitivo»" in d.what_to_do and d.recibido_id for d in flagged)

    assert main(["recibidos", "conciliar", "--json"], ctx) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["tipo"] for line in lines] == [
        "falta_aqui", "cancelado_en_sat", "vigente_en_sat", "ppd_sin_pago", "emisor_69b",
        "emisor_69b"]  # fmt: skip
    assert main(["recibidos", "conciliar"], ctx) == 1
    out = capsys.readouterr().out
    assert "Timbrados en el SAT que no están aquí (1):" in out
    assert "Facturas PPD sin complemento de pago (1):" in out

    # the stamping pass recovers A-5's stamp from the PAC: that difference is gone
    sync_once(ctx.engine, stamper, empresa_id=company.id, now=STAMPED_AT)
    assert reconcile(ctx).of("falta_aqui") == ()


def test_a_file_that_is_not_the_69b_list_changes_nothing(ctx, company, tmp_path):
    good = list_69b(tmp_path / "lista.csv", "Presunto")
    import_69b(ctx, good)
    before = (tmp_path / "lista_69b.json").read_bytes()
    bad = tmp_path / "otra.csv"
    bad.write_text("a,b,c\n1,2,3\n", encoding="latin-1")
    with pytest.raises(FacturadorError) as refused:
        import_69b(ctx, bad)
    assert "no parece el Listado completo 69-B" in refused.value.message
    with pytest.raises(FacturadorError) as missing:
        import_69b(ctx, tmp_path / "no-existe.csv")
    assert missing.value.message.startswith("No se pudo leer el archivo no-existe.csv")
    assert (tmp_path / "lista_69b.json").read_bytes() == before


def test_nothing_to_reconcile(ctx, capsys):
    assert reconcile(ctx).differences == ()
    assert main(["recibidos", "conciliar"], ctx) == 0
    assert "0 diferencias con el SAT." in capsys.readouterr().err
