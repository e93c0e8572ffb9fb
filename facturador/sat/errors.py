"""The exception tree of Facturador. The root lives here because `sat` imports nothing else of ours.

    FacturadorError
    ├── InvalidInputError          data the user typed or a file they gave is wrong
    │   ├── RfcError               an RFC that is not well formed (carries the reason code)
    │   ├── ComprobanteInputError  the JSON input of a document is wrong (carries the path)
    │   │   └── AmountInputError   an amount in a CFDI's XML that no CFDI can have (1e400, NaN)
    │   ├── UnsafeXmlError         malformed, oversized or hostile XML
    │   └── CsfError               a file that is not a readable Constancia de Situación Fiscal
    ├── CredentialError            a CSD that cannot seal
    │   ├── NotACertificateError
    │   ├── NotAPrivateKeyError
    │   ├── UnencryptedKeyError    a key without password, where one is kept (SAT's is encrypted)
    │   ├── WrongPasswordError
    │   ├── KeyCertificateMismatchError
    │   ├── CertificateNotValidNowError (expired or not yet valid)
    │   └── NotACsdError           an e.firma (FIEL) given where a CSD is required
    └── CatalogError               a key that is not in a SAT catalog

Exceptions carry data; the Spanish sentence a user reads is built by `message` from the
data and the text tables of each feature (`facturador.sat.messages`).
"""

from __future__ import annotations

__all__ = [
    "AmountInputError",
    "CatalogError",
    "CertificateNotValidNowError",
    "ComprobanteInputError",
    "CredentialError",
    "CsfError",
    "FacturadorError",
    "InvalidInputError",
    "KeyCertificateMismatchError",
    "NotACertificateError",
    "NotACsdError",
    "NotAPrivateKeyError",
    "RfcError",
    "UnencryptedKeyError",
    "UnsafeXmlError",
    "WrongPasswordError",
]


class FacturadorError(Exception):
    """Root of every error the user should see explained in Spanish."""

    @property
    def message(self) -> str:
        """The Spanish sentence for the user; subclasses build it from their data."""
        return str(self)


class InvalidInputError(FacturadorError):
    pass


class RfcError(InvalidInputError):
    def __init__(self, rfc: str, reason: str) -> None:
        super().__init__(rfc, reason)
        self.rfc = rfc
        self.reason = reason

    @property
    def message(self) -> str:
        from facturador.sat.messages import rfc_message

        return rfc_message(self.rfc, self.reason)


class ComprobanteInputError(InvalidInputError):
    def __init__(self, path: str, detail: str) -> None:
        super().__init__(path, detail)
        self.path = path
        self.detail = detail

    @property
    def message(self) -> str:
        return f"{self.path}: {self.detail}"


class AmountInputError(ComprobanteInputError):
    """Its detail already says what to do; readers of a received CFDI show it as it is."""

    @property
    def message(self) -> str:
        attribute = self.path.rsplit("@", 1)[-1]
        return f"{attribute} ({self.path}): {self.detail}."


class UnsafeXmlError(InvalidInputError):
    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    @property
    def message(self) -> str:
        return f"El archivo no es un XML válido o seguro: {self.detail}"


class CsfError(InvalidInputError):
    """A Constancia de Situación Fiscal that cannot be read; `reason` picks the text in
    `sat.messages.csf_message` (not_a_csf, no_rfc, rfc_invalid, no_id_cif, qr_not_csf, and
    the services' damaged_pdf, encrypted_pdf, no_text_no_qr, qr_unavailable)."""

    def __init__(self, reason: str, **data: str) -> None:
        super().__init__(reason, data)
        self.reason = reason
        self.data = data

    @property
    def message(self) -> str:
        from facturador.sat.messages import csf_message

        return csf_message(self.reason, **self.data)


class CredentialError(FacturadorError):
    """A certificate or key that cannot be used to seal; `message` comes from messages.py,
    chosen by `reason` (messages never import this module)."""

    reason = "unknown"

    def message_data(self) -> dict[str, object]:
        return {}

    @property
    def message(self) -> str:
        from facturador.sat.messages import credential_message

        return credential_message(self.reason, **self.message_data())


class NotACertificateError(CredentialError):
    reason = "not_a_certificate"


class NotAPrivateKeyError(CredentialError):
    reason = "not_a_private_key"


class UnencryptedKeyError(CredentialError):
    reason = "unencrypted_key"


class WrongPasswordError(CredentialError):
    reason = "wrong_password"


class KeyCertificateMismatchError(CredentialError):
    reason = "key_certificate_mismatch"


class CertificateNotValidNowError(CredentialError):
    reason = "not_valid_now"

    def __init__(self, not_before: object, not_after: object, now: object) -> None:
        super().__init__(not_before, not_after, now)
        self.not_before = not_before
        self.not_after = not_after
        self.now = now

    @property
    def expired(self) -> bool:
        return bool(self.now > self.not_after)  # type: ignore[operator]

    def message_data(self) -> dict[str, object]:
        return {"expired": self.expired, "not_before": self.not_before, "not_after": self.not_after}


class NotACsdError(CredentialError):
    reason = "not_a_csd"

    def __init__(self, rfc: str) -> None:
        super().__init__(rfc)
        self.rfc = rfc

    def message_data(self) -> dict[str, object]:
        return {"rfc": self.rfc}


class CatalogError(FacturadorError):
    def __init__(self, catalog: str, key: str) -> None:
        super().__init__(catalog, key)
        self.catalog = catalog
        self.key = key

    @property
    def message(self) -> str:
        return f"La clave «{self.key}» no existe en el catálogo {self.catalog} del SAT."
