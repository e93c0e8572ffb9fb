"""Numbers, dates and amounts in words as printed: "1,160.00", "25/11/2026 10:00:00"."""

from __future__ import annotations

import functools
import re
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape

from facturador.sat.catalogs import default_catalogs

__all__ = [
    "amount",
    "catalog_description",
    "code_with_description",
    "fecha",
    "fecha_text",
    "quantity",
    "rate",
    "text",
    "total_en_letra",
]


@functools.lru_cache(maxsize=4096)
def catalog_description(catalog: str, clave: str | None) -> str:
    """SAT's description of `clave`, or "" when absent or unknown (cached: lookups repeat)."""
    if not clave:
        return ""
    entry = default_catalogs().entry(catalog, clave)
    return entry.descripcion.rstrip(".") if entry else ""


def code_with_description(catalog: str, clave: str | None) -> str:
    if not clave:
        return ""
    description = catalog_description(catalog, clave)
    return f"{clave} - {description}" if description else clave


@functools.lru_cache(maxsize=64)
def _decimals(moneda: str) -> int:
    try:
        return default_catalogs().moneda_decimales(moneda)
    except Exception:  # noqa: BLE001 - an unknown currency still prints, with 2 decimals
        return 2


def amount(value: Decimal | None, moneda: str | None = None) -> str:
    """Thousands separators, the currency's decimals and any further significant ones:
    Decimal("1160") -> "1,160.00", Decimal("2068.960000") -> "2,068.96", "0.125" -> "0.125"."""
    if value is None:
        return ""
    places = _decimals(moneda) if moneda else 2
    exponent = value.normalize().as_tuple().exponent  # significant decimals only
    shown = max(places, -exponent) if isinstance(exponent, int) else places
    return f"{value:,.{shown}f}"


def quantity(value: Decimal) -> str:
    """As written in the XML, with thousands separators ("1,500", "2.5")."""
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return f"{value:,.{places}f}"


def rate(value: Decimal | None, tipo_factor: str | None) -> str:
    """Tasa as a percentage ("16 %", "10.6667 %"); Cuota as an amount; Exento as a word."""
    if value is None:
        return "Exento" if tipo_factor == "Exento" else ""
    if tipo_factor == "Cuota":
        return f"{value.normalize():f}"
    percent = (value * 100).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP).normalize()
    return f"{percent:f} %"


def fecha(value: datetime) -> str:
    return value.strftime("%d/%m/%Y %H:%M:%S")


def fecha_text(value: str | None) -> str:
    """An ISO `AAAA-MM-DDThh:mm:ss` from the XML as dd/mm/aaaa hh:mm:ss (as is if unusual)."""
    if not value:
        return ""
    try:
        return fecha(datetime.fromisoformat(value))
    except ValueError:
        return value


def text(value: object) -> str:
    """Plain text made safe for reportlab's Paragraph markup."""
    return escape(str(value)) if value is not None else ""


# ---- amounts in words -------------------------------------------------------------------

# (singular, plural, suffix) for the currencies people actually invoice in
_CURRENCY_WORDS = {
    "MXN": ("PESO", "PESOS", "M.N."),
    "USD": ("DÓLAR", "DÓLARES", "USD"),
    "EUR": ("EURO", "EUROS", "EUR"),
    "CAD": ("DÓLAR CANADIENSE", "DÓLARES CANADIENSES", "CAD"),
    "GBP": ("LIBRA ESTERLINA", "LIBRAS ESTERLINAS", "GBP"),
    "JPY": ("YEN", "YENES", "JPY"),
    "CHF": ("FRANCO SUIZO", "FRANCOS SUIZOS", "CHF"),
    "CNY": ("YUAN", "YUANES", "CNY"),
    "BRL": ("REAL", "REALES", "BRL"),
    "COP": ("PESO COLOMBIANO", "PESOS COLOMBIANOS", "COP"),
    "ARS": ("PESO ARGENTINO", "PESOS ARGENTINOS", "ARS"),
    "CLP": ("PESO CHILENO", "PESOS CHILENOS", "CLP"),
}
_BIG = r"(?= (?:mil|millón|millones|billón|billones)\b)"
_APOCOPE = (
    (re.compile(r"\bveintiuno" + _BIG), "veintiún"),
    (re.compile(r"\buno" + _BIG), "un"),
    (re.compile(r"\bveintiuno$"), "veintiún"),
    (re.compile(r"\buno$"), "un"),
)


def _words(integer: int) -> str:
    from num2words import num2words

    words = num2words(integer, lang="es")
    for pattern, replacement in _APOCOPE:
        words = pattern.sub(replacement, words)
    if words.startswith("mil"):
        words = "un " + words  # check-writing style used on Mexican invoices: "UN MIL ..."
    return str(words).upper()


def total_en_letra(total: Decimal, moneda: str) -> str:
    """'UN MIL CIENTO SESENTA PESOS 00/100 M.N.'; no fraction for 0-decimal currencies."""
    if moneda == "XXX":
        return ""
    places = _decimals(moneda)
    rounded = total.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    integer = int(rounded)
    singular, plural, suffix = _CURRENCY_WORDS.get(moneda, ("", "", moneda))
    noun = singular if integer == 1 else plural
    if noun and integer >= 1_000_000 and integer % 1_000_000 == 0:
        noun = "DE " + noun  # "UN MILLÓN DE PESOS"
    parts = [_words(integer)]
    if noun:
        parts.append(noun)
    if places:
        cents = int((rounded - integer) * 10**places)
        parts.append(f"{cents:0{places}d}/1{'0' * places}")
    parts.append(suffix)
    return " ".join(parts)
