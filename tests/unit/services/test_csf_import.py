"""Importing a Constancia de Situación Fiscal: PDFs built on SAT's real layout."""

import json
from datetime import UTC, date, datetime

import pytest

from facturador.sat.errors import CsfError
from facturador.services import csf_import
from facturador.services.context import Context
from tests.unit.services import csf_pdfs

NOW = datetime(2026, 10, 12, 18, 0, tzinfo=UTC)
QR_URL = (
    "https://siat.sat.gob.mx/app/qr/faces/pages/mobile/validadorqr.jsf"
    "?D1=10&D2=1&D3=12345678_DIM8701081LA"
)


@pytest.fixture
def ctx(engine, company, secrets, tmp_path):
    return Context(engine, secrets, clock=lambda: NOW, data_dir_=tmp_path)


def test_persona_fisica_with_two_regimenes(ctx):
    result = csf_import.import_csf(ctx, csf_pdfs.pdf_from_lines(csf_pdfs.fisica_lines()))
    c = result.constancia
    assert (c.rfc, c.id_cif, c.curp) == ("PELJ8501153M2", "12345678", "PELJ850115HDFRPN09")
    assert (c.nombres, c.primer_apellido, c.segundo_apellido) == ("JUAN", "PÉREZ", "LÓPEZ")
    assert c.nombre == "JUAN PÉREZ LÓPEZ"
    assert (c.codigo_postal, c.colonia, c.estatus) == ("72030", "MI COLONIA", "ACTIVO")
    assert c.fecha_emision == date(2022, 2, 10)
    assert [(r.clave, r.fecha_inicio, r.fecha_fin) for r in c.regimenes] == [
        ("605", date(2018, 1, 1), None),
        ("621", date(2014, 1, 1), date(2021, 12, 31)),
        ("626", date(2022, 2, 9), None),
    ]
    data = result.cliente
    assert (data.rfc, data.nombre, data.domicilio_fiscal_receptor) == (
        "PELJ8501153M2",
        "JUAN PÉREZ LÓPEZ",
        "72030",
    )
    assert data.regimen_fiscal_receptor == "605"
    assert any("varios regímenes vigentes" in w and "626" in w for w in result.warnings)
    assert not any("621 " in w for w in result.warnings)  # ended in 2021: not offered


def test_persona_moral_name_without_regimen_capital(ctx):
    result = csf_import.import_csf(ctx, csf_pdfs.pdf_from_lines(csf_pdfs.moral_lines()))
    c = result.constancia
    assert (c.rfc, c.nombre, c.razon_social) == ("DIM8701081LA", "MI EMPRESA", "MI EMPRESA")
    assert c.regimen_capital == "SOCIEDAD ANONIMA DE CAPITAL VARIABLE"
    assert (c.estatus, c.usable) == ("REACTIVADO", True)
    assert (c.municipio, c.entidad_federativa) == ("SAN JUAN", "CIUDAD DE MEXICO")
    assert [(r.clave, r.descripcion) for r in c.regimenes] == [
        ("601", "Régimen General de Ley Personas Morales")
    ]
    assert (result.cliente.regimen_fiscal_receptor, result.cliente.uso_cfdi) == ("601", "G03")
    assert result.warnings == ()
    assert result.existing_client_id is None


def test_localidad_instead_of_colonia_and_suspended(ctx):
    result = csf_import.import_csf(ctx, csf_pdfs.pdf_from_lines(csf_pdfs.localidad_lines()))
    c = result.constancia
    assert (c.colonia, c.localidad, c.municipio) == ("", "TUXTLA CHICO", "TAPACHULA")
    assert c.entidad_federativa == "CHIAPAS"
    assert (c.estatus, c.usable) == ("SUSPENDIDO", False)
    assert any("SUSPENDIDO en el padrón" in w for w in result.warnings)


def test_scanned_csf_reads_its_qr(ctx):
    result = csf_import.import_csf(ctx, csf_pdfs.scanned_pdf(QR_URL))
    assert (result.constancia.rfc, result.constancia.id_cif) == ("DIM8701081LA", "12345678")
    assert result.constancia.from_qr
    assert any("código QR" in w for w in result.warnings)


