"""The Constancia de Situación Fiscal (CSF): SAT's certificate of a taxpayer's registration,
read from the text of its PDF (or, from a scan, the URL in its QR).

SAT's layout (see `shared/sat/csf/csf-content.txt`): a "Cédula de identificación fiscal"
header with the RFC, the name and the idCIF, the "Lugar y Fecha de Emisión", then
"Datos de Identificación del Contribuyente" (a persona física has "Nombre (s)", "Primer
Apellido", "Segundo Apellido"; a persona moral "Denominación/Razón Social" and, apart,
"Régimen Capital"), "Datos del domicilio registrado" (several "Label: value" pairs per line),
and the "Regímenes" table (description, Fecha Inicio, Fecha Fin).

`parse_csf` needs the RFC and the idCIF (what SAT's validation page asks for); any other
field it cannot find is left empty, and `Constancia.missing` names them so a caller can say
so. Bad input raises `CsfError` (its `reason` picks the Spanish text in `sat.messages`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs, urlsplit

from facturador.sat.catalogs import Catalogs
from facturador.sat.errors import CsfError

__all__ = [
    "USABLE_ESTATUS",
    "Constancia",
    "RegimenCsf",
    "constancia_from_qr",
    "parse_csf",
    "regimen_clave",
]

USABLE_ESTATUS = frozenset({"ACTIVO", "REACTIVADO"})

_MONTHS = {
    "ENERO": 1,
    "FEBRERO": 2,
    "MARZO": 3,
    "ABRIL": 4,
    "MAYO": 5,
    "JUNIO": 6,
    "JULIO": 7,
    "AGOSTO": 8,
    "SEPTIEMBRE": 9,
    "SETIEMBRE": 9,
    "OCTUBRE": 10,
    "NOVIEMBRE": 11,
    "DICIEMBRE": 12,
}


@dataclass(frozen=True, slots=True)
class RegimenCsf:
    """One row of the CSF's "Regímenes" table; `clave` is its c_RegimenFiscal key (None
    when the description matches none)."""

    descripcion: str
    fecha_inicio: date | None
    fecha_fin: date | None = None
    clave: str | None = None

    def vigente(self, on: date | None = None) -> bool:
        return self.fecha_fin is None or (on is not None and on <= self.fecha_fin)


@dataclass(frozen=True, slots=True, kw_only=True)
class Constancia:
    rfc: str
    id_cif: str
    nombre: str = ""  # as SAT writes it: nombre(s) + apellidos, or the razón social alone
    nombres: str = ""
    primer_apellido: str = ""
    segundo_apellido: str = ""
    razon_social: str = ""
    regimen_capital: str = ""
    curp: str = ""
    codigo_postal: str = ""
    colonia: str = ""
    localidad: str = ""
    municipio: str = ""
    entidad_federativa: str = ""
    regimenes: tuple[RegimenCsf, ...] = ()
    estatus: str = ""
    fecha_emision: date | None = None
    lugar_emision: str = ""
    from_qr: bool = False  # only what the QR carries (RFC and idCIF)

    @property
    def persona_fisica(self) -> bool:
        return len(self.rfc) == 13

    @property
    def usable(self) -> bool:
        """ACTIVO or REACTIVADO in the padrón (SUSPENDIDO, CANCELADO... are not)."""
        return self.estatus in USABLE_ESTATUS

    @property
    def missing(self) -> tuple[str, ...]:
        """The fields a CFDI's receptor needs that this Constancia did not give."""
        needed = (
            ("nombre", self.nombre),
            ("codigo_postal", self.codigo_postal),
            ("regimenes", self.regimenes),
            ("estatus", self.estatus),
        )
        return tuple(name for name, value in needed if not value)

    def regimenes_vigentes(self) -> tuple[RegimenCsf, ...]:
        return tuple(r for r in self.regimenes if r.fecha_fin is None)


# ---------------------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Upper case without accents (Ñ kept), spaces collapsed."""
    text = text.replace("ñ", "\0").replace("Ñ", "\0")
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("\0", "Ñ").upper().split())


_ACCENTS = {"a": "aá", "e": "eé", "i": "ií", "o": "oó", "u": "uúü", "n": "nñ"}


