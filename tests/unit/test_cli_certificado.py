import importlib.util
import json
from datetime import UTC, datetime

import pytest

import facturador.cli
from facturador.cli import certificado, main

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
REAL_NOW = certificado._now


def test_today_is_aware_utc():
    assert REAL_NOW().tzinfo is UTC


@pytest.fixture(autouse=True)
def _cli(monkeypatch):
    """Pin "today" (the test CSDs expire in May 2027) and skip command modules not yet written."""
    monkeypatch.setattr(certificado, "_now", lambda: NOW)
    present = tuple(m for m in facturador.cli.COMMAND_MODULES if importlib.util.find_spec(m))
    monkeypatch.setattr(facturador.cli, "COMMAND_MODULES", present)


@pytest.fixture
def csd(shared_sat):
    return shared_sat / "csd"


def _pair(csd, folder):
    return [
        str(csd / folder / "certificate.cer"),
        "--key",
        str(csd / folder / "private_key.key"),
        "--password-file",
        str(csd / folder / "password.txt"),
    ]


def test_shows_a_current_csd(csd, capsys):
    assert main(["certificado", str(csd / "csd_EKU9003173C9" / "certificate.cer")]) == 0
    out = capsys.readouterr().out
    assert "CSD (Certificado de Sello Digital)" in out
    assert "EKU9003173C9" in out
    assert "ESCUELA KEMPER URGATE SA DE CV" in out
    assert "Sucursal 1" in out
    assert "30001000000500003416" in out
    assert "18/05/2023" in out
    assert "18/05/2027" in out
    assert "Vigente hoy:    sí" in out


def test_with_key_it_can_seal(csd, capsys):
    assert main(["certificado", *_pair(csd, "csd_EKU9003173C9")]) == 0
    assert "Puede sellar:   sí" in capsys.readouterr().out


def test_ver_is_the_same_as_the_short_form(csd, capsys):
    assert main(["certificado", "ver", *_pair(csd, "csd_CACX7605101P8")]) == 0
    assert "Puede sellar:   sí" in capsys.readouterr().out


def test_json_output(csd, capsys):
    assert main(["certificado", *_pair(csd, "csd_EKU9003173C9"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == {
        "archivo": str(csd / "csd_EKU9003173C9" / "certificate.cer"),
        "tipo": "CSD",
        "rfc": "EKU9003173C9",
        "nombre": "ESCUELA KEMPER URGATE SA DE CV",
        "sucursal": "Sucursal 1",
        "no_certificado": "30001000000500003416",
        "valido_desde": "2023-05-18T11:43:51+00:00",
        "valido_hasta": "2027-05-18T11:43:51+00:00",
        "vigente": True,
        "puede_sellar": True,
        "error": None,
    }


def test_json_of_an_expired_csd_without_key(csd, capsys):
    cer = str(csd / "csd_XIA190128J61_expired" / "certificate.cer")
    assert main(["certificado", cer, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["vigente"] is False
    assert data["puede_sellar"] is None
    assert data["error"].startswith("Certificado no válido o expirado: venció el 17/06/2023.")


def test_fiel_cannot_seal(csd, capsys):
    assert main(["certificado", *_pair(csd, "fiel_EKU9003173C9")]) == 1
    out = capsys.readouterr().out
    assert "e.firma (FIEL)" in out
    assert "Puede sellar:   no. Este certificado es de e.firma (FIEL)" in out
    assert main(["certificado", *_pair(csd, "fiel_EKU9003173C9")[:1], "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["tipo"] == "FIEL"
    assert data["sucursal"] is None


def test_wrong_password_file(csd, tmp_path, capsys):
    password = tmp_path / "password.txt"
    password.write_text("no es\n", encoding="utf-8")
    args = [*_pair(csd, "csd_EKU9003173C9")[:-1], str(password), "--json"]
    assert main(["certificado", *args]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["puede_sellar"] is False
    assert data["error"].startswith("La contraseña de la llave privada no es correcta")


def test_latin1_password_file_is_read(csd, tmp_path, capsys):
    password = tmp_path / "password.txt"
    password.write_bytes("contraseña".encode("latin-1"))
    args = [*_pair(csd, "csd_EKU9003173C9")[:-1], str(password)]
    assert main(["certificado", *args]) == 1
    assert "contraseña de la llave" in capsys.readouterr().out


def test_not_a_certificate_is_one_spanish_line(shared_sat, capsys):
    xml = shared_sat / "samples" / "cfdi40_ingreso_iva16_timbrado.xml"
    assert main(["certificado", str(xml)]) == 1
    assert capsys.readouterr().err.startswith("Error: El archivo no es un certificado del SAT")


def test_missing_file(tmp_path, capsys):
    assert main(["certificado", str(tmp_path / "no.cer")]) == 1
    assert "No se pudo leer" in capsys.readouterr().err


def test_key_without_password_file(csd, capsys):
    cer = str(csd / "csd_EKU9003173C9" / "certificate.cer")
    with pytest.raises(SystemExit) as caught:
        main(["certificado", cer, "--key", cer])
    assert "--password-file" in str(caught.value.code)


def test_help_lists_the_short_form(capsys):
    with pytest.raises(SystemExit):
        main(["certificado", "--help"])
    out = capsys.readouterr().out
    assert "[ver] ARCHIVO.cer" in out
