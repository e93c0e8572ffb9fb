"""Credentials against SAT's public test files in shared/sat/csd (see its README, section 3).

Their origin: eclipxe13/CfdiUtils (EKU9003173C9 CSD), lunasoft/SW-sdk-NetStandard
(CACX7605101P8), phpcfdi/finkok (EKU9003173C9 FIEL) and SAT-CFDI/python-satcfdi
(XIA190128J61, expired). Dates are pinned: the valid CSDs expire in May 2027.
"""

import base64
import os
from dataclasses import FrozenInstanceError
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from facturador.sat.credentials import Certificate, Credential
from facturador.sat.errors import (
    CertificateNotValidNowError,
    CredentialError,
    KeyCertificateMismatchError,
    NotACertificateError,
    NotACsdError,
    NotAPrivateKeyError,
    UnencryptedKeyError,
    WrongPasswordError,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
PASSWORD = "12345678a"


class Files:
    def __init__(self, folder: Path) -> None:
        self.cer = (folder / "certificate.cer").read_bytes()
        self.key = (folder / "private_key.key").read_bytes()
        self.password = (folder / "password.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def csd(shared_sat) -> dict[str, Files]:
    root = shared_sat / "csd"
    return {
        "eku": Files(root / "csd_EKU9003173C9"),
        "cacx": Files(root / "csd_CACX7605101P8"),
        "fiel": Files(root / "fiel_EKU9003173C9"),
        "xia": Files(root / "csd_XIA190128J61_expired"),
    }


@pytest.fixture(scope="module")
def eku(csd) -> Credential:
    files = csd["eku"]
    return Credential.load(files.cer, files.key, files.password, now=NOW)


def test_valid_csd_loads_with_its_facts(eku):
    cert = eku.certificate
    assert cert.no_certificado == "30001000000500003416"
    assert cert.rfc == "EKU9003173C9"
    assert cert.nombre == "ESCUELA KEMPER URGATE SA DE CV"
    assert cert.sucursal == "Sucursal 1"
    assert cert.is_csd
    assert cert.valid_from == datetime(2023, 5, 18, 11, 43, 51, tzinfo=UTC)
    assert cert.valid_until == datetime(2027, 5, 18, 11, 43, 51, tzinfo=UTC)
    assert cert.is_valid_at(NOW)
    assert not cert.is_valid_at(datetime(2027, 5, 19, tzinfo=UTC))
    assert cert.public_key().key_size == 2048
    assert "EKU9003173C9" in repr(eku)


def test_password_test_file_matches_readme(csd):
    assert csd["eku"].password == PASSWORD


def test_base64_is_the_certificado_attribute_and_computed_once(eku, csd):
    cert = eku.certificate
    assert base64.b64decode(cert.base64) == csd["eku"].cer
    assert cert.base64 is cert.base64


def test_certificate_is_immutable(eku):
    with pytest.raises(FrozenInstanceError):
        eku.certificate.rfc = "XAXX010101000"  # type: ignore[misc]


def test_sign_verify_roundtrip_and_tampering(eku):
    data = b"||4.0|A|1|2025-01-01T00:00:00|...||"
    signature = eku.sign(data)
    assert len(signature) == 256
    assert eku.certificate.verify(data, signature)
    assert base64.b64decode(eku.sign_base64(data)) == signature  # PKCS#1 v1.5 is deterministic
    tampered = bytes([signature[0] ^ 1]) + signature[1:]
    assert not eku.certificate.verify(data, tampered)
    assert not eku.certificate.verify(data + b"x", signature)


def test_persona_fisica_csd(csd):
    files = csd["cacx"]
    credential = Credential.load(files.cer, files.key, files.password.encode(), now=NOW)
    cert = credential.certificate
    assert cert.rfc == "CACX7605101P8"
    assert cert.nombre == "XOCHILT CASAS CHAVEZ"
    assert cert.sucursal == "Sucirsa 1"
    assert cert.no_certificado == "30001000000500003316"
    assert cert.verify(b"abc", credential.sign(b"abc"))


def test_rfc_takes_the_first_of_rfc_and_representante(csd):
    # x500UniqueIdentifier is "XIA190128J61 / KAHO641101B39"
    assert Certificate.from_der(csd["xia"].cer).rfc == "XIA190128J61"


def test_wrong_password(csd):
    files = csd["eku"]
    with pytest.raises(WrongPasswordError) as caught:
        Credential.load(files.cer, files.key, "contraseña-ñ", now=NOW)
    assert caught.value.message.startswith("La contraseña de la llave privada no es correcta")
    assert "contraseña-ñ" not in str(caught.value) + repr(caught.value.args)


def test_key_of_another_certificate(csd):
    with pytest.raises(KeyCertificateMismatchError) as caught:
        Credential.load(csd["cacx"].cer, csd["eku"].key, PASSWORD, now=NOW)
    assert caught.value.message.startswith("El archivo .key no corresponde al certificado .cer")


def test_expired_csd(csd):
    files = csd["xia"]
    with pytest.raises(CertificateNotValidNowError) as caught:
        Credential.load(files.cer, files.key, files.password, now=NOW)
    error = caught.value
    assert error.expired
    assert error.message.startswith(
        "Certificado no válido o expirado: venció el 17/06/2023. Tramite un nuevo CSD"
    )
    assert "CertiSAT" in error.message


def test_not_yet_valid(csd):
    files = csd["eku"]
    before = datetime(2023, 5, 1, tzinfo=UTC)
    with pytest.raises(CertificateNotValidNowError) as caught:
        Credential.load(files.cer, files.key, files.password, now=before)
    assert not caught.value.expired
    assert "todavía no es válido" in caught.value.message
    assert "18/05/2023" in caught.value.message


def test_fiel_is_not_a_csd(csd):
    files = csd["fiel"]
    cert = Certificate.from_der(files.cer)
    assert not cert.is_csd
    assert cert.sucursal is None
    with pytest.raises(NotACsdError) as caught:
        Credential.load(files.cer, files.key, files.password, now=NOW)
    assert caught.value.rfc == "EKU9003173C9"
    assert caught.value.message.startswith(
        "Este certificado es de e.firma (FIEL), no un Certificado de Sello Digital."
    )
    fiel = Credential.load(files.cer, files.key, files.password, now=NOW, require_csd=False)
    assert fiel.certificate.verify(b"x", fiel.sign(b"x"))


def test_garbage_and_xml_are_not_certificates(csd, shared_sat):
    xml = (shared_sat / "samples" / "cfdi40_ingreso_iva16_timbrado.xml").read_bytes()
    for cer in (os.urandom(512), xml, b"", csd["eku"].key, b"MIIB"):
        with pytest.raises(NotACertificateError) as caught:
            Credential.load(cer, csd["eku"].key, PASSWORD, now=NOW)
        assert "no es un certificado" in caught.value.message


def test_a_cer_given_as_key(csd):
    with pytest.raises(NotAPrivateKeyError) as caught:
        Credential.load(csd["eku"].cer, csd["eku"].cer, PASSWORD, now=NOW)
    assert "no es una llave privada" in caught.value.message
    with pytest.raises(NotAPrivateKeyError):
        Credential.load(csd["eku"].cer, b"-----BEGIN PRIVATE KEY-----\nxx\n", "", now=NOW)


def test_order_of_checks_certificate_before_key(csd):
    with pytest.raises(NotACertificateError):
        Credential.load(b"nope", b"nope", "bad", now=NOW)
    with pytest.raises(NotAPrivateKeyError):
        Credential.load(csd["xia"].cer, b"nope", "bad", now=NOW)
    with pytest.raises(WrongPasswordError):  # before the mismatch
        Credential.load(csd["cacx"].cer, csd["eku"].key, "bad", now=NOW)
    with pytest.raises(KeyCertificateMismatchError):  # before FIEL and expiry
        Credential.load(csd["fiel"].cer, csd["xia"].key, PASSWORD, now=NOW)
    with pytest.raises(NotACsdError):  # before validity
        Credential.load(
            csd["fiel"].cer, csd["fiel"].key, PASSWORD, now=datetime(2030, 1, 1, tzinfo=UTC)
        )


def test_pem_forms_load(csd):
    files = csd["eku"]
    pem = b"-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(files.cer)
    pem += b"-----END CERTIFICATE-----\n"
    assert Certificate.from_pem(pem).no_certificado == "30001000000500003416"
    assert Certificate.from_bytes(pem) == Certificate.from_der(files.cer)
    bare = base64.b64encode(files.cer)
    assert Certificate.from_bytes(bare).rfc == "EKU9003173C9"
    with pytest.raises(NotACertificateError):
        Certificate.from_pem(b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")


def test_pem_keys_encrypted_or_not(csd, eku):
    files = csd["eku"]
    key = serialization.load_der_private_key(files.key, PASSWORD.encode())
    plain = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    assert Credential.load(files.cer, plain, "ignored", now=NOW).sign(b"a") == eku.sign(b"a")
    secret = "contraseña ñandú"
    encrypted = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(secret.encode()),
    )
    assert Credential.load(files.cer, encrypted, secret, now=NOW).certificate.rfc == "EKU9003173C9"
    with pytest.raises(WrongPasswordError):
        Credential.load(files.cer, encrypted, "contrasena nandu", now=NOW)


def test_latin1_password_is_tried_for_non_ascii(csd):
    files = csd["eku"]
    key = serialization.load_der_private_key(files.key, PASSWORD.encode())
    secret = "año1234"
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(secret.encode("latin-1")),
    )
    assert Credential.load(files.cer, der, secret, now=NOW).certificate.is_csd


def test_a_non_rsa_key_is_not_usable(csd):
    other = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    with pytest.raises(NotAPrivateKeyError):
        Credential.load(csd["eku"].cer, other, "", now=NOW)


def test_naive_validity_dates_are_refused(eku):
    cert = eku.certificate
    with pytest.raises(ValueError, match="timezone-aware"):
        Certificate(
            der=cert.der,
            no_certificado=cert.no_certificado,
            rfc=cert.rfc,
            nombre=cert.nombre,
            sucursal=cert.sucursal,
            valid_from=datetime(2023, 1, 1),
            valid_until=cert.valid_until,
            is_csd=True,
        )


def test_every_credential_error_has_a_spanish_message():
    class Unknown(CredentialError):
        pass

    assert "no se pueden usar para sellar" in Unknown().message


def _self_signed(subject: list[x509.NameAttribute], key, *, key_usage: bool) -> bytes:
    name = x509.Name(subject)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(0x3330303031303030303030353030303039393939)
        .not_valid_before(datetime(2025, 1, 1, tzinfo=UTC))
        .not_valid_after(datetime(2029, 1, 1, tzinfo=UTC))
    )
    if key_usage:
        usage = x509.KeyUsage(True, True, False, False, False, False, False, False, False)
        builder = builder.add_extension(usage, critical=True)
    return builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)


