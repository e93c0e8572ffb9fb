"""`facturador emitir` as a new user meets it: the README's example, no keyring, many files."""

from __future__ import annotations

import io
import json
import shutil

import pytest

from facturador.cli import main
from facturador.services import secrets
from facturador.services.errors import SecretStoreUnavailableError
from tests.conftest import REPO
from tests.unit.services.company_setup import company_input
from tests.unit.test_cli_bad_inputs import CliCompany

README_EXAMPLE = REPO / "tests" / "unit" / "sat" / "golden" / "ingreso_iva16.json"


@pytest.fixture
def cli_company(shared_sat, capsys):
    return CliCompany(shared_sat, capsys)


def test_the_readme_example_is_emitted_on_a_fresh_data_dir(cli_company):
    code, out, err = cli_company.run("emitir", str(README_EXAMPLE), *cli_company.password)
    assert (code, err) == (0, "")
    assert out.startswith("Emitido A-1 por 1160.00 MXN")


def test_a_stated_folio_that_is_not_the_next_one_is_refused_with_the_one_assigned(cli_company):
    assert cli_company.run("emitir", str(README_EXAMPLE), *cli_company.password)[0] == 0
    code, _, err = cli_company.run("emitir", str(README_EXAMPLE), *cli_company.password)
    assert code == 1
    assert err == (
        "Error: Folio: se indicó «1», pero el folio que se asignaría en la serie A es 2. "
        "Omita Folio en el JSON para que se asigne solo.\n"
    )
    assert [r["folio"] for r in cli_company.registros()] == [1]


@pytest.mark.parametrize("argv", [("emitir", str(README_EXAMPLE))], ids=["emitir"])
def test_without_keyring_and_nothing_typed_it_says_no_password_is_stored(
    cli_company, monkeypatch, argv
):
    def no_keyring():
        raise SecretStoreUnavailableError("keyring.backends.fail")

    monkeypatch.setattr(secrets, "KeyringSecretStore", no_keyring)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal, nothing on it
    code, _, err = cli_company.run(*argv)
    assert code == 1
    assert err.startswith("Error: No hay una contraseña guardada para el CSD")
    assert "--password-file" in err
    assert "no es correcta" not in err
    assert err.count("\n") == 1
    assert cli_company.registros() == []


@pytest.mark.parametrize(
    ("argv", "first_problem"),
    [
        (("pago", str(README_EXAMPLE)), "TipoDeComprobante P"),
        (("sustituir", "AAAAAAAA-AAAA-AAAA-AAAA-AAAAAAAAAAAA", str(README_EXAMPLE)), "AAAAAAAA"),
    ],
    ids=["pago", "sustituir"],
)
def test_without_keyring_a_wrong_input_is_said_before_any_password_is_asked(
    cli_company, monkeypatch, argv, first_problem
):
    def no_keyring():
        raise SecretStoreUnavailableError("keyring.backends.fail")

    monkeypatch.setattr(secrets, "KeyringSecretStore", no_keyring)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal, nothing on it
    code, _, err = cli_company.run(*argv)
    assert code == 1
    assert err.startswith("Error: ")
    assert first_problem in err
    assert "contraseña" not in err
    assert err.count("\n") == 1
    assert cli_company.registros() == []


def _write(path, data):
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_many_files_and_a_folder_in_one_process_a_bad_one_stops_nothing(cli_company, tmp_path):
    folder = tmp_path / "lote"
    folder.mkdir()
    _write(folder / "a.json", company_input())
    bad = company_input()
    bad["Receptor"]["Rfc"] = "CACX-760510-1P8"
    _write(folder / "b.json", bad)
    _write(folder / "c.json", company_input())
    (folder / "notas.txt").write_text("no es un comprobante", encoding="utf-8")
    suelto = _write(tmp_path / "d.json", company_input())

    code, out, _ = cli_company.run(
        "emitir", str(folder), str(suelto), "--json", *cli_company.password
    )
    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(line["archivo"].rsplit("/", 1)[-1], line.get("folio")) for line in lines] == [
        ("a.json", 1),
        ("b.json", None),
        ("c.json", 2),
        ("d.json", 3),
    ]
    assert lines[1]["error"].startswith("Receptor.Rfc: ")
    assert sorted(r["folio"] for r in cli_company.registros()) == [1, 2, 3]


