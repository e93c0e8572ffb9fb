"""Clients and products of the active company: add, edit, list, search.

Every field is checked against SAT's catalogs through `facturador.sat`; a failure is a
`FieldError` naming the field. Search is case- and accent-insensitive on RFC and name
(clients) or description, key and NoIdentificacion (products), through a normalized
`search_key` column, the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, col, select

from facturador.models.repositories import search_key
from facturador.models.tables import Cliente, Producto
from facturador.sat.catalogs import Catalogs, default_catalogs
from facturador.sat.rfc import RFC_EXTRANJERO, RFC_PUBLICO_GENERAL, Rfc
from facturador.services.domicilio_fields import DOMICILIO_FIELDS
from facturador.services.errors import DuplicateError, FieldError, NotFoundError

if TYPE_CHECKING:
    from facturador.sat.csf import Constancia

__all__ = [
    "ClienteData",
    "ProductoData",
    "add_client",
    "add_product",
    "check_client_rules",
    "check_codigo_postal",
    "check_extranjero",
    "check_regimen",
    "edit_client",
    "edit_product",
    "get_client",
    "get_product",
    "is_email",
    "list_clients",
    "list_products",
    "parse_rfc",
    "record_origin",
    "refresh_origin",
    "search_clients",
    "search_products",
]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MAX_DECIMALS = 6
GENERIC_REGIMEN = "616"
GENERIC_USO = "S01"


@dataclass(slots=True, kw_only=True)
class ClienteData:
    rfc: str
    nombre: str
    regimen_fiscal_receptor: str
    domicilio_fiscal_receptor: str
    uso_cfdi: str
    emails: list[str] = field(default_factory=list)
    # Only for a foreign receptor (XEXX010101000): c_Pais and the tax id there.
    residencia_fiscal: str | None = None
    num_reg_id_trib: str | None = None
    # A foreign receptor's address (Comercio Exterior's Receptor.Domicilio); all optional.
    calle: str | None = None
    numero_exterior: str | None = None
    numero_interior: str | None = None
    colonia: str | None = None
    localidad: str | None = None
    municipio: str | None = None
    estado: str | None = None
    pais: str | None = None
    codigo_postal: str | None = None
    # The Constancia these data were taken from (csf_import), if any: saving records it as
    # the client's origin; a save without one keeps the origin only while the data match.
    constancia: Constancia | None = field(default=None, compare=False)


_ADDRESS_FIELDS = [name for name, _attribute in DOMICILIO_FIELDS]
_CLIENT_FIELDS = [
    "rfc",
    "nombre",
    "regimen_fiscal_receptor",
    "domicilio_fiscal_receptor",
    "uso_cfdi",
    "emails",
    "residencia_fiscal",
    "num_reg_id_trib",
    *_ADDRESS_FIELDS,
]


@dataclass(slots=True, kw_only=True)
class ProductoData:
    clave_prod_serv: str
    clave_unidad: str
    descripcion: str
    valor_unitario: Decimal | str
    objeto_imp: str
    unidad: str | None = None
    no_identificacion: str | None = None
    impuestos: dict[str, Any] = field(default_factory=dict)
    # Comercio Exterior: c_FraccionArancelaria and c_UnidadAduana keys, when exported.
    fraccion_arancelaria: str | None = None
    unidad_aduana: str | None = None


def _required(name: str, value: str | None) -> str:
    text = (value or "").strip()
    if not text:
        raise FieldError(name, "required")
    return text


def _optional_in_catalog(
    catalogs: Catalogs, catalog: str, name: str, value: str | None
) -> str | None:
    text = (value or "").strip()
    return _in_catalog(catalogs, catalog, name, text) if text else None


def parse_rfc(value: str, name: str = "rfc") -> Rfc:
    from facturador.sat.errors import RfcError

    text = _required(name, value).upper()
    try:
        return Rfc.parse(text)
    except RfcError as error:
        raise FieldError(name, "invalid", text, error.message) from error


def check_codigo_postal(catalogs: Catalogs, name: str, cp: str) -> str:
    cp = _required(name, cp)
    if catalogs.codigo_postal(cp) is None:
        raise FieldError(name, "not_in_catalog", cp)
    return cp


def _in_catalog(catalogs: Catalogs, catalog: str, name: str, value: str) -> str:
    value = _required(name, value)
    if not catalogs.contains(catalog, value):
        raise FieldError(name, "not_in_catalog", value)
    return value


def _applies(name: str, value: str, aplica: tuple[bool, bool], rfc: Rfc) -> None:
    fisica, moral = aplica
    if rfc.is_persona_moral and not moral:
        raise FieldError(name, "not_for_moral", value)
    if rfc.is_persona_fisica and not fisica:
        raise FieldError(name, "not_for_fisica", value)


def check_regimen(catalogs: Catalogs, name: str, regimen: str, rfc: Rfc) -> str:
    regimen = _in_catalog(catalogs, "c_RegimenFiscal", name, regimen)
    if str(rfc) != RFC_PUBLICO_GENERAL:
        _applies(name, regimen, catalogs.regimen_aplica(regimen), rfc)
    return regimen


_MAX_NUM_REG_ID_TRIB = 40


def check_extranjero(
    catalogs: Catalogs, rfc: str, residencia: str | None, numero: str | None
) -> tuple[str | None, str | None]:
    """ResidenciaFiscal and NumRegIdTrib of a client as Anexo 20 has them, or FieldError.

    Only XEXX010101000 carries them (CFDI40151, CFDI40154); ResidenciaFiscal is a c_Pais
    key other than MEX (CFDI40150, CFDI40152) and is required once NumRegIdTrib is given
    (CFDI40153); NumRegIdTrib follows the pattern c_Pais gives for that country (CFDI40156).
    Both are optional otherwise: SAT requires them only with Comercio Exterior.
    """
    residencia = (residencia or "").strip().upper() or None
    numero = " ".join((numero or "").split()) or None
    if rfc != RFC_EXTRANJERO:
        if residencia is not None:
            raise FieldError("residencia_fiscal", "foreign_only", residencia, RFC_EXTRANJERO)
        if numero is not None:
            raise FieldError("num_reg_id_trib", "foreign_only", numero, RFC_EXTRANJERO)
        return None, None
    if residencia is not None:
        if residencia == "MEX":
            raise FieldError("residencia_fiscal", "not_mex", residencia)
        residencia = _in_catalog(catalogs, "c_Pais", "residencia_fiscal", residencia)
    if numero is None:
        return residencia, None
    if residencia is None:
        raise FieldError("residencia_fiscal", "required_with_num_reg_id_trib")
    if len(numero) > _MAX_NUM_REG_ID_TRIB:
        raise FieldError("num_reg_id_trib", "too_long", numero, _MAX_NUM_REG_ID_TRIB)
    pais = catalogs.entry("c_Pais", residencia)
    patron = str(pais.extra.get("patron_identidad_tributaria") or "") if pais else ""
    if patron and re.fullmatch(patron, numero) is None:
        raise FieldError("num_reg_id_trib", "pattern_of_country", numero, pais.descripcion)  # type: ignore[union-attr]
    return residencia, numero


def _validate_client(data: ClienteData, catalogs: Catalogs) -> Cliente:
    rfc = parse_rfc(data.rfc)
    nombre = _required("nombre", data.nombre)
    regimen = check_regimen(catalogs, "regimen_fiscal_receptor", data.regimen_fiscal_receptor, rfc)
    cp = check_codigo_postal(catalogs, "domicilio_fiscal_receptor", data.domicilio_fiscal_receptor)
    uso = _in_catalog(catalogs, "c_UsoCFDI", "uso_cfdi", data.uso_cfdi)
    if str(rfc) == RFC_PUBLICO_GENERAL:
        if regimen != GENERIC_REGIMEN:
            raise FieldError("regimen_fiscal_receptor", "generic_rfc_regimen", regimen, rfc)
        if uso != GENERIC_USO:
            raise FieldError("uso_cfdi", "generic_rfc_uso", uso, rfc)
    else:
        _applies("uso_cfdi", uso, catalogs.uso_cfdi_aplica(uso), rfc)
    if regimen not in catalogs.uso_cfdi_regimenes(uso):
        raise FieldError("uso_cfdi", "uso_not_for_regimen", uso, regimen)
    residencia, numero = check_extranjero(
        catalogs, str(rfc), data.residencia_fiscal, data.num_reg_id_trib
    )
    emails = [email.strip() for email in data.emails if email.strip()]
    for email in emails:
        if not _EMAIL.match(email):
            raise FieldError("emails", "invalid_email", email)
    cliente = Cliente(
        empresa_id=0,
        rfc=str(rfc),
        nombre=nombre,
        regimen_fiscal_receptor=regimen,
        domicilio_fiscal_receptor=cp,
        uso_cfdi=uso,
        emails=emails,
        residencia_fiscal=residencia,
        num_reg_id_trib=numero,
        search_key=search_key(str(rfc), nombre),
    )
    for name in _ADDRESS_FIELDS:
        setattr(cliente, name, " ".join((getattr(data, name) or "").split()) or None)
    if cliente.pais is not None:
        cliente.pais = _in_catalog(catalogs, "c_Pais", "pais", cliente.pais.upper())
    return cliente


def check_client_rules(data: ClienteData, catalogs: Catalogs | None = None) -> None:
    """Every check saving a client makes (the first failing one raises FieldError)."""
    _validate_client(data, catalogs or default_catalogs())


def is_email(text: str) -> bool:
    return _EMAIL.match(text) is not None


def _decimal(name: str, value: Decimal | str) -> Decimal:
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation as error:
        raise FieldError(name, "not_a_decimal", value) from error
    if not amount.is_finite():
        raise FieldError(name, "not_a_decimal", value)
    if amount < 0:
        raise FieldError(name, "negative", value)
    if -amount.as_tuple().exponent > _MAX_DECIMALS:  # type: ignore[operator]
        raise FieldError(name, "too_many_decimals", value)
    return amount


def _validate_product(data: ProductoData, catalogs: Catalogs) -> Producto:
    clave = _in_catalog(catalogs, "c_ClaveProdServ", "clave_prod_serv", data.clave_prod_serv)
    unidad_clave = _in_catalog(catalogs, "c_ClaveUnidad", "clave_unidad", data.clave_unidad)
    objeto = _in_catalog(catalogs, "c_ObjetoImp", "objeto_imp", data.objeto_imp)
    descripcion = _required("descripcion", data.descripcion)
    if not isinstance(data.impuestos, dict):
        raise FieldError("impuestos", "invalid", data.impuestos, "se esperaba un objeto JSON")
    return Producto(
        empresa_id=0,
        clave_prod_serv=clave,
        clave_unidad=unidad_clave,
        unidad=(data.unidad or "").strip() or None,
        descripcion=descripcion,
        valor_unitario=_decimal("valor_unitario", data.valor_unitario),
        objeto_imp=objeto,
        no_identificacion=(data.no_identificacion or "").strip() or None,
        impuestos=data.impuestos,
        fraccion_arancelaria=_optional_in_catalog(
            catalogs, "c_FraccionArancelaria", "fraccion_arancelaria", data.fraccion_arancelaria
        ),
        unidad_aduana=_optional_in_catalog(
            catalogs, "c_UnidadAduana", "unidad_aduana", data.unidad_aduana
        ),
        search_key=search_key(descripcion, clave, data.no_identificacion),
    )


def _copy(source: Any, target: Any, names: list[str]) -> None:
    for name in names:
        setattr(target, name, getattr(source, name))


def _matches(cliente: Cliente, known: dict[str, Any]) -> bool:
    """Whether the client's receptor data are what its Constancia (or SAT) says."""
    nombre, cp = str(known.get("nombre") or ""), str(known.get("codigo_postal") or "")
    regimenes = [str(r) for r in known.get("regimenes") or ()]
    return (
        bool(nombre and cp)
        and " ".join(cliente.nombre.split()) == " ".join(nombre.split())
        and cliente.domicilio_fiscal_receptor == cp
        and (not regimenes or cliente.regimen_fiscal_receptor in regimenes)
    )