RFC_ATTRIBUTE = x509.NameAttribute(x509.ObjectIdentifier("2.5.4.45"), "AAA010101AAA")


@pytest.fixture(scope="module")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def test_without_key_usage_a_branch_name_means_csd(rsa_key):
    cn = x509.NameAttribute(NameOID.COMMON_NAME, "PRUEBA SA")
    ou = x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Matriz")
    with_ou = Certificate.from_der(_self_signed([cn, RFC_ATTRIBUTE, ou], rsa_key, key_usage=False))
    assert with_ou.is_csd
    assert with_ou.nombre == "PRUEBA SA"  # CN when there is no O
    assert with_ou.no_certificado == "30001000000500009999"
    without = Certificate.from_der(_self_signed([cn, RFC_ATTRIBUTE], rsa_key, key_usage=False))
    assert not without.is_csd
    assert Certificate.from_der(_self_signed([cn, RFC_ATTRIBUTE], rsa_key, key_usage=True)).is_csd


def test_certificate_without_rfc_or_rsa_is_refused(rsa_key):
    cn = x509.NameAttribute(NameOID.COMMON_NAME, "SIN RFC")
    with pytest.raises(NotACertificateError):
        Certificate.from_der(_self_signed([cn], rsa_key, key_usage=True))
    ec_key = ec.generate_private_key(ec.SECP256R1())
    with pytest.raises(NotACertificateError):
        Certificate.from_der(_self_signed([cn, RFC_ATTRIBUTE], ec_key, key_usage=True))


def test_password_outside_latin1_is_just_wrong(csd):
    with pytest.raises(WrongPasswordError):
        Credential.load(csd["eku"].cer, csd["eku"].key, "contra€ña", now=NOW)


def test_a_key_without_password_is_refused_where_it_would_be_kept(csd):
    files = csd["eku"]
    key = serialization.load_der_private_key(files.key, PASSWORD.encode())
    for encoding in (serialization.Encoding.PEM, serialization.Encoding.DER):
        plain = key.private_bytes(
            encoding, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        with pytest.raises(UnencryptedKeyError) as caught:
            Credential.load(files.cer, plain, PASSWORD, now=NOW, require_encrypted_key=True)
        assert "no está protegida con contraseña" in caught.value.message
    kept = Credential.load(files.cer, files.key, PASSWORD, now=NOW, require_encrypted_key=True)
    assert kept.certificate.rfc == "EKU9003173C9"