def _label_pattern(label: str) -> str:
    parts = []
    for char in label:
        low = char.lower()
        if char == " ":
            parts.append(r"\s+")
        elif low in _ACCENTS:
            parts.append(f"[{_ACCENTS[low]}{_ACCENTS[low].upper()}]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


_FIELDS = {
    "rfc": "RFC",
    "curp": "CURP",
    "id_cif": "idCIF",
    "nombres": "Nombre (s)",
    "primer_apellido": "Primer Apellido",
    "segundo_apellido": "Segundo Apellido",
    "razon_social": "Denominación/Razón Social",
    "regimen_capital": "Régimen Capital",
    "nombre_comercial": "Nombre Comercial",
    "inicio_operaciones": "Fecha inicio de operaciones",
    "estatus": "Estatus en el padrón",
    "ultimo_cambio": "Fecha de último cambio de estado",
    "codigo_postal": "Código Postal",
    "tipo_vialidad": "Tipo de Vialidad",
    "vialidad": "Nombre de Vialidad",
    "exterior": "Número Exterior",
    "interior": "Número Interior",
    "colonia": "Nombre de la Colonia",
    "localidad": "Nombre de la Localidad",
    "municipio": "Nombre del Municipio o Demarcación Territorial",
    "entidad_federativa": "Nombre de la Entidad Federativa",
    "entre_calle": "Entre Calle",
    "y_calle": "Y Calle",
    "correo": "Correo Electrónico",
    "lada": "Tel. Fijo Lada",
    "telefono": "Número",
    "estado_domicilio": "Estado del domicilio",
    "estado_contribuyente": "Estado del contribuyente en el domicilio",
}
# Longest first, so "Número Exterior" is not read as "Número".
_LABELS = re.compile(
    r"(?:^|(?<=\s))(?P<label>"
    + "|".join(
        f"(?P<{key}>{_label_pattern(text)})"
        for key, text in sorted(_FIELDS.items(), key=lambda item: -len(item[1]))
    )
    + r")\s*:",
    re.IGNORECASE,
)


def _labelled_values(text: str) -> dict[str, str]:
    """Each known label's value (the first one found): the text after "Label:" up to the
    next known label on the same line."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        matches = list(_LABELS.finditer(line))
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
            key = next(k for k, v in match.groupdict().items() if v and k != "label")
            values.setdefault(key, " ".join(line[match.end() : end].split()))
    return values


_SPANISH_DATE = re.compile(r"(\d{1,2})\s+DE\s+([A-Z]+)\s+DE(?:L)?\s+(\d{4})")
_NUMERIC_DATE = re.compile(r"\b(\d{2})[/-](\d{2})[/-](\d{4})\b")


def _spanish_date(text: str) -> date | None:
    match = _SPANISH_DATE.search(_fold(text))
    if match is None or match.group(2) not in _MONTHS:
        return None
    try:
        return date(int(match.group(3)), _MONTHS[match.group(2)], int(match.group(1)))
    except ValueError:
        return None


def _numeric_date(day: str, month: str, year: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------
# Régimen descriptions -> c_RegimenFiscal
# ---------------------------------------------------------------------------------------

_REGIMEN_PREFIX = re.compile(r"^(?:REGIMEN\s+)?(?:DE\s+)?(?:(?:LAS|LOS|LA|EL)\s+)?")


def _regimen_key(text: str) -> str:
    folded = re.sub(r"[^A-ZÑ0-9 ]", " ", _fold(text))
    return " ".join(_REGIMEN_PREFIX.sub("", " ".join(folded.split())).split())


def regimen_clave(descripcion: str, catalogs: Catalogs) -> str | None:
    """The c_RegimenFiscal key of a CSF's régimen description ("Régimen General de Ley
    Personas Morales" -> "601"); None when no catalog entry matches."""
    wanted = _regimen_key(descripcion)
    if not wanted:
        return None
    best: tuple[int, str] | None = None
    for clave in catalogs.keys("c_RegimenFiscal"):
        entry = catalogs.entry("c_RegimenFiscal", clave)
        if entry is None:
            continue
        known = _regimen_key(entry.descripcion)
        if known == wanted:
            return clave
        if known and (known in wanted or wanted in known):
            score = min(len(known), len(wanted))
            if best is None or score > best[0]:
                best = (score, clave)
    return best[1] if best else None


# ---------------------------------------------------------------------------------------
# The parser
# ---------------------------------------------------------------------------------------

_ID_CIF = re.compile(r"\bidCIF\s*:\s*(\d{6,20})", re.IGNORECASE)
_RFC_VALUE = re.compile(r"^([A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3})\b")
_TITLES = ("CONSTANCIA DE SITUACION FISCAL", "CEDULA DE IDENTIFICACION FISCAL")
_EMISSION = re.compile(
    r"LUGAR Y FECHA DE EMISION\s+(.*?)\s+A\s+(\d{1,2}\s+DE\s+[A-Z]+\s+DE\s+\d{4})"
)
_CADENA_DATE = re.compile(r"\|\|(\d{4})/(\d{2})/(\d{2})\|")
_REGIMEN_ROW = re.compile(
    r"^(?P<desc>.*?)\s*(?P<start>\d{2}/\d{2}/\d{4})(?:\s+(?P<end>\d{2}/\d{2}/\d{4}))?\s*$"
)
_SECTION_END = ("OBLIGACIONES", "SUS DATOS PERSONALES", "CADENA ORIGINAL", "PAGINA [")


def _regimenes(text: str, catalogs: Catalogs | None) -> tuple[RegimenCsf, ...]:
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if _fold(line) == "REGIMENES:"), None)
    if start is None:
        return ()
    rows: list[RegimenCsf] = []
    pending = ""
    for line in lines[start + 1 :]:
        folded = _fold(line)
        if not folded or folded.startswith("REGIMEN FECHA INICIO"):
            continue
        if folded.startswith(_SECTION_END):
            break
        match = _REGIMEN_ROW.match(" ".join(line.split()))
        if match is None:
            pending = f"{pending} {line.strip()}".strip()
            continue
        descripcion = f"{pending} {match.group('desc')}".strip()
        pending = ""
        start_date = _numeric_date(*match.group("start").split("/"))
        end_date = _numeric_date(*match.group("end").split("/")) if match.group("end") else None
        clave = regimen_clave(descripcion, catalogs) if catalogs is not None else None
        rows.append(RegimenCsf(descripcion, start_date, end_date, clave))
    return tuple(rows)


