"""The Spanish texts of the `sat` layer, in one place, one section per feature.

Exceptions carry data (an RFC and a reason code, dates); the functions here turn that data
into the sentence a user reads, saying what is wrong and what to do about it. Add new
features as new sections with the same header comment style. Dates are dd/mm/yyyy.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from datetime import datetime

__all__ = [
    "credential_message",
    "csf_message",
    "format_date",
    "os_reason",
    "rfc_message",
    "xml_syntax_reason",
]


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
        f"revise «{rfc[:count]}»."
    )


def _rfc_date(rfc: str) -> str:
    start = len(rfc) - 9
    return (
        f"En el RFC «{rfc}», «{rfc[start : start + 6]}» no es una fecha válida: después de "
        "las letras van 6 dígitos con el año, mes y día (AAMMDD)."
    )


_RFC_MESSAGES: dict[str, Callable[[str], str]] = {
    "vacio": lambda rfc: "Escriba el RFC: está vacío.",
    "longitud": _rfc_length,
    "letras": _rfc_letters,
    "fecha": _rfc_date,
    "homoclave": lambda rfc: (
        f"El RFC «{rfc}» termina en «{rfc[-3:]}»: la homoclave deben ser 3 letras o "
        "dígitos. Cópiela de la Constancia de Situación Fiscal."
    ),
    "digito_verificador": lambda rfc: (
        f"El último carácter del RFC «{rfc}» (dígito verificador) no corresponde al resto. "
        "Revise el RFC contra la Constancia de Situación Fiscal."
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
    "El archivo no es un certificado del SAT (.cer). Elija el archivo .cer de su "
    "Certificado de Sello Digital (CSD), no el .key ni otro documento."
)
NOT_A_PRIVATE_KEY = (
    "El archivo no es una llave privada (.key). Elija el archivo .key que descargó "
    "junto con su certificado .cer."
)
UNENCRYPTED_KEY = (
    "La llave privada no está protegida con contraseña, y Facturador no guarda llaves sin "
    "cifrar. Elija el archivo .key original de su CSD tal como lo entregó el SAT (siempre "
    "está cifrado con la contraseña que usted puso al tramitarlo)."
)
WRONG_PASSWORD = (
    "La contraseña de la llave privada no es correcta. Escriba la contraseña que usted puso "
    "al generar el CSD (se distinguen mayúsculas y minúsculas); no es la de la e.firma ni "
    "la CIEC."
)
KEY_CERTIFICATE_MISMATCH = (
    "El archivo .key no corresponde al certificado .cer: son de CSD distintos. Elija la "
    "llave privada que se generó junto con ese certificado."
)
CERTIFICATE_EXPIRED = (
    "Certificado no válido o expirado: venció el {date}. Tramite un nuevo CSD en el "
    "portal del SAT (CertiSAT Web) con su e.firma y cárguelo en Facturador."
)
CERTIFICATE_NOT_YET_VALID = (
    "El certificado todavía no es válido: su vigencia empieza el {date}. Espere a esa "
    "fecha o revise que la fecha y hora de su computadora sean correctas."
)
NOT_A_CSD = (
    "Este certificado es de e.firma (FIEL), no un Certificado de Sello Digital. Para "
    "facturar necesita un CSD del RFC {rfc}: solicítelo en el portal del SAT "
    "(CertiSAT Web) con su e.firma."
)
CREDENTIAL_UNKNOWN = "El certificado o la llave privada no se pueden usar para sellar."


_CREDENTIAL_TEXTS = {
    "wrong_password": WRONG_PASSWORD,
    "key_certificate_mismatch": KEY_CERTIFICATE_MISMATCH,
    "not_a_certificate": NOT_A_CERTIFICATE,
    "not_a_private_key": NOT_A_PRIVATE_KEY,
    "unencrypted_key": UNENCRYPTED_KEY,
}


def credential_message(reason: str, **data: object) -> str:
    """The Spanish sentence for a certificate or key that cannot seal: `reason` is the
    error's (sat.errors sets it), `data` what the sentence needs (dates, RFC)."""
    if reason == "not_valid_now":
        if data.get("expired"):
            return CERTIFICATE_EXPIRED.format(date=format_date(data.get("not_after")))
        return CERTIFICATE_NOT_YET_VALID.format(date=format_date(data.get("not_before")))
    if reason == "not_a_csd":
        return NOT_A_CSD.format(rfc=data.get("rfc", ""))
    return _CREDENTIAL_TEXTS.get(reason, CREDENTIAL_UNKNOWN)


# ---------------------------------------------------------------------------------------
# What the operating system and libxml2 say, in Spanish (their own texts are English)
# ---------------------------------------------------------------------------------------

OS_REASONS = {
    errno.ENOENT: "no existe",
    errno.EISDIR: "es una carpeta, no un archivo",
    errno.ENOTDIR: "una parte de la ruta no es una carpeta",
    errno.EACCES: "no tiene permiso",
    errno.EPERM: "no tiene permiso",
    errno.EROFS: "el disco o la carpeta son de solo lectura",
    errno.ENOSPC: "no hay espacio libre en el disco",
    errno.EEXIST: "ya existe",
    errno.ENAMETOOLONG: "el nombre es demasiado largo",
    errno.EIO: "error de lectura o escritura del disco",
}
OS_REASON_UNKNOWN = "error del sistema operativo (código {code})"