def record_origin(cliente: Cliente, data: ClienteData, today: date | None = None) -> None:
    """Where the client's data came from: the Constancia `data` carries (its date), else
    what it was (while the data still match what the Constancia or SAT said), else typed."""
    from facturador.services.receptor_check import constancia_record

    if data.constancia is not None and data.constancia.rfc == cliente.rfc:
        cliente.constancia = constancia_record(data.constancia, today or date.today())
    refresh_origin(cliente)


def refresh_origin(cliente: Cliente) -> None:
    """The client's origin from what its Constancia (or SAT's page) said: that source and
    date while the data match it, else typed."""
    known = cliente.constancia
    if isinstance(known, dict) and _matches(cliente, known):
        cliente.origen = str(known.get("fuente") or "constancia")
        cliente.origen_fecha = date.fromisoformat(str(known["fecha"]))
    else:
        cliente.origen, cliente.origen_fecha = "capturado", None


def add_client(
    session: Session,
    empresa_id: int,
    data: ClienteData,
    catalogs: Catalogs | None = None,
    *,
    today: date | None = None,
) -> Cliente:
    cliente = _validate_client(data, catalogs or default_catalogs())
    cliente.empresa_id = empresa_id
    record_origin(cliente, data, today)
    if cliente.rfc != RFC_PUBLICO_GENERAL and not cliente.rfc.startswith("XEXX"):
        duplicate = session.exec(
            select(Cliente.id).where(Cliente.empresa_id == empresa_id, Cliente.rfc == cliente.rfc)
        ).first()
        if duplicate is not None:
            raise DuplicateError("cliente", cliente.rfc)
    session.add(cliente)
    session.commit()
    return cliente


