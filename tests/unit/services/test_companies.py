from datetime import UTC, datetime

import pytest
from sqlmodel import select

from facturador.models import Empresa, read_session, write_session
from facturador.sat.errors import (
    CertificateNotValidNowError,
    NotACsdError,
    WrongPasswordError,
)
from facturador.services.companies import (
    add_company,
    get_active_company,
    install_csd,
    list_companies,
    load_csd,
    use_company,
)
from facturador.services.errors import (
    CsdRfcMismatchError,
    DuplicateError,
    FieldError,
    NoActiveCompanyError,
    NotFoundError,
    SecretNotFoundError,
)
from facturador.services.secrets import SERVICE, MemorySecretStore

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _files(csd_dir, folder):
    base = csd_dir / folder
    password = (base / "password.txt").read_text().strip()
    return (
        (base / "certificate.cer").read_bytes(),
        (base / "private_key.key").read_bytes(),
        password,
    )


def _add_eku(session):
    return add_company(
        session,
        rfc="eku9003173c9",
        nombre="ESCUELA KEMPER URGATE",
        regimen_fiscal="601",
        lugar_expedicion="42501",
    )


def test_add_list_and_choose_the_active_company(engine):
    with write_session(engine) as session:
        with pytest.raises(NoActiveCompanyError) as caught:
            get_active_company(session)
        assert "empresa agregar" in caught.value.message
        eku = _add_eku(session)
        assert eku.active
        assert eku.rfc == "EKU9003173C9"
        cacx = add_company(
            session,
            rfc="CACX7605101P8",
            nombre="XOCHILT CASAS CHAVEZ",
            regimen_fiscal="612",
            lugar_expedicion="36257",
        )
        assert not cacx.active
        with pytest.raises(DuplicateError):
            _add_eku(session)
        use_company(session, "cacx7605101p8")
        with pytest.raises(NotFoundError):
            use_company(session, "AAA010101AAA")
    with read_session(engine) as session:
        assert [(e.rfc, e.active) for e in list_companies(session)] == [
            ("CACX7605101P8", True),
            ("EKU9003173C9", False),
        ]
        assert get_active_company(session).rfc == "CACX7605101P8"


@pytest.mark.parametrize(
    ("regimen", "cp", "field"),
    [
        ("612", "42501", "regimen_fiscal"),
        ("601", "00001", "lugar_expedicion"),
        ("1", "42501", "regimen_fiscal"),
    ],
)
def test_company_fields_are_checked(engine, regimen, cp, field):
    with write_session(engine) as session, pytest.raises(FieldError) as caught:
        add_company(
            session, rfc="EKU9003173C9", nombre="E", regimen_fiscal=regimen, lugar_expedicion=cp
        )
    assert caught.value.field == field


def test_install_csd_keeps_bytes_in_db_and_password_only_in_secrets(engine, csd_dir):
    cer, key, password = _files(csd_dir, "csd_EKU9003173C9")
    secrets = MemorySecretStore()
    with write_session(engine) as session:
        empresa_id = _add_eku(session).id
        install_csd(session, empresa_id, cer, key, password, secrets, NOW)
    with read_session(engine) as session:
        empresa = session.exec(select(Empresa)).one()
        assert empresa.llave_cifrada == key  # exactly as SAT issued it (still encrypted)
        assert empresa.certificado_der == cer
        assert empresa.no_certificado == "30001000000500003416"
        assert empresa.valid_until == datetime(2027, 5, 18, 11, 43, 51, tzinfo=UTC)
        row_values = [getattr(empresa, name) for name in Empresa.model_fields]
    assert secrets.get(SERVICE, "csd:EKU9003173C9:30001000000500003416") == password
    assert not any(
        password in str(value) or password.encode() in (value if isinstance(value, bytes) else b"")
        for value in row_values
    )
    credential = load_csd(empresa, secrets, NOW)
    assert credential.certificate.rfc == "EKU9003173C9"
    with pytest.raises(SecretNotFoundError) as caught:
        load_csd(empresa, MemorySecretStore(), NOW)
    assert "30001000000500003416" in caught.value.message


@pytest.mark.parametrize(
    ("folder", "password", "error"),
    [
        ("csd_CACX7605101P8", None, CsdRfcMismatchError),
        ("fiel_EKU9003173C9", None, NotACsdError),
        ("csd_EKU9003173C9", "incorrecta", WrongPasswordError),
    ],
)
def test_install_csd_refuses_what_cannot_seal_for_this_company(
    engine, csd_dir, folder, password, error
):
    cer, key, right_password = _files(csd_dir, folder)
    secrets = MemorySecretStore()
    with write_session(engine) as session:
        empresa_id = _add_eku(session).id
        with pytest.raises(error) as caught:
            install_csd(session, empresa_id, cer, key, password or right_password, secrets, NOW)
        session.rollback()
    assert caught.value.message
    if error is CsdRfcMismatchError:
        assert "CACX7605101P8" in caught.value.message
        assert "EKU9003173C9" in caught.value.message
    assert secrets.get(SERVICE, "csd:EKU9003173C9:30001000000500003416") is None
    with read_session(engine) as session:
        assert session.exec(select(Empresa)).one().llave_cifrada is None


def test_install_csd_refuses_an_expired_certificate(engine, csd_dir):
    cer, key, password = _files(csd_dir, "csd_XIA190128J61_expired")
    with write_session(engine) as session:
        empresa = add_company(
            session,
            rfc="XIA190128J61",
            nombre="XENON INDUSTRIAL ARTICLES",
            regimen_fiscal="601",
            lugar_expedicion="42501",
        )
        with pytest.raises(CertificateNotValidNowError):
            install_csd(session, empresa.id, cer, key, password, MemorySecretStore(), NOW)
