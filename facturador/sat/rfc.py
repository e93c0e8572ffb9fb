"""The RFC (Registro Federal de Contribuyentes): parsing, validation and the check digit.

An RFC is 12 characters for a persona moral (3 letters) or 13 for a persona física
(4 letters), followed by a YYMMDD date and a 3-character homoclave whose last character is
the check digit. Letters may include Ñ and &.

About the check digit: SAT's algorithm (below, `compute_check_digit`) matches most real
RFCs, but not all of them. Of the real RFCs we checked (the SAT test certificates
EKU9003173C9, CACX7605101P8, XIA190128J61, the PAC and SAT RFCs ISD950921HE5, SAT970701NN3,
CVD110412TF6, FIN1203015JA, SPR190613I52 and the receptors of the stamped samples in
`shared/sat/samples/`), MCI7306249Y1 (Municipio de Cuautitlán Izcalli, receptor of a CFDI
that a PAC stamped) fails it: SAT issued RFCs before the algorithm was enforced and never
reassigned them. Rejecting such an RFC would stop a user from invoicing a real customer,
so by default a wrong check digit is not an error: `Rfc.parse` accepts it and
`Rfc.check_digit_ok` tells the caller (a UI may show a soft warning).
`Rfc.parse(text, strict_check_digit=True)` makes it a hard error ("digito_verificador").
The generic RFCs (público en general, extranjero) are always accepted; XAXX010101000 itself
does not satisfy the algorithm.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from facturador.sat.errors import RfcError

__all__ = [
    "PUBLICO_EN_GENERAL",
    "RFC_EXTRANJERO",
    "RFC_PUBLICO_GENERAL",
    "Rfc",
    "compute_check_digit",
    "is_publico_en_general",
    "is_valid_rfc",
    "normalize_rfc",
]

RFC_PUBLICO_GENERAL = "XAXX010101000"
RFC_EXTRANJERO = "XEXX010101000"
GENERIC_RFCS = frozenset({RFC_PUBLICO_GENERAL, RFC_EXTRANJERO})
PUBLICO_EN_GENERAL = "PUBLICO EN GENERAL"

MORAL_LENGTH = 12
FISICA_LENGTH = 13


def is_publico_en_general(rfc: str, nombre: str) -> bool:
    """The receptor of a CFDI global: RFC XAXX010101000 *and* Nombre PUBLICO EN GENERAL.

    An XAXX010101000 with the customer's own name is a sale to the público en general with a
    named customer (no RFC given): not a CFDI global, so it takes no InformacionGlobal.
    """
    return rfc == RFC_PUBLICO_GENERAL and nombre == PUBLICO_EN_GENERAL


# SAT's table: the position of a character is its value in the check-digit sum.
_CHECK_DIGIT_CHARS = "0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ"
_LETTERS = re.compile(r"[A-ZÑ&]+")
_DIGITS = re.compile(r"[0-9]{6}")
_HOMOCLAVE = re.compile(r"[A-Z0-9]{3}")
# What people type or paste between an RFC's parts: "CACX-760510-1P8", "CACX 760510 1P8".
_SEPARATORS = re.compile(r"[\s\-_./]+")


def compute_check_digit(rfc_without_digit: str) -> str:
    """SAT's check digit for the first 11 (moral) or 12 (física) characters of an RFC.

    Moral RFCs are padded with a leading space to 12 characters; each character's value in
    `_CHECK_DIGIT_CHARS` is weighted 13 down to 2; the digit is 11 minus the sum mod 11,
    with 10 written "A" and 11 written "0".
    """
    if len(rfc_without_digit) not in (MORAL_LENGTH - 1, FISICA_LENGTH - 1):
        raise ValueError(f"expected 11 or 12 characters, got {len(rfc_without_digit)}")
    base = rfc_without_digit.rjust(FISICA_LENGTH - 1)
    total = sum(
        _CHECK_DIGIT_CHARS.index(char) * weight
        for char, weight in zip(base, range(FISICA_LENGTH, 1, -1), strict=True)
    )
    digit = 11 - total % 11
    if digit == 10:
        return "A"
    if digit == 11:
        return "0"
    return str(digit)


def _is_real_yymmdd(digits: str) -> bool:
    """True if YYMMDD is a date in 19YY or 20YY (Feb 29 of "00" is valid as 2000)."""
    year, month, day = int(digits[:2]), int(digits[2:4]), int(digits[4:])
    for century in (1900, 2000):
        try:
            date(century + year, month, day)
        except ValueError:
            continue
        return True
    return False


def _reason_for(value: str) -> str | None:
    """The reason code of the first structural problem of a normalized RFC, or None."""
    if not value:
        return "vacio"
    if len(value) not in (MORAL_LENGTH, FISICA_LENGTH):
        return "longitud"
    letters = len(value) - 9
    if not _LETTERS.fullmatch(value[:letters]):
        return "letras"
    digits = value[letters : letters + 6]
    if not _DIGITS.fullmatch(digits) or not _is_real_yymmdd(digits):
        return "fecha"
    if not _HOMOCLAVE.fullmatch(value[-3:]):
        return "homoclave"
    return None


@dataclass(frozen=True, slots=True)
class Rfc:
    """A well-formed RFC, upper case. Building one checks its structure (not the digit)."""

    value: str

    def __post_init__(self) -> None:
        if self.value in GENERIC_RFCS:
            return
        reason = _reason_for(self.value)
        if reason is not None:
            raise RfcError(self.value, reason)

    @classmethod
    def parse(cls, text: str, *, strict_check_digit: bool = False) -> Rfc:
        """Strip and upper-case `text`, then validate it; raises `RfcError` with a reason code.

        Reason codes: "vacio", "longitud", "letras", "fecha", "homoclave", and with
        `strict_check_digit` also "digito_verificador" (see the module docstring).
        """
        rfc = cls(text.strip().upper())
        if strict_check_digit and not rfc.check_digit_ok:
            raise RfcError(rfc.value, "digito_verificador")
        return rfc

    @property
    def is_persona_moral(self) -> bool:
        return len(self.value) == MORAL_LENGTH

    @property
    def is_persona_fisica(self) -> bool:
        return len(self.value) == FISICA_LENGTH

    @property
    def is_generic(self) -> bool:
        """Público en general (XAXX010101000) or extranjero (XEXX010101000)."""
        return self.value in GENERIC_RFCS

    @property
    def check_digit_ok(self) -> bool:
        """Whether the last character is SAT's check digit; generic RFCs always pass."""
        return self.is_generic or compute_check_digit(self.value[:-1]) == self.value[-1]

    def __str__(self) -> str:
        return self.value


def is_valid_rfc(text: str, *, strict_check_digit: bool = False) -> bool:
    """True if `Rfc.parse` accepts `text`."""
    try:
        Rfc.parse(text, strict_check_digit=strict_check_digit)
    except RfcError:
        return False
    return True


def normalize_rfc(text: str) -> str:
    """`text` as an RFC is written: separators (spaces, dashes, dots, slashes) removed and
    upper case ("cacx-760510-1p8" -> "CACX7605101P8"). It does not judge validity."""
    return _SEPARATORS.sub("", text).upper()
