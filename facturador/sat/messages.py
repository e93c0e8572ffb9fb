"""The Spanish texts of the `sat` layer, in one place, one section per feature.

Exceptions carry data (an RFC and a reason code, dates); the functions here turn that data
into the sentence a user reads, saying what is wrong and what to do about it. Add new
features as new sections with the same header comment style. Dates are dd/mm/yyyy.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from facturador.sat.errors import (
    CertificateNotValidNowError,
    CredentialError,
    KeyCertificateMismatchError,
    NotACertificateError,
    NotACsdError,
    NotAPrivateKeyError,
    WrongPasswordError,
)

__all__ = ["credential_message", "format_date", "rfc_message"]


def format_date(value: object) -> str:
    """A date as dd/mm/yyyy; anything that is not a date is shown as is."""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    return str(value)


# ---------------------------------------------------------------------------------------
# RFC (facturador.sat.rfc): one sentence per reason code of RfcError
# ---------------------------------------------------------------------------------------


def _rfc_length(rfc: str) -> str:
    return (
        f"El RFC «{rfc}» debe tener 12 caracteres (persona moral) o 13 (persona física); "
        f"tiene {len(rfc)}."
    )


def _rfc_letters(rfc: str) -> str:
    count = 3 if len(rfc) == 12 else 4
    return (
        f"El RFC «{rfc}» debe empezar con {count} letras (se permiten Ñ y &); "
        f"revisa «{rfc[:count]}»."
    )


def _rfc_date(rfc: str) -> str:
    start = len(rfc) - 9
    return (
        f"En el RFC «{rfc}», «{rfc[start : start + 6]}» no es una fecha válida: después de "
        "las letras van 6 dígitos con el año, mes y día (AAMMDD)."
    )


_RFC_MESSAGES: dict[str, Callable[[str], str]] = {
    "vacio": lambda rfc: "Escribe el RFC: está vacío.",
    "longitud": _rfc_length,
    "letras": _rfc_letters,
    "fecha": _rfc_date,
    "homoclave": lambda rfc: (
        f"El RFC «{rfc}» termina en «{rfc[-3:]}»: la homoclave deben ser 3 letras o "
        "dígitos. Cópiala de la Constancia de Situación Fiscal."
    ),
    "digito_verificador": lambda rfc: (
        f"El último carácter del RFC «{rfc}» (dígito verificador) no corresponde al resto. "
        "Revisa el RFC contra la Constancia de Situación Fiscal."
    ),
}


def rfc_message(rfc: str, reason: str) -> str:
    """The Spanish sentence for an `RfcError` with this RFC and reason code."""
    build = _RFC_MESSAGES.get(reason)
    if build is None:
        return f"El RFC «{rfc}» no es válido."
    return build(rfc)


# ---------------------------------------------------------------------------------------
# Certificates and private keys (facturador.sat.credentials): one text per CredentialError
# ---------------------------------------------------------------------------------------

NOT_A_CERTIFICATE = (
    "El archivo no es un certificado del SAT (.cer). Elige el archivo .cer de tu "
    "Certificado de Sello Digital (CSD), no el .key ni otro documento."
)
NOT_A_PRIVATE_KEY = (
    "El archivo no es una llave privada (.key). Elige el archivo .key que descargaste "
    "junto con tu certificado .cer."
)
WRONG_PASSWORD = (
    "La contraseña de la llave privada no es correcta. Escribe la contraseña que pusiste "
    "al generar el CSD (distingue mayúsculas y minúsculas); no es la de la e.firma ni la "
    "CIEC."
)
KEY_CERTIFICATE_MISMATCH = (
    "El archivo .key no corresponde al certificado .cer: son de CSD distintos. Elige la "
    "llave privada que se generó junto con ese certificado."
)
CERTIFICATE_EXPIRED = (
    "Certificado no válido o expirado: venció el {date}. Tramita un nuevo CSD en el "
    "portal del SAT (CertiSAT Web) con tu e.firma y cárgalo en Facturador."
)
CERTIFICATE_NOT_YET_VALID = (
    "El certificado todavía no es válido: su vigencia empieza el {date}. Espera a esa "
    "fecha o revisa que la fecha y hora de tu computadora sean correctas."
)
NOT_A_CSD = (
    "Este certificado es de e.firma (FIEL), no un Certificado de Sello Digital. Para "
    "facturar necesitas un CSD del RFC {rfc}: solicítalo en el portal del SAT "
    "(CertiSAT Web) con tu e.firma."
)
CREDENTIAL_UNKNOWN = "El certificado o la llave privada no se pueden usar para sellar."


def _not_valid_now(error: CertificateNotValidNowError) -> str:
    if error.expired:
        return CERTIFICATE_EXPIRED.format(date=format_date(error.not_after))
    return CERTIFICATE_NOT_YET_VALID.format(date=format_date(error.not_before))


def credential_message(error: CredentialError) -> str:
    """The Spanish sentence for a certificate or key that cannot seal."""
    if isinstance(error, CertificateNotValidNowError):
        return _not_valid_now(error)
    if isinstance(error, NotACsdError):
        return NOT_A_CSD.format(rfc=error.rfc)
    fixed: list[tuple[type[CredentialError], str]] = [
        (WrongPasswordError, WRONG_PASSWORD),
        (KeyCertificateMismatchError, KEY_CERTIFICATE_MISMATCH),
        (NotACertificateError, NOT_A_CERTIFICATE),
        (NotAPrivateKeyError, NOT_A_PRIVATE_KEY),
    ]
    for kind, text in fixed:
        if isinstance(error, kind):
            return text
    return CREDENTIAL_UNKNOWN


# The JSON input of a document (facturador.sat.input_text, facturador.sat._input_reader).
CONTROL_CHARACTER = (
    "contiene un carácter de control ({}) que el XML del CFDI no admite; quítelo y vuelva a "
    "intentar"
)
TEXT_TOO_LONG = "mide {} caracteres, mucho más de lo que el SAT admite en cualquier campo; acórtelo"
TOO_DEEP = "tiene demasiados niveles anidados para un CFDI; revise la estructura del JSON"
AMOUNT_AS_FLOAT = (
    '«{}» no es un importe exacto: escriba la cantidad como texto ("100.00"), no como número '
    "de punto flotante"
)
AMOUNT_TOO_BIG = (
    "«{}» es demasiado grande: el SAT admite a lo más 18 dígitos enteros; revise la cantidad"
)
IMPORTE_TOO_BIG = (
    "Cantidad × ValorUnitario da un importe de más de 18 dígitos enteros, que el SAT no "
    "admite; revise ambos valores"
)
FIX_FIELD = "Corrija ese campo y vuelva a intentarlo."