def os_reason(error: OSError) -> str:
    """The Spanish reason for an OSError (never the OS's English text)."""
    if isinstance(error, IsADirectoryError):
        return OS_REASONS[errno.EISDIR]
    reason = OS_REASONS.get(error.errno or 0)
    return reason if reason is not None else OS_REASON_UNKNOWN.format(code=error.errno)


XML_MALFORMED = "no está bien formado (línea {line}, columna {column})"
XML_NODE_TOO_BIG = (
    "tiene un texto de más de 10 millones de caracteres en la línea {line}, más de lo que "
    "un comprobante puede llevar"
)


def xml_syntax_reason(message: str, line: int, column: int) -> str:
    """libxml2's reason for refusing a document ("... try XML_PARSE_HUGE"), in Spanish."""
    if "XML_PARSE_HUGE" in message or "huge" in message.lower():
        return XML_NODE_TOO_BIG.format(line=line)
    return XML_MALFORMED.format(line=line, column=column)


# Reading a CFDI's XML: an amount that no CFDI can have (too big, exponent, not a number).
XML_NOT_A_NUMBER = (
    "«{valor}» no es un número; el XML debe traer un importe decimal (por ejemplo 1160.00):"
    " corríjalo o pida al emisor el XML correcto"
)
XML_NUMBER_OUT_OF_RANGE = (
    "«{valor}» no es un importe que un CFDI pueda tener (se admiten hasta {enteros} enteros y"
    " {decimales} decimales, sin exponente): corríjalo o pida al emisor el XML correcto"
)


def shown_value(raw: str, limit: int = 40) -> str:
    """`raw` as a message may show it: at most `limit` characters."""
    return raw if len(raw) <= limit else f"{raw[: limit - 1]}…"


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


# Names as SAT registers them (facturador.sat.names)
REGIMEN_CAPITAL = (
    "El SAT registra la razón social sin el régimen de capital: escriba «{name}» (sin "
    "«{regimen}»), tal como aparece en la Constancia de Situación Fiscal."
)


# ---------------------------------------------------------------------------------------
# The Constancia de Situación Fiscal (facturador.sat.csf, services.csf_import)
# ---------------------------------------------------------------------------------------

_CSF_DOWNLOAD = (
    "Pida a su cliente la Constancia de Situación Fiscal en PDF, tal como la descarga del "
    "portal del SAT (sat.gob.mx, trámite «Constancia de Situación Fiscal»)."
)
_CSF_MESSAGES = {
    "file_unreadable": "No se pudo leer el archivo de la Constancia: {detail}.",
    "not_a_csf": "El archivo no es una Constancia de Situación Fiscal del SAT. " + _CSF_DOWNLOAD,
    "no_rfc": (
        "La Constancia no trae el RFC del contribuyente, así que no se puede usar. " + _CSF_DOWNLOAD
    ),
    "rfc_invalid": (
        "El RFC de la Constancia («{rfc}») no tiene la forma de un RFC. " + _CSF_DOWNLOAD
    ),
    "no_id_cif": (
        "La Constancia del RFC {rfc} no trae el idCIF (el número de la cédula de "
        "identificación fiscal), así que no parece auténtica ni puede confirmarse con el SAT. "
        + _CSF_DOWNLOAD
    ),
    "qr_not_csf": (
        "El código QR del archivo no es el de una Constancia de Situación Fiscal (debe "
        "llevar a la página de validación del SAT). " + _CSF_DOWNLOAD
    ),
    "damaged_pdf": (
        "El archivo no es un PDF válido o está dañado, y no se puede leer. " + _CSF_DOWNLOAD
    ),
    "encrypted_pdf": (
        "El PDF está protegido con contraseña, y Facturador no puede leerlo. Quite la "
        "contraseña o use la Constancia original. " + _CSF_DOWNLOAD
    ),
    "no_text_no_qr": (
        "El PDF no tiene texto (parece una imagen o un escaneo) y no se encontró en él un "
        "código QR legible. Use el PDF original o un escaneo más nítido en el que se vea "
        "completo el QR."
    ),
    "qr_unavailable": (
        "El PDF no tiene texto (parece una imagen o un escaneo) y esta instalación no puede "
        "leer códigos QR (falta el componente zxing-cpp). Use el PDF original de la "
        "Constancia, que sí trae texto."
    ),
}
CSF_UNKNOWN = "No se pudo leer la Constancia de Situación Fiscal. " + _CSF_DOWNLOAD


def csf_message(reason: str, **data: str) -> str:
    """The Spanish sentence for a `CsfError` with this reason (data: the RFC found)."""
    text = _CSF_MESSAGES.get(reason, CSF_UNKNOWN)
    return text.format(rfc=data.get("rfc", ""), detail=data.get("detail", ""))
