"""SAT's validation page of a Constancia de Situación Fiscal: the page the CSF's QR opens.

    https://siat.sat.gob.mx/app/qr/faces/pages/mobile/validadorqr.jsf?D1=10&D2=1&D3=<idCIF>_<RFC>

It answers an HTML page (JSF/PrimeFaces) with the taxpayer's data as SAT has them today:
"El RFC: X, tiene asociada la siguiente información.", then label/value cells ("Denominación
o Razón Social:", "Régimen de capital:", "Nombre:", "Apellido Paterno:", "Situación del
contribuyente:", "CP:", …) and one "Régimen:" / "Fecha de alta:" pair per régimen; for
unknown data "No se encontró información de la cédula de identificación fiscal…".

`parse_csf_page` reads it (lxml); `SatCsfPageClient.fetch` asks for it over HTTP (timeouts
always). What goes wrong raises `SatCsfPageError` (its `reason` picks the Spanish text in
`pac.messages`): not found, an answer that is not that page, the page not answering.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime

import requests

from facturador.pac._http import Transport
from facturador.pac.base import DEFAULT_TIMEOUT, Timeout
from facturador.pac.errors import PacError, PacUnavailableError

__all__ = [
    "CSF_PAGE_URL",
    "SatCsfPage",
    "SatCsfPageClient",
    "SatCsfPageError",
    "page_url",
    "parse_csf_page",
]

CSF_PAGE_URL = "https://siat.sat.gob.mx/app/qr/faces/pages/mobile/validadorqr.jsf"
URL_ENV = "FACTURADOR_SAT_CSF_URL"  # tests point it at the loopback emulator
_HEADING = re.compile(r"El RFC:\s*([A-ZÑ&0-9]{12,13})\s*,\s*tiene asociada", re.IGNORECASE)
_NOT_FOUND = "no se encontró información"


class SatCsfPageError(PacError):
    """`reason`: "not_found" (SAT has no CSF for that idCIF and RFC), "garbage" (an answer
    that is not the validation page), "unavailable" (no answer, timeout, HTTP error),
    "other_rfc" (the page is about another RFC)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason, detail)
        self.reason = reason

    @property
    def message(self) -> str:
        from facturador.pac.messages import CSF_PAGE_ERRORS

        return CSF_PAGE_ERRORS[self.reason].format(detail=self.detail or "")


@dataclass(frozen=True, slots=True, kw_only=True)
class SatCsfPage:
    rfc: str
    nombre: str  # as a CFDI's receptor carries it: razón social, or nombre + apellidos
    razon_social: str = ""
    regimen_capital: str = ""
    nombres: str = ""
    apellido_paterno: str = ""
    apellido_materno: str = ""
    situacion: str = ""  # ACTIVO, SUSPENDIDO...
    codigo_postal: str = ""
    colonia: str = ""
    localidad: str = ""
    municipio: str = ""
    entidad_federativa: str = ""
    regimenes: tuple[tuple[str, date | None], ...] = ()  # (description, fecha de alta)


def page_url(rfc: str, id_cif: str, base: str | None = None) -> str:
    url = base or os.environ.get(URL_ENV) or CSF_PAGE_URL
    return f"{url}?D1=10&D2=1&D3={id_cif}_{rfc}"


def _texts(html: bytes) -> list[str]:
    from lxml import etree
    from lxml import html as lxml_html

    try:
        html.decode("utf-8")
        encoding = "utf-8"  # what SAT sends, often without saying so
    except UnicodeDecodeError:
        encoding = "windows-1252"
    try:
        root = lxml_html.fromstring(html, parser=lxml_html.HTMLParser(encoding=encoding))
    except (etree.ParserError, ValueError) as error:
        raise SatCsfPageError("garbage", str(error)) from error
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    return [" ".join(t.split()) for t in root.itertext() if t.strip()]


def _date(text: str) -> date | None:
    try:
        return datetime.strptime(text.strip(), "%d-%m-%Y").date()
    except ValueError:
        return None


_FIELDS = {
    "Denominación o Razón Social": "razon_social",
    "Régimen de capital": "regimen_capital",
    "Nombre": "nombres",
    "Apellido Paterno": "apellido_paterno",
    "Apellido Materno": "apellido_materno",
    "Situación del contribuyente": "situacion",
    "CP": "codigo_postal",
    "Colonia": "colonia",
    "Localidad": "localidad",
    "Municipio o delegación": "municipio",
    "Entidad Federativa": "entidad_federativa",
}


def parse_csf_page(html: bytes) -> SatCsfPage:
    """The data on SAT's validation page, or SatCsfPageError."""
    if not html.strip():
        raise SatCsfPageError("garbage", "respuesta vacía")
    texts = _texts(html)
    joined = " ".join(texts)
    heading = _HEADING.search(joined)
    if heading is None:
        if _NOT_FOUND in joined.lower():
            raise SatCsfPageError("not_found")
        raise SatCsfPageError("garbage")
    values: dict[str, str] = {}
    regimenes: list[tuple[str, date | None]] = []
    pending_regimen: str | None = None
    for index, text in enumerate(texts):
        if not text.endswith(":"):
            continue
        label = text[:-1].strip()
        following = texts[index + 1] if index + 1 < len(texts) else ""
        value = "" if following.endswith(":") else following
        if label == "Régimen":
            if pending_regimen is not None:
                regimenes.append((pending_regimen, None))
            pending_regimen = value
        elif label == "Fecha de alta" and pending_regimen is not None:
            regimenes.append((pending_regimen, _date(value)))
            pending_regimen = None
        elif label in _FIELDS and _FIELDS[label] not in values:
            values[_FIELDS[label]] = value
    if pending_regimen is not None:
        regimenes.append((pending_regimen, None))
    rfc = heading.group(1).upper()
    if values.get("razon_social"):
        nombre = values["razon_social"]
    else:
        parts = (values.get(k, "") for k in ("nombres", "apellido_paterno", "apellido_materno"))
        nombre = " ".join(p for p in parts if p)
    if not nombre and not regimenes:
        raise SatCsfPageError("garbage")
    return SatCsfPage(rfc=rfc, nombre=nombre, regimenes=tuple(regimenes), **values)


class SatCsfPageClient:
    """Asks SAT's validation page (no authentication)."""

    def __init__(
        self,
        *,
        url: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
    ) -> None:
        self.url = url
        self._transport = Transport(timeout, session)

    def fetch(self, rfc: str, id_cif: str) -> SatCsfPage:
        try:
            response = self._transport.request("GET", page_url(rfc, id_cif, self.url))
        except PacUnavailableError as error:
            raise SatCsfPageError("unavailable", error.detail or "") from error
        finally:
            self._transport.close()
        if response.status_code >= 400:
            raise SatCsfPageError("unavailable", f"HTTP {response.status_code}")
        page = parse_csf_page(response.content)
        if page.rfc != rfc:
            raise SatCsfPageError("other_rfc", page.rfc)
        return page