def test_save_creates_then_updates_the_client(ctx):
    from facturador.services.directory import clients

    pdf = csf_pdfs.pdf_from_lines(csf_pdfs.moral_lines())
    created = csf_import.save_import(ctx, csf_import.import_csf(ctx, pdf))
    again = csf_import.import_csf(ctx, pdf)
    assert again.existing_client_id == created.id
    assert any("se actualizarán" in w for w in again.warnings)
    csf_import.save_import(ctx, again)
    assert [(c.rfc, c.nombre) for c in clients(ctx, "DIM8701081LA")] == [
        ("DIM8701081LA", "MI EMPRESA")
    ]


@pytest.mark.parametrize(
    ("pdf", "expected"),
    [
        (b"this is not a pdf", "no es un PDF válido o está dañado"),
        (b"%PDF-1.7\n garbage", "no es un PDF válido o está dañado"),
        ("csf-without-cif.pdf", "no trae el idCIF"),
        ("csf-without-rfc.pdf", "no trae el RFC"),
    ],
)
def test_bad_input_gets_a_spanish_error(ctx, pdf, expected):
    if isinstance(pdf, str):
        pdf = (csf_pdfs.SHARED_CSF / pdf).read_bytes()
    with pytest.raises(CsfError) as caught:
        csf_import.import_csf(ctx, pdf)
    assert expected in caught.value.message


def test_not_a_csf_and_minimal_csf():
    from facturador.sat.csf import parse_csf

    bad = (csf_pdfs.SHARED_CSF / "csf-bad-content.txt").read_text(encoding="utf-8")
    with pytest.raises(CsfError) as caught:
        parse_csf(bad)
    assert caught.value.message.startswith("El archivo no es una Constancia de Situación Fiscal")
    minimal = csf_import.read_csf_pdf(
        (csf_pdfs.SHARED_CSF / "csf-correct-but-invalid.pdf").read_bytes()
    )
    assert (minimal.rfc, minimal.id_cif) == ("AAA010101AAA", "12345678901")
    assert minimal.missing == ("nombre", "codigo_postal", "regimenes", "estatus")


def test_encrypted_pdf(ctx, tmp_path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "locked.pdf"
    canvas = Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("secreto", canPrint=0))
    canvas.drawString(40, 700, "idCIF: 12345678 RFC: DIM8701081LA")
    canvas.save()
    with pytest.raises(CsfError) as caught:
        csf_import.import_csf(ctx, path.read_bytes())
    assert "protegido con contraseña" in caught.value.message


def test_image_without_qr(ctx, tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "foto.pdf"
    canvas = Canvas(str(path))
    canvas.rect(40, 400, 300, 200, fill=1)  # a picture, no text, no QR
    canvas.save()
    with pytest.raises(CsfError) as caught:
        csf_import.import_csf(ctx, path.read_bytes())
    assert "no se encontró en él un código QR legible" in caught.value.message


def test_cli_importar_csf(ctx, tmp_path, capsys):
    from facturador.cli import main

    path = tmp_path / "csf.pdf"
    path.write_bytes(csf_pdfs.pdf_from_lines(csf_pdfs.fisica_lines()))
    assert main(["cliente", "importar-csf", str(path)], context=ctx) == 0
    out = capsys.readouterr().out
    assert "Constancia de Situación Fiscal del 10/02/2022 (idCIF 12345678)" in out
    assert "JUAN PÉREZ LÓPEZ" in out
    assert "605 Régimen de Sueldos" in out
    assert main(["cliente", "importar-csf", str(path), "--json", "--guardar"], context=ctx) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["cliente"]["regimen_fiscal_receptor"] == "605"
    assert data["constancia"]["fecha_emision"] == "2022-02-10"
    assert data["guardado"] is not None
    assert main(["cliente", "buscar", "PELJ8501153M2"], context=ctx) == 0
    assert "JUAN PÉREZ LÓPEZ" in capsys.readouterr().out