def _rfc(values: dict[str, str]) -> str | None:
    raw = values.get("rfc", "").replace(" ", "").upper()
    match = _RFC_VALUE.match(raw)
    return match.group(1) if match else None


def _emission(text: str) -> tuple[str, date | None]:
    folded = _fold(text.replace("\n", " "))
    match = _EMISSION.search(folded)
    if match is not None:
        place = " ".join(match.group(1).replace(" ,", ",").split())
        return place, _spanish_date(match.group(2))
    cadena = _CADENA_DATE.search(text)
    if cadena is not None:
        return "", _numeric_date(cadena.group(3), cadena.group(2), cadena.group(1))
    return "", None


def _upper(text: str) -> str:
    return " ".join(text.upper().split())


def parse_csf(text: str, catalogs: Catalogs | None = None) -> Constancia:
    """The Constancia in the text of a CSF's PDF. With `catalogs`, each régimen gets its
    c_RegimenFiscal key."""
    folded = _fold(text)
    values = _labelled_values(text)
    id_match = _ID_CIF.search(text)
    rfc = _rfc(values)
    looks_like_csf = any(title in folded for title in _TITLES)
    if not looks_like_csf and id_match is None and "rfc" not in values:
        raise CsfError("not_a_csf")
    if rfc is None:
        if values.get("rfc"):
            raise CsfError("rfc_invalid", rfc=values["rfc"][:20])
        raise CsfError("no_rfc")
    if id_match is None:
        raise CsfError("no_id_cif", rfc=rfc)
    nombres = _upper(values.get("nombres", ""))
    primer = _upper(values.get("primer_apellido", ""))
    segundo = _upper(values.get("segundo_apellido", ""))
    razon_social = _upper(values.get("razon_social", ""))
    regimen_capital = _upper(values.get("regimen_capital", ""))
    if len(rfc) == 13:
        nombre = " ".join(part for part in (nombres, primer, segundo) if part)
    else:
        nombre = razon_social
        if regimen_capital and nombre.endswith(f" {regimen_capital}"):
            nombre = nombre[: -len(regimen_capital)].rstrip(" ,")
    cp_match = re.match(r"\d{5}", values.get("codigo_postal", ""))
    place, issued = _emission(text)
    return Constancia(
        rfc=rfc,
        id_cif=id_match.group(1),
        nombre=nombre,
        nombres=nombres,
        primer_apellido=primer,
        segundo_apellido=segundo,
        razon_social=razon_social if len(rfc) == 12 else "",
        regimen_capital=regimen_capital,
        curp=_upper(values.get("curp", "")),
        codigo_postal=cp_match.group(0) if cp_match else "",
        colonia=_upper(values.get("colonia", "")),
        localidad=_upper(values.get("localidad", "")),
        municipio=_upper(values.get("municipio", "")),
        entidad_federativa=_upper(values.get("entidad_federativa", "")),
        regimenes=_regimenes(text, catalogs),
        estatus=_fold(values.get("estatus", "")).split(" ")[0] if values.get("estatus") else "",
        fecha_emision=issued,
        lugar_emision=place,
    )


def constancia_from_qr(url: str) -> Constancia:
    """The RFC and idCIF in a CSF's QR, SAT's validation URL
    (`...validadorqr.jsf?D1=10&D2=1&D3=<idCIF>_<RFC>`)."""
    try:
        query = parse_qs(urlsplit(url.strip()).query)
    except ValueError as error:
        raise CsfError("qr_not_csf") from error
    d3 = (query.get("D3") or [""])[0]
    id_cif, _, rfc = d3.partition("_")
    rfc = rfc.strip().upper()
    if not id_cif.isdigit() or _RFC_VALUE.match(rfc) is None:
        raise CsfError("qr_not_csf")
    return Constancia(rfc=rfc, id_cif=id_cif, from_qr=True)
