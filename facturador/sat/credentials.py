"""SAT certificates (.cer) and private keys (.key): reading them and sealing with them.

A `Certificate` is the public half (CSD or e.firma); a `Credential` is a certificate with
its decrypted private key, checked to be usable for sealing CFDI. SAT ships keys as
encrypted PKCS#8 DER; PEM is accepted as well. A key without password can seal a file
(`sellar`) but is refused where it would be kept (`require_encrypted_key`): SAT's CSD .key
is always encrypted, and no key may lie unencrypted in the database or its backups.

The password is only ever passed to `cryptography`; it is never logged, stored or put in
an exception.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.x509.oid import ExtensionOID, NameOID

from facturador.sat.errors import (
    CertificateNotValidNowError,
    KeyCertificateMismatchError,
    NotACertificateError,
    NotACsdError,
    NotAPrivateKeyError,
    UnencryptedKeyError,
    WrongPasswordError,
)

__all__ = ["Certificate", "Credential"]

_X500_UNIQUE_IDENTIFIER = x509.ObjectIdentifier("2.5.4.45")
_PEM_MARKER = b"-----BEGIN"
_DER_SEQUENCE = 0x30
_PKCS1V15 = padding.PKCS1v15()
_SHA256 = hashes.SHA256()
_SHA1 = hashes.SHA1()  # SAT's descarga masiva signs with RSA-SHA1


def _subject_value(name: x509.Name, oid: x509.ObjectIdentifier) -> str | None:
    attributes = name.get_attributes_for_oid(oid)
    if not attributes:
        return None
    value = attributes[0].value
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    return text.strip() or None


def _no_certificado(serial_number: int) -> str:
    """SAT's NoCertificado: the serial's hex digits are ASCII codes of 20 decimal digits."""
    raw = serial_number.to_bytes((serial_number.bit_length() + 7) // 8, "big")
    text = raw.decode("ascii", "replace")
    return text if text.isdigit() else format(serial_number, "x")


def _looks_like_fiel(cert: x509.Certificate) -> bool | None:
    """True for an e.firma, False for a CSD, None if the extensions do not tell.

    SAT's FIEL carries extended key usage (emailProtection, clientAuth) and key usage with
    dataEncipherment/keyAgreement; a CSD has digitalSignature + nonRepudiation only.
    """
    try:
        cert.extensions.get_extension_for_oid(ExtensionOID.EXTENDED_KEY_USAGE)
    except x509.ExtensionNotFound:
        pass
    else:
        return True
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return None
    return bool(usage.data_encipherment or usage.key_agreement)


def _parse_der(data: bytes) -> x509.Certificate:
    try:
        return x509.load_der_x509_certificate(data)
    except (ValueError, TypeError) as error:
        raise NotACertificateError("not a DER X.509 certificate") from error


@dataclass(frozen=True, slots=True, kw_only=True)
class Certificate:
    """A SAT certificate. Build it with `from_der`, `from_pem` or `from_bytes`."""

    der: bytes
    no_certificado: str
    rfc: str
    nombre: str
    sucursal: str | None
    valid_from: datetime
    valid_until: datetime
    is_csd: bool
    _x509: x509.Certificate = field(init=False, repr=False, compare=False)
    _base64: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.valid_from.tzinfo is None or self.valid_until.tzinfo is None:
            raise ValueError("certificate validity dates must be timezone-aware")
        cert = _parse_der(self.der)
        if not isinstance(cert.public_key(), rsa.RSAPublicKey):
            raise NotACertificateError("certificate key is not RSA")
        object.__setattr__(self, "_x509", cert)
        object.__setattr__(self, "_base64", base64.b64encode(self.der).decode("ascii"))

    @classmethod
    def from_der(cls, data: bytes) -> Certificate:
        """Read a DER certificate (SAT's .cer); `NotACertificateError` if it is not one."""
        cert = _parse_der(bytes(data))
        subject = cert.subject
        unique_id = _subject_value(subject, _X500_UNIQUE_IDENTIFIER)
        if unique_id is None:
            raise NotACertificateError("certificate subject has no RFC (x500UniqueIdentifier)")
        fiel = _looks_like_fiel(cert)
        sucursal = _subject_value(subject, NameOID.ORGANIZATIONAL_UNIT_NAME)
        return cls(
            der=bytes(data),
            no_certificado=_no_certificado(cert.serial_number),
            rfc=unique_id.split("/")[0].strip().upper(),
            nombre=(
                _subject_value(subject, NameOID.ORGANIZATION_NAME)
                or _subject_value(subject, NameOID.COMMON_NAME)
                or ""
            ),
            sucursal=sucursal,
            valid_from=cert.not_valid_before_utc,
            valid_until=cert.not_valid_after_utc,
            is_csd=(sucursal is not None) if fiel is None else not fiel,
        )

    @classmethod
    def from_pem(cls, data: bytes) -> Certificate:
        try:
            cert = x509.load_pem_x509_certificate(bytes(data))
        except (ValueError, TypeError) as error:
            raise NotACertificateError("not a PEM X.509 certificate") from error
        return cls.from_der(cert.public_bytes(serialization.Encoding.DER))

    @classmethod
    def from_bytes(cls, data: bytes) -> Certificate:
        """Read a certificate in DER, PEM or bare base64 (as in a CFDI's Certificado)."""
        data = bytes(data)
        stripped = data.strip()
        if stripped.startswith(_PEM_MARKER):
            return cls.from_pem(stripped)
        if data[:1] == bytes([_DER_SEQUENCE]):
            return cls.from_der(data)
        try:
            der = base64.b64decode(b"".join(stripped.split()), validate=True)
        except (binascii.Error, ValueError) as error:
            raise NotACertificateError("neither DER, PEM nor base64") from error
        return cls.from_der(der)

    @property
    def base64(self) -> str:
        """The certificate as the CFDI's Certificado attribute holds it (computed once)."""
        return self._base64

    def is_valid_at(self, when: datetime) -> bool:
        """Whether `when` (timezone-aware) lies within the certificate's validity."""
        return self.valid_from <= when <= self.valid_until

    @property
    def serial_number(self) -> int:
        """The certificate's serial, as XMLDSig's X509SerialNumber holds it (decimal)."""
        return int(self._x509.serial_number)

    @property
    def issuer_name(self) -> str:
        """The issuer's distinguished name (RFC 4514), for XMLDSig's X509IssuerName."""
        return self._x509.issuer.rfc4514_string()

    def public_key(self) -> rsa.RSAPublicKey:
        return cast(rsa.RSAPublicKey, self._x509.public_key())  # checked when built

    def verify(self, data: bytes, signature: bytes) -> bool:
        """Check a SHA256withRSA (PKCS#1 v1.5) signature of `data`."""
        try:
            self.public_key().verify(signature, data, _PKCS1V15, _SHA256)
        except InvalidSignature:
            return False
        return True


def _password_candidates(password: str | bytes) -> list[bytes]:
    """UTF-8 first; Latin-1 too for non-ASCII passwords set with older Windows tools."""
    if isinstance(password, bytes):
        return [password]
    candidates = [password.encode("utf-8")]
    try:
        latin1 = password.encode("latin-1")
    except UnicodeEncodeError:
        return candidates
    if latin1 != candidates[0]:
        candidates.append(latin1)
    return candidates


def _key_loader(data: bytes) -> Callable[..., PrivateKeyTypes]:  # PEM or DER loader
    if data.lstrip().startswith(_PEM_MARKER):
        return serialization.load_pem_private_key
    return serialization.load_der_private_key


def _load_private_key(
    data: bytes, password: str | bytes, *, require_encrypted: bool = False
) -> rsa.RSAPrivateKey:
    """Decrypt a private key; `NotAPrivateKeyError`, `WrongPasswordError` or (when
    `require_encrypted`) `UnencryptedKeyError` otherwise."""
    loader = _key_loader(data)
    try:
        key = loader(data, password=None)
    except TypeError:
        key = None  # encrypted, as it should be: decrypt below
    except (ValueError, UnsupportedAlgorithm):
        raise NotAPrivateKeyError("not a PKCS#8 private key") from None
    if key is not None and require_encrypted:
        raise UnencryptedKeyError("the private key has no password")
    for candidate in _password_candidates(password) if key is None else []:
        try:
            key = loader(data, password=candidate)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            continue
        break
    if key is None:
        raise WrongPasswordError("the password does not decrypt the private key")
    if not isinstance(key, rsa.RSAPrivateKey):
        raise NotAPrivateKeyError("private key is not RSA")
    return key


class Credential:
    """A certificate with its private key: what seals a CFDI (`sign`)."""

    __slots__ = ("_key", "certificate")

    def __init__(self, certificate: Certificate, private_key: rsa.RSAPrivateKey) -> None:
        """Pair a certificate with its key; `KeyCertificateMismatchError` if not a pair."""
        if private_key.public_key().public_numbers() != certificate.public_key().public_numbers():
            raise KeyCertificateMismatchError("the private key does not match the certificate")
        self.certificate = certificate
        self._key = private_key

    @classmethod
    def load(
        cls,
        cer: bytes,
        key: bytes,
        password: str | bytes,
        *,
        now: datetime,
        require_csd: bool = True,
        require_encrypted_key: bool = False,
    ) -> Credential:
        """Read and check a .cer/.key pair, judging validity at `now` (timezone-aware).

        Raises, in this order: NotACertificateError, NotAPrivateKeyError,
        UnencryptedKeyError (when `require_encrypted_key`), WrongPasswordError,
        KeyCertificateMismatchError, NotACsdError (when `require_csd`),
        CertificateNotValidNowError.
        """
        certificate = Certificate.from_bytes(cer)
        private_key = _load_private_key(
            bytes(key), password, require_encrypted=require_encrypted_key
        )
        credential = cls(certificate, private_key)
        if require_csd and not certificate.is_csd:
            raise NotACsdError(certificate.rfc)
        if not certificate.is_valid_at(now):
            raise CertificateNotValidNowError(certificate.valid_from, certificate.valid_until, now)
        return credential

    def sign(self, data: bytes) -> bytes:
        """SHA256withRSA (PKCS#1 v1.5) signature of `data`: the CFDI's sello, raw."""
        return self._key.sign(data, _PKCS1V15, _SHA256)

    def sign_sha1(self, data: bytes) -> bytes:
        """SHA1withRSA (PKCS#1 v1.5): what SAT's descarga masiva expects of the e.firma."""
        return self._key.sign(data, _PKCS1V15, _SHA1)

    def sign_base64(self, data: bytes) -> str:
        """The signature as the CFDI's Sello attribute holds it."""
        return base64.b64encode(self.sign(data)).decode("ascii")

    def __repr__(self) -> str:
        cert = self.certificate
        return f"Credential(rfc={cert.rfc!r}, no_certificado={cert.no_certificado!r})"
