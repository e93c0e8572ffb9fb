"""CSD files in the shapes PACs want: PEM certificate, unencrypted PKCS#8 PEM key."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization

from facturador.pac.errors import PacRejectedError

__all__ = ["cer_to_pem", "key_to_pem"]


def cer_to_pem(der: bytes) -> bytes:
    if der.lstrip().startswith(b"-----BEGIN"):
        return der
    from cryptography import x509

    certificate = x509.load_der_x509_certificate(der)
    return certificate.public_bytes(serialization.Encoding.PEM)


def key_to_pem(key: bytes, password: str) -> bytes:
    """SAT's .key (DER, encrypted) as unencrypted PKCS#8 PEM (the form Odoo sends Finkok)."""
    try:
        loaded = serialization.load_der_private_key(key, password.encode("utf-8"))
    except (ValueError, TypeError):
        raise PacRejectedError("704", "no se pudo abrir la llave privada") from None
    return loaded.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def key_der_b64(key: bytes) -> str:
    """SW's b64Key: base64 of the .key file as SAT issues it (DER, encrypted)."""
    import base64

    return base64.b64encode(key).decode("ascii")