def get_client(session: Session, empresa_id: int, cliente_id: int) -> Cliente:
    cliente = session.get(Cliente, cliente_id)
    if cliente is None or cliente.empresa_id != empresa_id:
        raise NotFoundError("cliente", cliente_id)
    return cliente


def edit_client(
    session: Session,
    empresa_id: int,
    cliente_id: int,
    data: ClienteData,
    catalogs: Catalogs | None = None,
    *,
    today: date | None = None,
) -> Cliente:
    cliente = get_client(session, empresa_id, cliente_id)
    checked = _validate_client(data, catalogs or default_catalogs())
    if checked.rfc != cliente.rfc:
        cliente.constancia = None  # another taxpayer: what its Constancia said is moot
    _copy(checked, cliente, [*_CLIENT_FIELDS, "search_key"])
    record_origin(cliente, data, today)
    session.add(cliente)
    session.commit()
    return cliente


def list_clients(session: Session, empresa_id: int, limit: int = 500) -> list[Cliente]:
    query = (
        select(Cliente)
        .where(Cliente.empresa_id == empresa_id)
        .order_by(col(Cliente.nombre), col(Cliente.id))
        .limit(limit)
    )
    return list(session.exec(query))


def search_clients(session: Session, empresa_id: int, text: str, limit: int = 50) -> list[Cliente]:
    pattern = f"%{_escape_like(search_key(text.strip()))}%"
    query = (
        select(Cliente)
        .where(Cliente.empresa_id == empresa_id)
        .where(col(Cliente.search_key).like(pattern, escape="\\"))
        .order_by(col(Cliente.nombre), col(Cliente.id))
        .limit(limit)
    )
    return list(session.exec(query))