def test_many_files_plain_output_names_each_file_and_sums_up(cli_company, tmp_path):
    good = _write(tmp_path / "bueno.json", company_input())
    missing = tmp_path / "falta.json"
    code, out, err = cli_company.run("emitir", str(good), str(missing), *cli_company.password)
    assert code == 1
    assert out.splitlines() == [
        f"{good}: emitido A-1 por 1160.00 MXN, en cola.",
        "1 emitido(s), 1 con error, de 2 archivo(s).",
    ]
    assert err == f"{missing}: no se emitió. No se pudo leer «{missing}»: no existe.\n"


def test_all_good_files_exit_zero(cli_company, tmp_path):
    paths = [str(_write(tmp_path / f"{n}.json", company_input())) for n in range(3)]
    assert cli_company.run("emitir", *paths, *cli_company.password)[0] == 0
    assert len(cli_company.registros()) == 3


def test_an_empty_folder_is_refused(cli_company, tmp_path):
    empty = tmp_path / "vacia"
    empty.mkdir()
    code, _, err = cli_company.run("emitir", str(empty), *cli_company.password)
    assert code == 1
    assert "no contiene archivos .json" in err
    shutil.rmtree(empty)


@pytest.mark.parametrize(
    ("argv", "whose"),
    [
        (("pac", "configurar", "--proveedor", "finkok", "--ambiente", "pruebas"), "del PAC"),
        (("enviar", "--configurar", "--host", "smtp.example.com", "--usuario", "u"),
         "del correo (SMTP)"),
    ],
)  # fmt: skip
def test_configuring_a_password_without_keyring_says_it_needs_one(
    cli_company, monkeypatch, argv, whose
):
    def no_keyring():
        raise SecretStoreUnavailableError("keyring.backends.fail")

    monkeypatch.setattr(secrets, "KeyringSecretStore", no_keyring)
    monkeypatch.setattr("sys.stdin", io.StringIO("secreto\n"))
    code, _, err = cli_company.run(*argv)
    assert code == 1
    assert err.startswith("Error: No hay un llavero del sistema disponible")
    assert f"la contraseña {whose} solo se guarda ahí" in err
    assert "CSD" not in err


def test_a_null_serie_or_lugar_means_the_default(cli_company, tmp_path):
    data = company_input()
    data["Serie"] = None
    data["LugarExpedicion"] = None
    code, out, err = cli_company.run(
        "emitir", str(_write(tmp_path / "nulos.json", data)), *cli_company.password
    )
    assert (code, err) == (0, "")
    assert out.startswith("Emitido A-1 ")


def test_the_readme_flow_from_an_empty_data_dir(shared_sat, capsys, monkeypatch):
    """empresa agregar, certificado instalar (no keyring), emitir the README's example."""

    def no_keyring():
        raise SecretStoreUnavailableError("keyring.backends.fail")

    monkeypatch.setattr(secrets, "KeyringSecretStore", no_keyring)
    csd = shared_sat / "csd" / "csd_EKU9003173C9"

    def run(*argv):
        code = main(list(argv))
        return (code, *capsys.readouterr())

    assert run("empresa", "agregar", "--rfc", "EKU9003173C9", "--nombre",
               "ESCUELA KEMPER URGATE", "--regimen", "601", "--cp", "42501")[0] == 0  # fmt: skip
    monkeypatch.setattr("sys.stdin", io.StringIO("12345678a\n"))
    assert run("certificado", "instalar", "--cer", str(csd / "certificate.cer"),
               "--key", str(csd / "private_key.key"))[0] == 0  # fmt: skip
    code, out, err = run("emitir", str(README_EXAMPLE), "--password-file",
                         str(csd / "password.txt"))  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith("Emitido A-1 por 1160.00 MXN")
