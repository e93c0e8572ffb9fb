"""Checks of one form field as the user leaves it, and SAT catalog lookups for completers.

`check_field` raises the FieldError that `save_*` would raise for the same value, so a
form can say at the field what saving would refuse. Catalog searches are SQLite FTS
lookups of a few ms: fine on the GUI thread as one types.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from facturador.sat.catalogs import default_catalogs
from facturador.sat.errors import RfcError
from facturador.sat.rfc import RFC_PUBLICO_GENERAL, Rfc
from facturador.services import catalog_data
from facturador.services.errors import FieldError
from facturador.services.views import CatalogOption

if TYPE_CHECKING:
    from collections.abc import Callable

    from facturador.services.catalog_data import ClienteData

__all__ = ["catalog_entry", "catalog_search", "check_client", "check_field"]

MAX_DECIMALS = 6
CATALOG_FIELDS = {
    "uso_cfdi": "c_UsoCFDI",
    "clave_prod_serv": "c_ClaveProdServ",
    "clave_unidad": "c_ClaveUnidad",
    "objeto_imp": "c_ObjetoImp",
}


def catalog_search(catalog: str, text: str, limit: int = 20) -> list[CatalogOption]:
    entries = default_catalogs().search(catalog, text, limit)
    return [CatalogOption(clave=e.clave, descripcion=e.descripcion) for e in entries]


def catalog_entry(catalog: str, clave: str, on: date | None = None) -> CatalogOption | None:
    entry = default_catalogs().entry(catalog, clave.strip(), on=on or date.today())
    if entry is None:
        return None
    return CatalogOption(clave=entry.clave, descripcion=entry.descripcion)


def check_field(name: str, value: str, rfc: str = "") -> None:
    """Check one field of a company, client or product form; raises FieldError naming it.
    `rfc` is the form's RFC, for the fields whose rules depend on it (régimen)."""
    catalogs = default_catalogs()
    if name == "rfc":
        catalog_data.parse_rfc(value)
    elif name in ("regimen_fiscal", "regimen_fiscal_receptor"):
        parsed = _parsed_rfc_or_none(rfc) or Rfc.parse(RFC_PUBLICO_GENERAL)
        catalog_data.check_regimen(catalogs, name, value, parsed)
    elif name in ("lugar_expedicion", "domicilio_fiscal_receptor"):
        catalog_data.check_codigo_postal(catalogs, name, value)
    elif name in CATALOG_FIELDS:
        text = value.strip()
        if not text:
            raise FieldError(name, "required")
        if not catalogs.contains(CATALOG_FIELDS[name], text):
            raise FieldError(name, "not_in_catalog", text)
    elif name == "valor_unitario":
        check_amount(name, value)
    elif not value.strip():
        raise FieldError(name, "required")


def check_amount(name: str, value: str) -> Decimal:
    """An amount as the user types it ("$1,250.50"): not negative, at most six decimals."""
    text = value.strip().replace(",", "").lstrip("$").strip()
    if not text:
        raise FieldError(name, "required")
    try:
        amount = Decimal(text)
    except InvalidOperation as error:
        raise FieldError(name, "not_a_decimal", value) from error
    if not amount.is_finite():
        raise FieldError(name, "not_a_decimal", value)
    if amount < 0:
        raise FieldError(name, "negative", value)
    if -int(amount.as_tuple().exponent) > MAX_DECIMALS:
        raise FieldError(name, "too_many_decimals", value)
    return amount


def _parsed_rfc_or_none(text: str) -> Rfc | None:
    try:
        return Rfc.parse(text.strip().upper()) if text.strip() else None
    except RfcError:
        return None


def check_client(data: ClienteData) -> list[FieldError]:
    """Every problem of a client form at once, at most one per field (what saving would
    refuse, one save at a time): each field alone, the e-mails, a foreign client's ids,
    then the rules between fields (RFC genérico, UsoCFDI with the régimen)."""
    problems: dict[str, FieldError] = {}

    def attempt(check: Callable[..., object], *args: object) -> None:
        try:
            check(*args)
        except FieldError as error:
            problems.setdefault(error.field, error)

    attempt(check_field, "rfc", data.rfc)
    attempt(check_field, "nombre", data.nombre)
    attempt(check_field, "regimen_fiscal_receptor", data.regimen_fiscal_receptor, data.rfc)
    attempt(check_field, "domicilio_fiscal_receptor", data.domicilio_fiscal_receptor)
    attempt(check_field, "uso_cfdi", data.uso_cfdi)
    rfc = data.rfc.strip().upper()
    attempt(
        catalog_data.check_extranjero,
        default_catalogs(),
        rfc,
        data.residencia_fiscal,
        data.num_reg_id_trib,
    )
    wrong = [e.strip() for e in data.emails if e.strip() and not catalog_data.is_email(e.strip())]
    if wrong:
        problems["emails"] = FieldError("emails", "invalid_email", ", ".join(wrong))
    if not problems:
        attempt(catalog_data.check_client_rules, data)
    return list(problems.values())
