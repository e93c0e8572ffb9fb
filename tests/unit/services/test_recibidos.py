"""The inbox of received CFDIs: import folders and ZIPs without the SAT, list, detail, XLSX."""

from __future__ import annotations

import json
import zipfile

import pytest

from facturador.cli import main
from facturador.services.context import Context
from facturador.services.recibidos import (
    RecibidoFilter,
    import_sources,
    list_recibidos,
    recibido_detail,
    recibido_pdf,
    recibido_xml,
    write_xlsx,
)
from tests.unit.services.recibidos_corpus import (
    NOW,
    STAMPED_AT,
    stamped_33,
    stamped_invoices,
    write_corpus,
)


@pytest.fixture
def ctx(engine, company, secrets, tmp_path):
    return Context(engine, secrets, clock=lambda: NOW, data_dir_=tmp_path)


def test_a_folder_of_1000_files_imports_every_good_one_once_and_names_every_bad_one(
    ctx, tmp_path, capsys
):
    corpus = write_corpus(tmp_path / "recibidos", 1000)
    assert corpus.files == 1000
    assert main(["recibidos", "importar", "--json", str(tmp_path / "recibidos")], ctx) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 1000
    by_result: dict[str, list[dict]] = {}
    for line in lines:
        by_result.setdefault(line["resultado"], []).append(line)
    assert len(by_result["importado"]) == len(corpus.good)
    assert {d["uuid"] for d in by_result["importado"]} == set(corpus.good)
    assert sorted(d["archivo"].rsplit("/", 1)[1] for d in by_result["duplicado"]) == sorted(
        corpus.duplicates
    )
    assert sorted(d["archivo"].rsplit("/", 1)[1] for d in by_result["error"]) == sorted(corpus.bad)
    assert all(d["mensaje"] for d in by_result["error"] + by_result["duplicado"])

    assert main(["recibidos", "listar", "--json"], ctx) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(listed) == len(corpus.good)
    assert len({d["uuid"] for d in listed}) == len(listed)
    versions = {v: sum(1 for d in listed if d["version"] == v) for v in ("4.0", "3.3")}
    assert versions == corpus.versions
    keys = {"uuid", "version", "tipo", "fecha", "rfc_emisor", "rfc_receptor", "total", "moneda",
            "valido", "estado_sat", "origen"}  # fmt: skip
    assert keys <= set(listed[0])
    assert all(d["estado_sat"] is None and d["origen"] == "importado" for d in listed)
    assert all(d["valido"] and d["errores"] == "" for d in listed)  # each passes validar

    # importing the same folder again: everything good is a duplicate, nothing stored twice
    assert main(["recibidos", "importar", "--json", str(tmp_path / "recibidos")], ctx) == 1
    again = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert not [d for d in again if d["resultado"] == "importado"]
    assert len(list_recibidos(ctx)) == len(corpus.good)


def test_a_zip_in_memory_as_a_download_hands_it_over(ctx, tmp_path):
    from facturador.pac.sandbox import SandboxStamper

    docs = stamped_invoices(3, SandboxStamper(clock=lambda: STAMPED_AT))
    package = tmp_path / "p.zip"
    with zipfile.ZipFile(package, "w") as z:
        for i, d in enumerate(docs):
            z.writestr(f"{i}.xml", d)
        z.writestr("roto.xml", b"<cfdi:Comprobante")
    summary = import_sources(ctx, [("ABC_01.zip", package.read_bytes())], origen="descarga")
    assert (summary.importados, summary.errores) == (3, 1)
    assert [o.archivo for o in summary.outcomes][-1] == "ABC_01.zip:roto.xml"
    rows = list_recibidos(ctx)
    assert {r.origen for r in rows} == {"descarga"}
    assert {r.direccion for r in rows} == {"recibido"}
    assert {recibido_xml(ctx, r.id) for r in rows} == set(docs)  # byte-exact


def test_sat_defect_is_cleaned_only_to_read_and_the_original_is_kept(ctx, tmp_path):
    from facturador.pac.sandbox import SandboxStamper
    from tests.unit.services.recibidos_corpus import with_sat_defect

    data = with_sat_defect(stamped_invoices(1, SandboxStamper(clock=lambda: STAMPED_AT))[0])
    (tmp_path / "sat.xml").write_bytes(data)
    summary = import_sources(ctx, [tmp_path / "sat.xml"])
    assert summary.importados == 1
    (row,) = list_recibidos(ctx)
    assert row.valido
    assert recibido_xml(ctx, row.id) == data
    detail = recibido_detail(ctx, row.id)
    assert "LIMPIEZA01" in [f.codigo for f in detail.avisos]
    assert recibido_pdf(ctx, row.id).startswith(b"%PDF")