def add_product(
    session: Session, empresa_id: int, data: ProductoData, catalogs: Catalogs | None = None
) -> Producto:
    producto = _validate_product(data, catalogs or default_catalogs())
    producto.empresa_id = empresa_id
    session.add(producto)
    session.commit()
    return producto


def get_product(session: Session, empresa_id: int, producto_id: int) -> Producto:
    producto = session.get(Producto, producto_id)
    if producto is None or producto.empresa_id != empresa_id:
        raise NotFoundError("producto", producto_id)
    return producto


def edit_product(
    session: Session,
    empresa_id: int,
    producto_id: int,
    data: ProductoData,
    catalogs: Catalogs | None = None,
) -> Producto:
    producto = get_product(session, empresa_id, producto_id)
    checked = _validate_product(data, catalogs or default_catalogs())
    _copy(checked, producto, [f.name for f in fields(ProductoData)] + ["search_key"])
    session.add(producto)
    session.commit()
    return producto


def list_products(session: Session, empresa_id: int, limit: int = 500) -> list[Producto]:
    query = (
        select(Producto)
        .where(Producto.empresa_id == empresa_id)
        .order_by(col(Producto.descripcion), col(Producto.id))
        .limit(limit)
    )
    return list(session.exec(query))


def search_products(
    session: Session, empresa_id: int, text: str, limit: int = 50
) -> list[Producto]:
    pattern = f"%{_escape_like(search_key(text.strip()))}%"
    query = (
        select(Producto)
        .where(Producto.empresa_id == empresa_id)
        .where(col(Producto.search_key).like(pattern, escape="\\"))
        .order_by(col(Producto.descripcion), col(Producto.id))
        .limit(limit)
    )
    return list(session.exec(query))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
