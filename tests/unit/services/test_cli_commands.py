"""The empresa, cliente, producto and respaldo commands, in process (no keyring needed)."""

import json

import pytest

from facturador.cli import main


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_company_client_product_flow(capsys):
    assert _run(capsys, "cliente", "listar")[2].startswith("Error: No hay una empresa activa")
    code, out, _ = _run(
        capsys,
        "empresa",
        "agregar",
        "--rfc",
        "EKU9003173C9",
        "--nombre",
        "ESCUELA KEMPER URGATE",
        "--regimen",
        "601",
        "--cp",
        "42501",
    )
    assert (code, out) == (0, "Empresa EKU9003173C9 agregada (activa).\n")
    code, _, err = _run(
        capsys,
        "empresa",
        "agregar",
        "--rfc",
        "CACX7605101P8",
        "--nombre",
        "X",
        "--regimen",
        "601",
        "--cp",
        "42501",
    )
    assert code == 1
    assert err == "Error: RégimenFiscal: «601» no aplica a personas físicas.\n"
    code, out, _ = _run(capsys, "empresa", "listar", "--json")
    assert json.loads(out)[0]["activa"] is True
    assert _run(capsys, "empresa", "usar", "EKU9003173C9")[0] == 0

    assert (
        _run(
            capsys,
            "cliente",
            "agregar",
            "--rfc",
            "CACX7605101P8",
            "--nombre",
            "Xóchitl Casas",
            "--regimen",
            "612",
            "--cp",
            "36257",
            "--uso",
            "G03",
            "--email",
            "x@example.com",
        )[0]
        == 0
    )
    code, out, _ = _run(capsys, "cliente", "buscar", "xochitl", "--json")
    assert [c["rfc"] for c in json.loads(out)] == ["CACX7605101P8"]
    assert _run(capsys, "cliente", "buscar", "nadie")[:2] == (1, "Sin resultados.\n")
    code, _, err = _run(
        capsys,
        "cliente",
        "agregar",
        "--rfc",
        "XAXX010101000",
        "--nombre",
        "PG",
        "--regimen",
        "616",
        "--cp",
        "42501",
        "--uso",
        "G03",
    )
    assert code == 1
    assert "UsoCFDI" in err

    assert (
        _run(
            capsys,
            "producto",
            "agregar",
            "--clave-prod-serv",
            "01010101",
            "--clave-unidad",
            "H87",
            "--descripcion",
            "Café",
            "--valor-unitario",
            "10.50",
            "--iva",
            "0.160000",
        )[0]
        == 0
    )
    code, out, _ = _run(capsys, "producto", "listar", "--json")
    [producto] = json.loads(out)
    assert producto["valor_unitario"] == "10.50"
    assert producto["impuestos"]["Traslados"][0]["TasaOCuota"] == "0.160000"
    assert "Café" in _run(capsys, "producto", "buscar", "cafe")[1]
    code, _, err = _run(
        capsys,
        "producto",
        "agregar",
        "--clave-prod-serv",
        "1",
        "--clave-unidad",
        "H87",
        "--descripcion",
        "X",
        "--valor-unitario",
        "1",
    )
    assert code == 1
    assert err.startswith("Error: ClaveProdServ:")


def test_backup_and_restore_commands(capsys, tmp_path):
    _run(
        capsys,
        "empresa",
        "agregar",
        "--rfc",
        "EKU9003173C9",
        "--nombre",
        "ANTES",
        "--regimen",
        "601",
        "--cp",
        "42501",
    )
    code, out, _ = _run(capsys, "respaldo", "crear", "--destino", str(tmp_path / "r"))
    assert code == 0
    backup = out.strip().removeprefix("Respaldo creado: ")
    _run(
        capsys,
        "empresa",
        "agregar",
        "--rfc",
        "CACX7605101P8",
        "--nombre",
        "DESPUES",
        "--regimen",
        "612",
        "--cp",
        "36257",
    )
    assert _run(capsys, "respaldo", "restaurar", backup)[0] == 0
    rows = json.loads(_run(capsys, "empresa", "listar", "--json")[1])
    assert [r["nombre"] for r in rows] == ["ANTES"]


def test_backup_refused_for_postgresql(capsys, monkeypatch):
    monkeypatch.setenv("FACTURADOR_DB_URL", "postgresql://u@localhost:1/x")
    code, _, err = _run(capsys, "respaldo", "crear")
    assert code == 1
    assert "pg_dump" in err


@pytest.mark.parametrize("text", ["12345678a\n", "12345678a\r\n"])
def test_certificate_password_from_stdin_reaches_the_secret_store(
    capsys, monkeypatch, shared_sat, text
):
    import io

    from facturador.services import secrets

    store = secrets.MemorySecretStore()
    monkeypatch.setattr(secrets, "KeyringSecretStore", lambda: store)
    monkeypatch.setattr("sys.stdin", io.StringIO(text))
    folder = shared_sat / "csd" / "csd_EKU9003173C9"
    _run(
        capsys,
        "empresa",
        "agregar",
        "--rfc",
        "EKU9003173C9",
        "--nombre",
        "E",
        "--regimen",
        "601",
        "--cp",
        "42501",
    )
    code, out, err = _run(
        capsys,
        "empresa",
        "certificado",
        "--cer",
        str(folder / "certificate.cer"),
        "--key",
        str(folder / "private_key.key"),
    )
    assert code == 0, err
    assert "30001000000500003416" in out
    assert store.get("facturador", "csd:EKU9003173C9:30001000000500003416") == "12345678a"


def test_a_foreign_client_from_the_command_line(capsys):
    empresa = ("--rfc", "EKU9003173C9", "--nombre", "ESCUELA KEMPER URGATE")
    assert _run(capsys, "empresa", "agregar", *empresa, "--regimen", "601", "--cp", "42501")[0] == 0
    base = ("cliente", "agregar", "--rfc", "XEXX010101000", "--nombre", "ACME INC",
            "--regimen", "616", "--cp", "42501", "--uso", "S01")  # fmt: skip
    code, _, err = _run(capsys, *base, "--num-reg-id-trib", "123456789")
    assert code == 1
    assert err.startswith("Error: ResidenciaFiscal (país): es obligatoria cuando se registra")
    code, _, err = _run(capsys, *base, "--residencia-fiscal", "USA", "--num-reg-id-trib", "12-AB")
    assert (code, "Estados Unidos" in err) == (1, True)
    code, out, _ = _run(
        capsys, *base, "--residencia-fiscal", "usa", "--num-reg-id-trib", "123456789"
    )
    assert (code, out.startswith("Cliente XEXX010101000 ACME INC agregado")) == (0, True)
    (cliente,) = json.loads(_run(capsys, "cliente", "listar", "--json")[1])
    assert (cliente["residencia_fiscal"], cliente["num_reg_id_trib"]) == ("USA", "123456789")
