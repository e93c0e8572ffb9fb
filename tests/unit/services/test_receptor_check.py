"""The receptor pre-flight: what the client's Constancia says, checked before sealing."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from facturador.cli import main
from facturador.models import Documento, read_session
from facturador.services import csf_import, receptor_check
from facturador.services.context import Context
from facturador.services.directory import client_data, clients, save_client
from facturador.services.preview import preview
from tests.unit.services import csf_pdfs
from tests.unit.services.company_setup import BASE_INPUT, company_input

NOW = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)


@pytest.fixture
def ctx(engine, company, secrets, tmp_path):
    return Context(engine, secrets, clock=lambda: NOW, data_dir_=tmp_path)


def _imported(ctx):
    pdf = csf_pdfs.pdf_from_lines(csf_pdfs.moral_lines())
    return csf_import.save_import(ctx, csf_import.import_csf(ctx, pdf))


def _invoice_to(client, **receptor):
    data = copy.deepcopy(BASE_INPUT)  # what the form describes: with its Emisor
    data.pop("Folio")
    data["Receptor"] = {
        "Rfc": client.rfc,
        "Nombre": client.nombre,
        "DomicilioFiscalReceptor": client.domicilio_fiscal_receptor,
        "RegimenFiscalReceptor": client.regimen_fiscal_receptor,
        "UsoCFDI": client.uso_cfdi,
        **receptor,
    }
    return data


def test_import_records_the_constancia_and_its_date(ctx):
    saved = _imported(ctx)
    assert (saved.origen, saved.origen_fecha) == ("constancia", date(2022, 2, 10))
    assert saved.constancia is not None
    assert (saved.constancia.nombre, saved.constancia.regimenes) == ("MI EMPRESA", ("601",))
    assert saved.constancia.codigo_postal == saved.domicilio_fiscal_receptor
    assert receptor_check.origin_text(saved) == "Verificado con la Constancia del 10/02/2022"
    assert receptor_check.origin_column(saved) == "CSF"
    found = preview(_invoice_to(saved), NOW, saved)
    assert found.ok
    assert found.warnings == ()


def test_a_name_edited_away_from_the_constancia_is_flagged_before_sealing(ctx):
    saved = _imported(ctx)
    edited = save_client(
        ctx,
        client_data(
            rfc=saved.rfc,
            nombre="MI EMPRESA SA DE CV",
            regimen_fiscal_receptor=saved.regimen_fiscal_receptor,
            domicilio_fiscal_receptor=saved.domicilio_fiscal_receptor,
            uso_cfdi=saved.uso_cfdi,
        ),
        saved.id,
    )
    assert edited.origen == "capturado"  # typed now: no longer what the Constancia says
    assert edited.constancia is not None
    assert edited.constancia.nombre == "MI EMPRESA"
    found = preview(_invoice_to(edited), NOW, edited)
    assert not found.ok
    assert (
        "/cfdi:Comprobante/cfdi:Receptor/@Nombre",
        "La Constancia dice «MI EMPRESA»; el SAT rechaza «MI EMPRESA SA DE CV» (CFDI40145). "
        "Use el nombre tal como lo registra el SAT.",
    ) in found.findings
    # back to SAT's name: verified again
    again = save_client(
        ctx,
        client_data(
            rfc=saved.rfc,
            nombre="MI EMPRESA",
            regimen_fiscal_receptor=saved.regimen_fiscal_receptor,
            domicilio_fiscal_receptor=saved.domicilio_fiscal_receptor,
            uso_cfdi=saved.uso_cfdi,
        ),
        saved.id,
    )
    assert (again.origen, again.origen_fecha) == ("constancia", date(2022, 2, 10))


def test_cp_and_regimen_outside_the_constancia_are_findings(ctx):
    saved = _imported(ctx)
    found = preview(
        _invoice_to(saved, DomicilioFiscalReceptor="42501", RegimenFiscalReceptor="603"),
        NOW,
        saved,
    )
    messages = dict(found.findings)
    cp = messages["/cfdi:Comprobante/cfdi:Receptor/@DomicilioFiscalReceptor"]
    assert f"La Constancia dice C.P. {saved.domicilio_fiscal_receptor}" in cp
    assert "CFDI40147" in cp
    regimen = messages["/cfdi:Comprobante/cfdi:Receptor/@RegimenFiscalReceptor"]
    assert "registra 601; el SAT rechaza el régimen 603 (CFDI40158)" in regimen


def test_a_typed_client_gets_a_gentle_prompt_never_a_block(ctx):
    typed = save_client(
        ctx,
        client_data(
            rfc="CACX7605101P8",
            nombre="Xochilt Casas Chavez",
            regimen_fiscal_receptor="612",
            domicilio_fiscal_receptor="36257",
            uso_cfdi="G03",
        ),
    )
    assert (typed.origen, typed.origen_fecha, typed.constancia) == ("capturado", None, None)
    found = preview(_invoice_to(typed), NOW, typed)
    assert found.ok  # warnings only
    texts = [m for _r, m in found.warnings]
    assert any("importe su Constancia" in t for t in texts)
    assert any("«XOCHILT CASAS CHAVEZ»" in t for t in texts)


def test_regimen_capital_in_a_typed_name_is_warned(ctx):
    typed = save_client(
        ctx,
        client_data(
            rfc="DIM8701081LA",
            nombre="MI EMPRESA S.A. DE C.V.",
            regimen_fiscal_receptor="601",
            domicilio_fiscal_receptor="06300",
            uso_cfdi="G03",
        ),
    )
    found = preview(_invoice_to(typed), NOW, typed)
    assert any(
        "escriba «MI EMPRESA» sin «S.A. DE C.V.» (CFDI40145)" in m for _r, m in found.warnings
    )


def test_generic_receptor_filled_for_the_user():
    data = {"TipoDeComprobante": "I", "Receptor": {"Rfc": "XAXX010101000"}}
    completed, filled = receptor_check.complete_generic(data, NOW, "42501")
    assert filled
    assert completed["Receptor"] == {
        "Rfc": "XAXX010101000",
        "Nombre": "PUBLICO EN GENERAL",
        "RegimenFiscalReceptor": "616",
        "UsoCFDI": "S01",
        "DomicilioFiscalReceptor": "42501",
    }
    assert completed["InformacionGlobal"] == {"Periodicidad": "04", "Meses": "11", "Año": "2026"}
    foreign = {"Receptor": {"Rfc": "XEXX010101000", "Nombre": "ACME INC", "UsoCFDI": "S01"}}
    completed, _ = receptor_check.complete_generic(foreign, NOW, "42501")
    assert completed["Receptor"]["RegimenFiscalReceptor"] == "616"
    assert completed["Receptor"]["DomicilioFiscalReceptor"] == "42501"
    assert "InformacionGlobal" not in completed


def _emitir(ctx, tmp_path, data, capsys):
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code = main(["emitir", str(path)], context=ctx)
    return code, capsys.readouterr()


def test_emitir_refuses_a_receptor_the_constancia_contradicts(ctx, tmp_path, capsys):
    saved = _imported(ctx)
    code, out = _emitir(ctx, tmp_path, _invoice_to(saved, Nombre="MI EMPRESA SA DE CV"), capsys)
    assert code != 0
    assert "La Constancia dice «MI EMPRESA»; el SAT rechaza «MI EMPRESA SA DE CV»" in (
        out.out + out.err
    )
    with read_session(ctx.engine) as session:
        assert session.exec(select(Documento)).all() == []  # nothing sealed, no folio taken
    code, out = _emitir(ctx, tmp_path, _invoice_to(saved), capsys)
    assert code == 0, out
    assert "A-1" in out.out or "folio 1" in out.out


def test_emitir_fills_the_publico_en_general(ctx, tmp_path, capsys):
    data = company_input()
    data.pop("Receptor")
    data["Receptor"] = {"Rfc": "XAXX010101000"}
    code, out = _emitir(ctx, tmp_path, data, capsys)
    assert code == 0, out
    assert "RFC genérico XAXX010101000: se completaron" in out.err
    with read_session(ctx.engine) as session:
        doc = session.exec(select(Documento)).one()
    assert b'Nombre="PUBLICO EN GENERAL"' in doc.sealed_xml
    assert b'<cfdi:InformacionGlobal Periodicidad="04"' in doc.sealed_xml  # this month
    assert [c.rfc for c in clients(ctx)] == []  # the generic receptor needs no client
