"""The sandbox's own "SAT" signer: a locally generated RSA-2048 key and self-signed certificate.

Its NoCertificado starts with 99999 (`DEMO_PREFIX`), a range SAT does not issue, so a stamp
made with it can never be mistaken for a real one.
"""

from __future__ import annotations

import base64
import functools
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from facturador.sat.credentials import Certificate

__all__ = [
    "DEMO_LEYENDA",
    "DEMO_NO_CERTIFICADO",
    "DEMO_PREFIX",
    "DEMO_RFC",
    "DemoSigner",
    "is_demo_stamp",
    "refuse_demo_stamp",
]

DEMO_PREFIX = "99999"
DEMO_NO_CERTIFICADO = "99999000000000000001"
DEMO_LEYENDA = "Timbrado de demostración: SIN VALIDEZ FISCAL"
DEMO_RFC = "SPR190613I52"  # SAT's test PAC RFC (SW's certifying RFC in test)
_X500_UNIQUE_IDENTIFIER = x509.ObjectIdentifier("2.5.4.45")
_DEMO_NO_CERT = re.compile(rb'NoCertificadoSAT="' + DEMO_PREFIX.encode() + rb'\d{15}"')
_KEY_FILE = "sandbox_sat.key.pem"
_CER_FILE = "sandbox_sat.cer"


def is_demo_stamp(xml: bytes) -> bool:
    """Whether the TFD of `xml` was issued by a sandbox (and so has no fiscal validity)."""
    if _DEMO_NO_CERT.search(xml):
        return True
    return DEMO_LEYENDA.encode("utf-8") in xml and f'RfcProvCertif="{DEMO_RFC}"'.encode() in xml


def refuse_demo_stamp(xml: bytes) -> None:
    """Real clients call this: a sandbox-stamped document must never pass as real."""
    if is_demo_stamp(xml):
        from facturador.pac.errors import PacRejectedError

        raise PacRejectedError("DEMO", "el comprobante tiene un timbre de demostración")


class DemoSigner:
    """Signs TFD cadenas (SHA256withRSA) with the demo key; `certificate` verifies them."""

    def __init__(self, key: rsa.RSAPrivateKey, certificate: Certificate) -> None:
        if key.public_key().public_numbers() != certificate.public_key().public_numbers():
            raise ValueError("demo key and certificate do not match")
        self._key = key
        self.certificate = certificate

    @property
    def no_certificado(self) -> str:
        return self.certificate.no_certificado

    def sign_base64(self, data: bytes) -> str:
        signature = self._key.sign(data, padding.PKCS1v15(), hashes.SHA256())
        return base64.b64encode(signature).decode("ascii")

    @classmethod
    def generate(cls, now: datetime | None = None) -> DemoSigner:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        moment = now or datetime.now(UTC)
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, "FACTURADOR SANDBOX SIN VALIDEZ FISCAL"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "FACTURADOR SANDBOX"),
                x509.NameAttribute(_X500_UNIQUE_IDENTIFIER, DEMO_RFC),
                x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "DEMO"),
            ]
        )
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(int.from_bytes(DEMO_NO_CERTIFICADO.encode("ascii"), "big"))
            .not_valid_before(moment - timedelta(days=1))
            .not_valid_after(moment + timedelta(days=3650))
            .sign(key, hashes.SHA256())
        )
        der = cert.public_bytes(serialization.Encoding.DER)
        return cls(key, Certificate.from_der(der))

    @classmethod
    def load_or_create(cls, directory: Path) -> DemoSigner:
        """The signer stored in `directory` (created on first use, key file mode 0600)."""
        key_path, cer_path = directory / _KEY_FILE, directory / _CER_FILE
        if key_path.is_file() and cer_path.is_file():
            key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
            if not isinstance(key, rsa.RSAPrivateKey):  # pragma: no cover - we wrote it
                raise ValueError("the sandbox key is not RSA")
            return cls(key, Certificate.from_der(cer_path.read_bytes()))
        signer = cls.generate()
        directory.mkdir(parents=True, exist_ok=True)
        pem = signer._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        key_path.touch(mode=0o600)
        key_path.write_bytes(pem)
        cer_path.write_bytes(signer.certificate.der)
        return signer

    @staticmethod
    @functools.cache
    def in_memory() -> DemoSigner:
        """One signer per process, for tests and throw-away sandboxes."""
        return DemoSigner.generate()
