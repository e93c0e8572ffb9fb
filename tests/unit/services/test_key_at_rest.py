"""No private key lies unencrypted in the database or a backup: a key without password
is refused by `certificado instalar` (CLI) and by the CSD form's service (GUI) alike,
before anything is stored."""

import sqlite3

import pytest
from cryptography.hazmat.primitives import serialization

from facturador.cli import main
from facturador.sat.errors import UnencryptedKeyError
from facturador.services import company_setup, settings
from facturador.services.backups import create_backup
from facturador.services.context import Context
from facturador.services.secrets import MemorySecretStore
from tests.unit.services.company_setup import PASSWORD

ENCODINGS = {"pem": serialization.Encoding.PEM, "der": serialization.Encoding.DER}


@pytest.fixture
def eku(csd_dir):
    return csd_dir / "csd_EKU9003173C9"


def _plain_key(eku, tmp_path, encoding):
    key = serialization.load_der_private_key(
        (eku / "private_key.key").read_bytes(), PASSWORD.encode()
    )
    plain = key.private_bytes(
        ENCODINGS[encoding], serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path = tmp_path / f"llave.{encoding}"
    path.write_bytes(plain)
    return path


def _stored_keys(database):
    with sqlite3.connect(database) as db:
        return [row[0] for row in db.execute("SELECT llave_cifrada FROM empresa")]


def _loads_without_password(key):
    loader = (
        serialization.load_pem_private_key
        if key.lstrip().startswith(b"-----BEGIN")
        else serialization.load_der_private_key
    )
    try:
        loader(key, password=None)
    except TypeError:  # "Password was not given but private key is encrypted"
        return False
    return True


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("encoding", ["pem", "der"])
def test_cli_refuses_a_key_without_password(capsys, monkeypatch, eku, tmp_path, encoding):
    from facturador.services import secrets

    store = MemorySecretStore()
    monkeypatch.setattr(secrets, "KeyringSecretStore", lambda: store)
    password = tmp_path / "password.txt"
    password.write_text(PASSWORD, encoding="utf-8")
    _run(capsys, "empresa", "agregar", "--rfc", "EKU9003173C9", "--nombre", "E",
         "--regimen", "601", "--cp", "42501")  # fmt: skip
    code, out, err = _run(
        capsys, "certificado", "instalar", "--cer", str(eku / "certificate.cer"),
        "--key", str(_plain_key(eku, tmp_path, encoding)), "--password-file", str(password),
    )  # fmt: skip
    assert code == 1
    assert "La contraseña quedó" not in out
    assert err.startswith("Error: La llave privada no está protegida con contraseña")
    assert err.count("\n") == 1
    assert _stored_keys(settings.database_path()) == [None]
    assert store.get("facturador", "csd:EKU9003173C9:30001000000500003416") is None

    code, _, err = _run(
        capsys, "certificado", "instalar", "--cer", str(eku / "certificate.cer"),
        "--key", str(eku / "private_key.key"), "--password-file", str(password),
    )  # fmt: skip
    assert code == 0, err
    backup = create_backup()
    for database in (settings.database_path(), backup):
        [key] = _stored_keys(database)
        assert key is not None
        assert not _loads_without_password(key)


def test_csd_form_service_refuses_a_key_without_password(eku, tmp_path):
    services = Context(secrets_=MemorySecretStore())
    company_setup.create_company(
        services, rfc="EKU9003173C9", nombre="E", regimen_fiscal="601", lugar_expedicion="42501"
    )
    cer = (eku / "certificate.cer").read_bytes()
    with pytest.raises(UnencryptedKeyError) as caught:
        company_setup.install_csd(
            services, cer, _plain_key(eku, tmp_path, "pem").read_bytes(), PASSWORD
        )
    assert "no guarda llaves sin cifrar" in caught.value.message
    assert _stored_keys(settings.database_path()) == [None]
    company_setup.install_csd(services, cer, (eku / "private_key.key").read_bytes(), PASSWORD)
    assert [_loads_without_password(k) for k in _stored_keys(settings.database_path())] == [False]