def test_filters_and_the_xlsx_of_the_filtered_list(ctx, tmp_path):
    from datetime import date

    from openpyxl import load_workbook

    from facturador.pac.sandbox import SandboxStamper

    stamper = SandboxStamper(clock=lambda: STAMPED_AT)
    for i, d in enumerate(stamped_invoices(2, stamper) + stamped_33(2)):
        (tmp_path / f"{i}.xml").write_bytes(d)
    import_sources(ctx, [tmp_path])
    assert len(list_recibidos(ctx, RecibidoFilter(desde=date(2026, 1, 1)))) == 2
    assert len(list_recibidos(ctx, RecibidoFilter(hasta=date(2023, 12, 31)))) == 2
    assert len(list_recibidos(ctx, RecibidoFilter(rfc="cacx7605101p8"))) == 4
    assert len(list_recibidos(ctx, RecibidoFilter(texto="xochilt"))) == 4
    assert list_recibidos(ctx, RecibidoFilter(rfc="XAXX010101000")) == []
    assert len(list_recibidos(ctx, RecibidoFilter(estado_sat="pendiente"))) == 4
    assert list_recibidos(ctx, RecibidoFilter(valido=False)) == []
    three = next(r for r in list_recibidos(ctx) if r.version == "3.3")
    from facturador.sat.errors import FacturadorError

    with pytest.raises(FacturadorError) as refused:
        recibido_pdf(ctx, three.id)
    assert refused.value.message.startswith("El CFDI 3.3 solo se puede consultar")
    out = tmp_path / "recibidos.xlsx"
    assert write_xlsx(ctx, RecibidoFilter(desde=date(2026, 1, 1)), out) == 2
    sheet = load_workbook(out).active
    assert sheet["A1"].value == "UUID"
    assert sheet.max_row == 3
    assert sheet["F2"].value == "CACX7605101P8"


def test_bad_paths_are_reported_by_name_and_the_rest_imported(ctx, tmp_path, capsys):
    from facturador.pac.sandbox import SandboxStamper

    good = tmp_path / "bueno.xml"
    good.write_bytes(stamped_invoices(1, SandboxStamper(clock=lambda: STAMPED_AT))[0])
    missing = tmp_path / "no_existe.xml"
    assert main(["recibidos", "importar", str(missing), str(good)], ctx) == 1
    captured = capsys.readouterr()
    assert f"{missing}: no se importó: " in captured.out
    assert f"{good}: importado " in captured.out
    assert "1 importados, 0 duplicados, 1 con error." in captured.err


def test_hostile_values_are_refused_by_name_and_the_rest_imported(ctx, tmp_path):
    from facturador.pac.sandbox import SandboxStamper
    from tests.unit.services.recibidos_corpus import with_new_uuid

    good, other, third = stamped_invoices(3, SandboxStamper(clock=lambda: STAMPED_AT))
    total = other[other.index(b' Total="') + 8 : other.index(b'"', other.index(b' Total="') + 8)]
    (tmp_path / "a_bueno.xml").write_bytes(good)
    (tmp_path / "b_total.xml").write_bytes(
        other.replace(b' Total="' + total, b' Total="' + b"9" * 31, 1)
    )
    (tmp_path / "c_uuid.xml").write_bytes(with_new_uuid(third, "x" * 500))
    summary = import_sources(ctx, [tmp_path])
    assert [(o.archivo.rsplit("/", 1)[1], o.resultado) for o in summary.outcomes] == [
        ("a_bueno.xml", "importado"),
        ("b_total.xml", "error"),
        ("c_uuid.xml", "error"),
    ]
    assert "es mayor que el de cualquier CFDI posible" in summary.outcomes[1].mensaje
    assert "no es un folio fiscal válido" in summary.outcomes[2].mensaje
    assert len(list_recibidos(ctx)) == 1


def test_between_two_of_the_companies_each_gets_its_side(ctx, tmp_path):
    from facturador.models.engine import write_session
    from facturador.models.tables import Empresa
    from facturador.pac.sandbox import SandboxStamper

    with write_session(ctx.engine) as session:
        session.add(Empresa(rfc="CACX7605101P8", nombre="XOCHILT CASAS CHAVEZ",
                            regimen_fiscal="612", lugar_expedicion="36257"))  # fmt: skip
        session.commit()
    (tmp_path / "f.xml").write_bytes(
        stamped_invoices(1, SandboxStamper(clock=lambda: STAMPED_AT))[0]
    )
    summary = import_sources(ctx, [tmp_path / "f.xml"])
    assert sorted((o.rfc_empresa, o.direccion) for o in summary.outcomes) == [
        ("CACX7605101P8", "emitido"),
        ("EKU9003173C9", "recibido"),
    ]
    (row,) = list_recibidos(ctx)  # the active company's side only
    assert (row.direccion, row.rfc_receptor) == ("recibido", "EKU9003173C9")


def test_a_progress_line_on_a_terminal(ctx, tmp_path, capsys, monkeypatch):
    import sys

    from facturador.pac.sandbox import SandboxStamper

    docs = stamped_invoices(2, SandboxStamper(clock=lambda: STAMPED_AT))
    for i in range(30):
        (tmp_path / f"{i:02d}.xml").write_bytes(docs[i % 2])
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["recibidos", "importar", str(tmp_path)], ctx) == 0  # duplicates are no error
    err = capsys.readouterr().err
    assert "\r25/30 leídos" in err
    assert "30/30 leídos" in err
    assert "2 importados, 28 duplicados, 0 con error." in err


def test_the_guis_page_is_the_newest_and_says_how_many_pass(ctx, tmp_path):
    from facturador.pac.sandbox import SandboxStamper
    from facturador.services.recibidos import inbox_page

    for i, d in enumerate(stamped_invoices(3, SandboxStamper(clock=lambda: STAMPED_AT))):
        (tmp_path / f"{i}.xml").write_bytes(d)
    import_sources(ctx, [tmp_path])
    page = inbox_page(ctx, None, 2)
    assert (len(page.rows), page.total) == (2, 3)
    assert page.rows == list_recibidos(ctx)[:2]
    assert inbox_page(ctx, RecibidoFilter(rfc="XAXX010101000"), 2).total == 0
