"""The CSD password goes to a real Secret Service (gnome-keyring) and nowhere else."""

import contextlib
import logging
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import keyring.errors
import pytest

from facturador.models import write_session
from facturador.services import companies, settings
from facturador.services.secrets import SERVICE, KeyringSecretStore

pytestmark = pytest.mark.keyring

CSD = "csd_EKU9003173C9"
SECRET_KEY = "csd:EKU9003173C9:30001000000500003416"


@pytest.fixture
def keyring_backend(secret_service, monkeypatch):
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", secret_service)
    from keyring.backends.SecretService import Keyring

    backend = Keyring()
    yield backend
    with contextlib.suppress(keyring.errors.PasswordDeleteError):
        backend.delete_password(SERVICE, SECRET_KEY)


def _files_containing(root: Path, needle: bytes) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


def test_install_csd_keeps_the_password_only_in_the_keyring(
    keyring_backend, shared_sat, caplog, capfd
):
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)  # SQL and its parameters
    folder = shared_sat / "csd" / CSD
    password = (folder / "password.txt").read_text().strip()
    engine = settings.open_engine()
    try:
        with write_session(engine) as session:
            empresa = companies.add_company(
                session,
                rfc="EKU9003173C9",
                nombre="ESCUELA KEMPER URGATE",
                regimen_fiscal="601",
                lugar_expedicion="42501",
            )
            companies.install_csd(
                session,
                empresa.id,
                (folder / "certificate.cer").read_bytes(),
                (folder / "private_key.key").read_bytes(),
                password,
                KeyringSecretStore(keyring_backend),
                datetime(2026, 11, 25, tzinfo=UTC),
            )
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    data_dir = settings.data_dir()
    assert (data_dir / "facturador.sqlite3").exists()
    assert _files_containing(data_dir, password.encode()) == []
    assert _files_containing(data_dir, password.encode("utf-16-le")) == []
    assert "UPDATE empresa" in caplog.text  # the SQL log was captured...
    assert password not in caplog.text  # ...and never shows the password
    out, err = capfd.readouterr()
    assert password not in out + err
    # a new connection to the Secret Service gives it back
    from keyring.backends.SecretService import Keyring

    assert Keyring().get_password(SERVICE, SECRET_KEY) == password
    with write_session(engine) as session:
        empresa = companies.get_active_company(session)
        credential = companies.load_csd(empresa, KeyringSecretStore(Keyring()), datetime.now(UTC))
    assert credential.certificate.no_certificado == "30001000000500003416"
    engine.dispose()


def test_cli_installs_the_csd_with_the_password_on_stdin(keyring_backend, shared_sat, tmp_path):
    folder = shared_sat / "csd" / CSD
    password = (folder / "password.txt").read_text().strip()
    env = {
        **os.environ,
        "FACTURADOR_HOME": str(tmp_path / "datos"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring",
    }
    run = [sys.executable, "-m", "facturador", "--datos", str(tmp_path / "datos")]
    subprocess.run(
        [
            *run,
            "empresa",
            "agregar",
            "--rfc",
            "EKU9003173C9",
            "--nombre",
            "EKU",
            "--regimen",
            "601",
            "--cp",
            "42501",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    result = subprocess.run(
        [
            *run,
            "empresa",
            "certificado",
            "--cer",
            str(folder / "certificate.cer"),
            "--key",
            str(folder / "private_key.key"),
        ],
        check=False,
        env=env,
        input=password + "\n",
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "30001000000500003416" in result.stdout
    assert password not in result.stdout + result.stderr
    assert _files_containing(tmp_path / "datos", password.encode()) == []
    assert keyring_backend.get_password(SERVICE, SECRET_KEY) == password
