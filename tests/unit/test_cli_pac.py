"""`facturador pac configurar|mostrar` and `facturador creditos`, in process, with an
in-memory keyring and the SW emulator on loopback for the balance."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from facturador.cli import main
from facturador.models.engine import read_session
from facturador.models.tables import Empresa
from facturador.pac.sandbox import SandboxStamper
from facturador.services import secrets as secrets_module
from facturador.services.pac_settings import backup_pac, last_credits
from facturador.services.secrets import SERVICE, MemorySecretStore
from facturador.services.settings import SETTINGS_FILE, data_dir, open_engine
from tests.pac_emulators import SwEmulator

RFC = "EKU9003173C9"


@pytest.fixture
def store(monkeypatch) -> MemorySecretStore:
    store = MemorySecretStore()
    monkeypatch.setattr(secrets_module, "KeyringSecretStore", lambda: store)
    return store


@pytest.fixture
def company(capsys):
    code = main(
        ["empresa", "agregar", "--rfc", RFC, "--nombre", "ESCUELA KEMPER URGATE",
         "--regimen", "601", "--cp", "42501"]
    )  # fmt: skip
    assert code == 0
    capsys.readouterr()


def _run(capsys, *argv: str, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _empresa() -> Empresa:
    with read_session(open_engine()) as session:
        return session.exec(select(Empresa).where(Empresa.rfc == RFC)).one()


def test_configure_finkok_with_a_sw_backup(capsys, store, company, tmp_path, monkeypatch):
    password = tmp_path / "pw.txt"
    password.write_text("s3creta\n")
    code, out, err = _run(
        capsys,
        "pac", "configurar", "--proveedor", "finkok", "--ambiente", "produccion",
        "--usuario", "yo@example.com", "--password-file", str(password),
        "--respaldo", "sw", "--respaldo-usuario", "sw@example.com",
        stdin="sw-secreta\n", monkeypatch=monkeypatch,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"PAC de {RFC}: Finkok, ambiente produccion."
    assert "llavero del sistema" in out
    assert "PAC de respaldo: SW Sapien, ambiente produccion." in out
    empresa = _empresa()
    assert (empresa.pac_provider, empresa.pac_environment, empresa.pac_url) == (
        "finkok",
        "produccion",
        None,
    )
    assert store.get(SERVICE, f"pac:finkok:{RFC}:username") == "yo@example.com"
    assert store.get(SERVICE, f"pac:finkok:{RFC}:password") == "s3creta"
    assert store.get(SERVICE, f"pac:sw:{RFC}:password") == "sw-secreta"
    assert backup_pac(RFC).provider == "sw"
    # Never a secret in the database or the settings file.
    settings = (data_dir() / SETTINGS_FILE).read_text()
    assert "secreta" not in settings
    assert "s3creta" not in repr(empresa.model_dump())
    code, out, _ = _run(capsys, "pac", "mostrar", "--json")
    assert json.loads(out)["respaldo"] == {"proveedor": "sw", "ambiente": "produccion", "url": None}


def test_configure_reads_passwords_from_stdin_and_keeps_them_when_empty(
    capsys, store, company, monkeypatch
):
    code, out, _ = _run(
        capsys, "pac", "configurar", "--proveedor", "finkok", "--ambiente", "pruebas",
        stdin="usuario\nclave\n", monkeypatch=monkeypatch,
    )  # fmt: skip
    assert code == 0
    assert store.get(SERVICE, f"pac:finkok:{RFC}:password") == "clave"
    code, out, _ = _run(
        capsys, "pac", "configurar", "--proveedor", "finkok", "--ambiente", "produccion",
        "--url", "https://facturacion.finkok.com", stdin="\n\n", monkeypatch=monkeypatch,
    )  # fmt: skip
    assert code == 0
    assert "(https://facturacion.finkok.com)" in out
    assert store.get(SERVICE, f"pac:finkok:{RFC}:password") == "clave"


def test_configure_without_credentials_is_refused_in_spanish(capsys, store, company, monkeypatch):
    code, _, err = _run(
        capsys, "pac", "configurar", "--proveedor", "sw", "--ambiente", "pruebas",
        stdin="", monkeypatch=monkeypatch,
    )  # fmt: skip
    assert code == 1
    assert err.startswith("Error: Faltan las credenciales de sw: usuario y contraseña, o token.")
    assert _empresa().pac_provider is None


def test_backup_cannot_be_the_same_provider(capsys, store, company, monkeypatch):
    code, _, err = _run(
        capsys, "pac", "configurar", "--proveedor", "sw", "--ambiente", "pruebas",
        "--usuario", "u", "--respaldo", "sw", stdin="p\nu2\np2\n", monkeypatch=monkeypatch,
    )  # fmt: skip
    assert code == 1
    assert "no puede ser el mismo proveedor" in err


def test_sw_token_and_sandbox(capsys, store, company, tmp_path):
    token = tmp_path / "token"
    token.write_text("T0K3N\n")
    code, _, _ = _run(
        capsys, "pac", "configurar", "--proveedor", "sw", "--ambiente", "pruebas",
        "--token-file", str(token),
    )  # fmt: skip
    assert code == 0
    assert store.get(SERVICE, f"pac:sw:{RFC}:token") == "T0K3N"
    code, out, _ = _run(
        capsys, "pac", "configurar", "--proveedor", "sandbox", "--ambiente", "pruebas"
    )
    assert code == 0
    assert "Modo de demostración" in out


def test_sandbox_for_a_real_company_needs_the_flag_and_erases_no_credentials(
    capsys, store, tmp_path, monkeypatch
):
    real = "CACX7605101P8"
    assert main(
        ["empresa", "agregar", "--rfc", real, "--nombre", "XOCHILT CASAS CHAVEZ",
         "--regimen", "612", "--cp", "36257"]
    ) == 0  # fmt: skip
    password = tmp_path / "pw.txt"
    password.write_text("s3creta\n")
    code, _, _ = _run(
        capsys, "pac", "configurar", "--proveedor", "finkok", "--ambiente", "produccion",
        "--usuario", "yo@example.com", "--password-file", str(password),
    )  # fmt: skip
    assert code == 0

    code, out, err = _run(
        capsys, "pac", "configurar", "--proveedor", "sandbox", "--ambiente", "pruebas"
    )
    assert (code, out) == (2, "")
    assert err.startswith(f"Error: La empresa {real} no es la de demostración")
    assert err.endswith("repita el comando con --acepto-sin-validez-fiscal.\n")
    assert len(err.splitlines()) == 1
    with read_session(open_engine()) as session:
        assert session.exec(select(Empresa).where(Empresa.rfc == real)).one().pac_provider == (
            "finkok"
        )

    code, out, _ = _run(
        capsys, "pac", "configurar", "--proveedor", "sandbox", "--ambiente", "pruebas",
        "--acepto-sin-validez-fiscal",
    )  # fmt: skip
    assert code == 0
    assert "Modo de demostración" in out
    assert store.get(SERVICE, f"pac:finkok:{real}:password") == "s3creta"
    code, out, _ = _run(
        capsys, "pac", "configurar", "--proveedor", "finkok", "--ambiente", "produccion",
        stdin="\n\n", monkeypatch=monkeypatch,
    )  # fmt: skip
    assert code == 0  # back to Finkok without typing the credentials again
    assert store.get(SERVICE, f"pac:finkok:{real}:username") == "yo@example.com"


# ---------------------------------------------------------------- creditos


@pytest.fixture
def sw():
    sandbox = SandboxStamper(credits=42)
    with SwEmulator(sandbox) as emulator:
        yield emulator


def test_creditos_from_sw_and_offline(capsys, store, company, sw, tmp_path):
    password = tmp_path / "pw"
    password.write_text("secreto")
    code = main(
        ["pac", "configurar", "--proveedor", "sw", "--ambiente", "pruebas",
         "--url", sw.url, "--usuario", "demo@example.com", "--password-file", str(password)]
    )  # fmt: skip
    assert code == 0
    capsys.readouterr()
    before = datetime.now(UTC)
    code, out, _ = _run(capsys, "creditos")
    assert code == 0
    assert out.startswith("sw: 42 timbre(s) disponible(s), 0 usado(s) (leído el ")
    reading = last_credits(RFC)
    assert reading.remaining == 42
    assert reading.read_at >= before
    code, out, _ = _run(capsys, "creditos", "--json")
    assert json.loads(out)["restantes"] == 42
    assert json.loads(out)["actual"] is True
    sw.stop()
    code, out, err = _run(capsys, "creditos")
    assert code == 1
    assert out.startswith("Última lectura de sw: 42 timbre(s) disponible(s)")
    assert err.startswith("No se pudo consultar el saldo: Error de conexión con el SAT")


def test_creditos_finkok_says_there_is_no_balance_service(capsys, store, company, tmp_path):
    password = tmp_path / "pw"
    password.write_text("secreto")
    main(
        ["pac", "configurar", "--proveedor", "finkok", "--ambiente", "pruebas",
         "--usuario", "u", "--password-file", str(password)]
    )  # fmt: skip
    capsys.readouterr()
    code, out, _ = _run(capsys, "creditos")
    assert code == 0
    assert out.startswith("Finkok no ofrece una consulta de saldo")
    assert "Sin folios disponibles" in out
    assert last_credits(RFC) is None
