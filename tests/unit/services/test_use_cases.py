"""The use cases the window and the CLI share, on a real database (SQLite and PostgreSQL):
drafts, the one document query, the monthly ZIP export, series, the diagnostic report."""

from __future__ import annotations

import dataclasses
import zipfile

import pytest
from sqlmodel import col, select

from facturador.models import Documento, read_session, write_session
from facturador.models.states import DocumentState
from facturador.services import diagnostics, drafts, exports, folios, registry
from facturador.services.context import Context
from facturador.services.errors import ConfigError, FieldError, NotFoundError
from facturador.services.issuing import issue
from facturador.services.registry import DocumentFilter
from tests.unit.services.company_setup import NOW, PASSWORD, company_input


@pytest.fixture
def ctx(engine, company, secrets, tmp_path):
    return Context(engine, secrets, clock=lambda: NOW, data_dir_=tmp_path)


def _states(engine) -> list[str]:
    with read_session(engine) as session:
        return [d.state for d in session.exec(select(Documento).order_by(col(Documento.id)))]


# ---------------------------------------------------------------- drafts


def test_a_draft_keeps_the_form_takes_no_folio_and_goes_once_issued(ctx, engine):
    data = company_input()
    draft_id = drafts.save_draft(ctx, data)
    data["Receptor"]["Nombre"] = "XOCHILT CASAS CHAVEZ"
    assert drafts.save_draft(ctx, data, draft_id) == draft_id  # the same draft, updated
    shown = registry.detail(ctx, draft_id)
    assert shown.row.state == "BORRADOR"
    assert shown.row.folio is None
    assert shown.row.name == "Borrador"
    assert shown.input_data["Receptor"]["Nombre"] == "XOCHILT CASAS CHAVEZ"
    row = issue(ctx, data, draft_id=draft_id)
    assert row.folio == 1  # the draft burnt none
    assert _states(engine) == [DocumentState.EN_COLA]


def test_deleting_something_that_is_not_a_draft_changes_nothing(ctx, engine):
    row = issue(ctx, company_input())
    drafts.delete_draft(ctx, row.id)
    drafts.delete_draft(ctx, 999_999)
    assert _states(engine) == [DocumentState.EN_COLA]


# ---------------------------------------------------------------- the one document query


def test_registros_and_the_cli_filter_the_same_way(ctx):
    first = issue(ctx, company_input())
    other = company_input()
    other["Receptor"].update(Rfc="URE180429TM6", Nombre="UNIVERSIDAD ROBOTICA ESPAÑOLA")
    other["Receptor"].update(DomicilioFiscalReceptor="65000", RegimenFiscalReceptor="601")
    second = issue(ctx, other)
    everything = DocumentFilter()
    assert [r.id for r in registry.documents(ctx, everything)] == [second.id, first.id]
    assert registry.count(ctx, everything) == 2
    by_name = dataclasses.replace(everything, text="robótica española")  # accents, case
    assert [r.id for r in registry.documents(ctx, by_name)] == [second.id]
    by_folio = dataclasses.replace(everything, text=f"A-{first.folio}")
    assert [r.id for r in registry.documents(ctx, by_folio)] == [first.id]
    by_rfc = dataclasses.replace(everything, rfc_receptor=" ure180429tm6 ")
    assert registry.count(ctx, by_rfc) == 1
    assert registry.count(ctx, dataclasses.replace(everything, tipo="P")) == 0
    stamped = dataclasses.replace(everything, states=("TIMBRADO",))
    assert registry.documents(ctx, stamped) == []


def test_another_companys_document_is_not_found(ctx, engine):
    from facturador.services.companies import add_company, use_company

    row = issue(ctx, company_input())
    with write_session(engine) as session:
        add_company(
            session,
            rfc="CACX7605101P8",
            nombre="XOCHILT CASAS CHAVEZ",
            regimen_fiscal="612",
            lugar_expedicion="36257",
        )
        use_company(session, "CACX7605101P8")
    with pytest.raises(NotFoundError):
        registry.row(ctx, row.id)
    with pytest.raises(NotFoundError):
        registry.document_xml(ctx, row.id)
    assert registry.documents(ctx, DocumentFilter()) == []


# ---------------------------------------------------------------- monthly export


def test_the_monthly_export_holds_each_sealed_documents_xml_and_pdf(ctx, tmp_path):
    sealed = issue(ctx, company_input())
    drafts.save_draft(ctx, company_input())  # not exported: nothing sealed yet
    seen: list[tuple[int, int]] = []
    folder = tmp_path / "zips"
    paths = exports.export_months(ctx, DocumentFilter(), folder, lambda *p: seen.append(p))
    assert sealed.fecha is not None
    assert paths == [folder / f"CFDI_{sealed.fecha:%Y-%m}.zip"]
    stem = registry.file_stem(sealed)
    with zipfile.ZipFile(paths[0]) as archive:
        assert sorted(archive.namelist()) == [f"{stem}.pdf", f"{stem}.xml"]
        assert archive.read(f"{stem}.xml") == registry.document_xml(ctx, sealed.id)
        assert archive.read(f"{stem}.pdf").startswith(b"%PDF")
    assert seen == [(1, 1)]
    assert [p.name for p in folder.iterdir()] == [paths[0].name]  # no temporary file left


# ---------------------------------------------------------------- series


def test_a_serie_follows_the_rule_emission_uses(ctx, engine):
    assert folios.add_serie(ctx, " nc ", "E", 100).code == "NC"
    assert [(s.code, s.tipo, s.next_folio) for s in folios.series(ctx)] == [("NC", "E", 100)]
    with pytest.raises(ConfigError) as exists:
        folios.add_serie(ctx, "NC")
    assert exists.value.reason == "serie_exists"
    for bad, reason in (("A|B", "pipe"), ("X" * 26, "too_long")):
        with pytest.raises(FieldError) as refused:
            folios.add_serie(ctx, bad)
        assert refused.value.reason == reason
        data = company_input()
        data["Serie"] = bad
        with pytest.raises(FieldError) as at_emission:
            issue(ctx, data)
        assert at_emission.value.reason == reason
    with pytest.raises(ConfigError):
        folios.add_serie(ctx, "  ")
    with pytest.raises(ConfigError):
        folios.add_serie(ctx, "B", first_folio=0)
    assert _states(engine) == []  # nothing was sealed by the refused series


# ---------------------------------------------------------------- support


def test_the_diagnostic_report_says_facts_and_no_secret(ctx, secrets):
    issue(ctx, company_input())
    report = diagnostics.diagnostic_report(ctx, {"Qt": "6.8"})
    lines = dict(line.split(": ", 1) for line in report.splitlines())
    assert lines["Empresa (RFC)"] == "EKU9003173C9"
    assert lines["Cola"] == "1 en cola, 0 enviándose, 0 rechazados"
    assert lines["Qt"] == "6.8"
    assert lines["Fecha del informe"] == NOW.isoformat(timespec="seconds")
    assert PASSWORD not in report
    assert "BEGIN" not in report
