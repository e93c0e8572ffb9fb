"""Confirming a client at SAT's Constancia validation page, against a loopback emulator of
that page: SAT's own answers (shared/sat/csf), its "not found" page, garbage, errors and
timeouts; every failure in Spanish, the client unchanged."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from facturador.cli import main
from facturador.models.engine import open_database, sqlite_url
from facturador.pac.sat_csf_page import SatCsfPageError, parse_csf_page
from facturador.services import csf_import
from facturador.services.context import Context
from facturador.services.csf_verify import verify_client
from facturador.services.directory import client_data, clients, save_client
from facturador.services.secrets import MemorySecretStore
from tests.pac_emulators import FaultKind
from tests.pac_emulators.sat_csf import SHARED_CSF, SatCsfPageEmulator, page_for
from tests.unit.services import csf_pdfs
from tests.unit.services.company_setup import install_test_company

CSD_DIR = Path(__file__).resolve().parents[3] / "shared" / "sat" / "csd"
NOW = datetime(2026, 12, 2, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("scrap_moral.html", ("AAA010101AAA", "Mi razón social", "SA DE CV", "72055", "ACTIVO")),
        ("scrap_fisica.html", ("AAA010101AAAA", "JUAN PEREZ RODRIGUEZ", "", "72000", "ACTIVO")),
        ("scrap_moral_without_colonia.html",
         ("AAA010101AAA", "MI RAZON", "SA DE CV", "72030", "ACTIVO")),
        ("scrap_regimenes.html", ("AAA010101AAAA", "JUAN PEREZ RODRIGUEZ", "", "72000", "ACTIVO")),
    ],
)  # fmt: skip
def test_sat_pages_are_read(name, expected):
    page = parse_csf_page((SHARED_CSF / name).read_bytes())
    got = (page.rfc, page.nombre, page.regimen_capital, page.codigo_postal, page.situacion)
    assert got == expected


def test_sat_page_details():
    regimenes = parse_csf_page((SHARED_CSF / "scrap_regimenes.html").read_bytes()).regimenes
    assert regimenes == (
        ("Régimen de Sueldos y Salarios e Ingresos Asimilados a Salarios", date(2018, 1, 1)),
        ("Régimen Simplificado de Confianza", date(2022, 2, 9)),
    )
    sin_colonia = parse_csf_page((SHARED_CSF / "scrap_moral_without_colonia.html").read_bytes())
    assert (sin_colonia.colonia, sin_colonia.localidad) == ("", "30210010")
    fisica = parse_csf_page((SHARED_CSF / "scrap_fisica.html").read_bytes())
    assert (fisica.nombres, fisica.apellido_paterno, fisica.apellido_materno) == (
        "JUAN", "PEREZ", "RODRIGUEZ",
    )  # fmt: skip
    with pytest.raises(SatCsfPageError) as error:
        parse_csf_page((SHARED_CSF / "error.html").read_bytes())
    assert error.value.message.startswith("El SAT no encontró la Constancia")


@pytest.fixture
def setup(tmp_path, monkeypatch):
    secrets = MemorySecretStore()
    engine = open_database(sqlite_url(tmp_path / "db.sqlite3"))
    install_test_company(engine, CSD_DIR, secrets)
    ctx = Context(engine, secrets, clock=lambda: NOW, data_dir_=tmp_path)
    pdf = csf_pdfs.pdf_from_lines(csf_pdfs.moral_lines())
    result = csf_import.import_csf(ctx, pdf)
    imported = csf_import.save_import(ctx, result)
    with SatCsfPageEmulator() as emulator:
        monkeypatch.setenv("FACTURADOR_SAT_CSF_URL", emulator.page_url)
        key = f"{result.constancia.id_cif}_{imported.rfc}"
        yield ctx, emulator, imported, key
    engine.dispose()


def _only(ctx):
    [client] = clients(ctx, "DIM8701081LA")
    return client


def test_sat_confirms_the_client(setup, capsys):
    ctx, emulator, imported, key = setup
    emulator.pages[key] = page_for(imported.rfc, "MI EMPRESA", imported.domicilio_fiscal_receptor)
    assert main(["cliente", "verificar", "DIM8701081LA"], context=ctx) == 0
    out = capsys.readouterr().out
    assert "Confirmado en el SAT el 02/12/2026: MI EMPRESA" in out
    assert "régimen 601 (ACTIVO)" in out
    client = _only(ctx)
    assert (client.origen, client.origen_fecha) == ("sat", date(2026, 12, 2))
    assert client.constancia.nombre == "MI EMPRESA"
    assert "D3=" + key in emulator.requests[-1].path


def test_sat_has_other_data(setup, capsys):
    ctx, emulator, imported, key = setup
    emulator.pages[key] = page_for(imported.rfc, "MI EMPRESA NUEVA", "06600", "SUSPENDIDO")
    assert main(["cliente", "verificar", "DIM8701081LA", "--json"], context=ctx) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["confirmado"] is False
    assert out["situacion"] == "SUSPENDIDO"
    assert (
        "Nombre: el SAT tiene «MI EMPRESA NUEVA»; el cliente dice «MI EMPRESA»."
        in (out["diferencias"])
    )
    assert any(d.startswith("C.P.: el SAT tiene 06600") for d in out["diferencias"])
    client = _only(ctx)
    assert (client.nombre, client.origen) == ("MI EMPRESA", "capturado")  # fields unchanged
    assert client.constancia.nombre == "MI EMPRESA NUEVA"  # the pre-flight now knows


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        ("not_found", "El SAT no encontró la Constancia con ese RFC e idCIF"),
        ("garbage", "respondió algo que no es su validador de Constancias"),
        ("http500", "La página de validación del SAT no respondió (HTTP 500)"),
        ("timeout", "La página de validación del SAT no respondió"),
        ("malformed", "La página de validación del SAT"),
    ],
)
def test_failures_are_explained_and_change_nothing(setup, how, expected):
    ctx, emulator, imported, key = setup
    emulator.pages[key] = page_for(imported.rfc, "MI EMPRESA", imported.domicilio_fiscal_receptor)
    if how == "not_found":
        emulator.pages.clear()
    elif how == "garbage":
        emulator.garbage = b"<html><body><h1>Sitio en mantenimiento</h1></body></html>"
    else:
        kind = {"http500": FaultKind.HTTP_500, "timeout": FaultKind.TIMEOUT,
                "malformed": FaultKind.MALFORMED}[how]  # fmt: skip
        emulator.faults.script(kind)
    before = _only(ctx)
    with pytest.raises(SatCsfPageError) as error:
        verify_client(ctx, "DIM8701081LA", timeout=(1.0, 0.5))
    assert expected in error.value.message
    assert "los datos del cliente no se cambiaron" in error.value.message.lower() or (
        "sus datos no se cambiaron" in error.value.message
    )
    assert _only(ctx) == before


def test_a_typed_client_needs_its_constancia_first(setup, capsys):
    ctx, emulator, _imported, _key = setup
    save_client(
        ctx,
        client_data(
            rfc="CACX7605101P8", nombre="XOCHILT CASAS CHAVEZ", regimen_fiscal_receptor="612",
            domicilio_fiscal_receptor="36257", uso_cfdi="G03",
        ),
    )  # fmt: skip
    assert main(["cliente", "verificar", "CACX7605101P8"], context=ctx) != 0
    assert "se necesita el idCIF" in capsys.readouterr().err
    assert emulator.requests == []
