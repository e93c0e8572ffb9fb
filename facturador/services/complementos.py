"""Comercio Exterior 2.0 and Carta Porte 3.1 from what the user chose: the company's
vehicles, drivers and frequent locations (add, edit, list, delete), and the functions that
turn a form's choices into the document's `Complemento` JSON (the contract of
`facturador.sat._comercio_exterior_input` and `_carta_porte_input`: strings everywhere,
keys are the XSD's names). The GUI and the CLI call the same functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlmodel import Session, SQLModel, col, select

from facturador.models.repositories import search_key
from facturador.models.tables import Cliente, Operador, Producto, Ubicacion, Vehiculo
from facturador.sat.catalogs import default_catalogs
from facturador.sat.money import quantize
from facturador.services.domicilio_fields import DOMICILIO_FIELDS
from facturador.services.errors import FieldError, NotFoundError
from facturador.services.views import ClientInfo, ProductInfo

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = [
    "DOMICILIO_FIELDS",
    "CartaPorteLinea",
    "ComplementChoices",
    "OperadorData",
    "Stored",
    "UbicacionData",
    "VehiculoData",
    "add_operador",
    "add_ubicacion",
    "add_vehiculo",
    "carta_porte_input",
    "comercio_exterior_input",
    "complement_choices",
    "data_of",
    "delete_operador",
    "delete_ubicacion",
    "delete_vehiculo",
    "domicilio_of",
    "edit_operador",
    "edit_ubicacion",
    "edit_vehiculo",
    "get_operador",
    "get_ubicacion",
    "get_vehiculo",
    "is_clave_prod_serv_cp",
    "list_operadores",
    "list_ubicaciones",
    "list_vehiculos",
    "operadores",
    "remove_operador",
    "remove_ubicacion",
    "remove_vehiculo",
    "save_operador",
    "save_ubicacion",
    "save_vehiculo",
    "ubicaciones",
    "vehiculos",
]

_MAX_REMOLQUES = 2


def _text(value: str | None) -> str | None:
    return " ".join((value or "").split()) or None


def _required(name: str, value: str | None) -> str:
    text = _text(value)
    if text is None:
        raise FieldError(name, "required")
    return text


def _in_catalog(catalog: str, name: str, value: str) -> str:
    if not default_catalogs().contains(catalog, value):
        raise FieldError(name, "not_in_catalog", value)
    return value


# Countries whose states are listed in c_Estado (elsewhere Estado is free text).
_COUNTRIES_WITH_STATES = ("MEX", "USA", "CAN")


def _number(name: str, value: str | None, *, required: bool = True) -> str | None:
    text = _text(value)
    if text is None:
        if required:
            raise FieldError(name, "required")
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation as error:
        raise FieldError(name, "not_a_decimal", text) from error
    if not amount.is_finite() or amount < 0:
        raise FieldError(name, "not_a_decimal", text)
    return text


@dataclass(slots=True, kw_only=True)
class VehiculoData:
    alias: str
    perm_sct: str
    num_permiso_sct: str
    config_vehicular: str
    peso_bruto_vehicular: str
    placa_vm: str
    anio_modelo_vm: str
    asegura_resp_civil: str
    poliza_resp_civil: str
    asegura_med_ambiente: str | None = None
    poliza_med_ambiente: str | None = None
    asegura_carga: str | None = None
    poliza_carga: str | None = None
    # Up to two {"SubTipoRem": c_SubTipoRem, "Placa": ...}.
    remolques: list[dict[str, str]] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class OperadorData:
    nombre_figura: str
    num_licencia: str
    rfc_figura: str | None = None
    num_reg_id_trib_figura: str | None = None
    residencia_fiscal_figura: str | None = None


@dataclass(slots=True, kw_only=True)
class UbicacionData:
    alias: str
    rfc: str
    estado: str
    codigo_postal: str
    pais: str = "MEX"
    nombre: str | None = None
    calle: str | None = None
    numero_exterior: str | None = None
    numero_interior: str | None = None
    colonia: str | None = None
    localidad: str | None = None
    municipio: str | None = None


def _validate_vehiculo(data: VehiculoData) -> dict[str, Any]:
    values: dict[str, Any] = {
        "alias": _required("alias", data.alias),
        "perm_sct": _in_catalog(
            "c_TipoPermiso", "perm_sct", _required("perm_sct", data.perm_sct).upper()
        ),
        "num_permiso_sct": _required("num_permiso_sct", data.num_permiso_sct),
        "config_vehicular": _in_catalog(
            "c_ConfigAutotransporte",
            "config_vehicular",
            _required("config_vehicular", data.config_vehicular).upper(),
        ),
        "peso_bruto_vehicular": _number("peso_bruto_vehicular", data.peso_bruto_vehicular),
        "placa_vm": _required("placa_vm", data.placa_vm).upper().replace(" ", ""),
        "asegura_resp_civil": _required("asegura_resp_civil", data.asegura_resp_civil),
        "poliza_resp_civil": _required("poliza_resp_civil", data.poliza_resp_civil),
    }
    anio = _required("anio_modelo_vm", data.anio_modelo_vm)
    if not (len(anio) == 4 and anio.isdigit()):
        raise FieldError("anio_modelo_vm", "invalid", anio, "cuatro dígitos")
    values["anio_modelo_vm"] = anio
    for name in ("asegura_med_ambiente", "poliza_med_ambiente", "asegura_carga", "poliza_carga"):
        values[name] = _text(getattr(data, name))
    remolques = []
    for remolque in data.remolques:
        subtipo = _text(remolque.get("SubTipoRem"))
        placa = _text(remolque.get("Placa"))
        if subtipo is None and placa is None:
            continue
        remolques.append(
            {
                "SubTipoRem": _in_catalog(
                    "c_SubTipoRem", "remolques", _required("remolques", subtipo).upper()
                ),
                "Placa": _required("remolques", placa).upper().replace(" ", ""),
            }
        )
    if len(remolques) > _MAX_REMOLQUES:
        raise FieldError("remolques", "invalid", len(remolques), "a lo más dos remolques")
    values["remolques"] = remolques
    return values


def _validate_operador(data: OperadorData) -> dict[str, Any]:
    rfc = _text(data.rfc_figura)
    numero = _text(data.num_reg_id_trib_figura)
    residencia = _text(data.residencia_fiscal_figura)
    if rfc is None and numero is None:
        raise FieldError("rfc_figura", "required")
    if numero is not None and residencia is None:
        raise FieldError("residencia_fiscal_figura", "required_with_num_reg_id_trib")
    if rfc is not None:
        from facturador.services.catalog_data import parse_rfc

        rfc = str(parse_rfc(rfc, "rfc_figura"))
    return {
        "rfc_figura": rfc,
        "nombre_figura": _required("nombre_figura", data.nombre_figura),
        "num_licencia": _required("num_licencia", data.num_licencia),
        "num_reg_id_trib_figura": numero,
        "residencia_fiscal_figura": (
            _in_catalog("c_Pais", "residencia_fiscal_figura", residencia.upper())
            if residencia
            else None
        ),
    }


def _validate_ubicacion(data: UbicacionData) -> dict[str, Any]:
    from facturador.services.catalog_data import parse_rfc

    pais = _in_catalog("c_Pais", "pais", _required("pais", data.pais).upper())
    estado = _required("estado", data.estado).upper()
    if pais in _COUNTRIES_WITH_STATES:
        _in_catalog("c_Estado", "estado", estado)
    codigo_postal = _required("codigo_postal", data.codigo_postal)
    if pais == "MEX":
        _in_catalog("c_CodigoPostal", "codigo_postal", codigo_postal)
    values: dict[str, Any] = {
        "alias": _required("alias", data.alias),
        "rfc": str(parse_rfc(data.rfc)),
        "nombre": _text(data.nombre),
        "estado": estado,
        "pais": pais,
        "codigo_postal": codigo_postal,
    }
    for name in ("calle", "numero_exterior", "numero_interior", "colonia", "localidad"):
        values[name] = _text(getattr(data, name))
    values["municipio"] = _text(data.municipio)
    return values


_Row = TypeVar("_Row", bound=SQLModel)


def _get(session: Session, table: type[_Row], kind: str, empresa_id: int, row_id: int) -> _Row:
    row = session.get(table, row_id)
    if row is None or getattr(row, "empresa_id", None) != empresa_id:
        raise NotFoundError(kind, row_id)
    return row


def _save(session: Session, row: _Row, values: Mapping[str, Any]) -> _Row:
    for name, value in values.items():
        setattr(row, name, value)
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


def _list(session: Session, table: type[_Row], empresa_id: int, order: Any) -> list[_Row]:
    query = (
        select(table)
        .where(table.empresa_id == empresa_id)  # type: ignore[attr-defined]
        .order_by(col(order), col(table.id))  # type: ignore[attr-defined]
    )
    return list(session.exec(query))


def _delete(session: Session, row: SQLModel) -> None:
    session.delete(row)
    session.commit()


def add_vehiculo(session: Session, empresa_id: int, data: VehiculoData) -> Vehiculo:
    values = _validate_vehiculo(data)
    return _save(session, Vehiculo(empresa_id=empresa_id, **values), {})


def edit_vehiculo(session: Session, empresa_id: int, row_id: int, data: VehiculoData) -> Vehiculo:
    values = _validate_vehiculo(data)
    return _save(session, get_vehiculo(session, empresa_id, row_id), values)


def get_vehiculo(session: Session, empresa_id: int, row_id: int) -> Vehiculo:
    return _get(session, Vehiculo, "vehiculo", empresa_id, row_id)


def list_vehiculos(session: Session, empresa_id: int) -> list[Vehiculo]:
    return _list(session, Vehiculo, empresa_id, Vehiculo.alias)


def delete_vehiculo(session: Session, empresa_id: int, row_id: int) -> None:
    _delete(session, get_vehiculo(session, empresa_id, row_id))


def add_operador(session: Session, empresa_id: int, data: OperadorData) -> Operador:
    values = _validate_operador(data)
    return _save(session, Operador(empresa_id=empresa_id, **values), {})


def edit_operador(session: Session, empresa_id: int, row_id: int, data: OperadorData) -> Operador:
    values = _validate_operador(data)
    return _save(session, get_operador(session, empresa_id, row_id), values)


def get_operador(session: Session, empresa_id: int, row_id: int) -> Operador:
    return _get(session, Operador, "operador", empresa_id, row_id)


def list_operadores(session: Session, empresa_id: int) -> list[Operador]:
    return _list(session, Operador, empresa_id, Operador.nombre_figura)


def delete_operador(session: Session, empresa_id: int, row_id: int) -> None:
    _delete(session, get_operador(session, empresa_id, row_id))


def add_ubicacion(session: Session, empresa_id: int, data: UbicacionData) -> Ubicacion:
    values = _validate_ubicacion(data)
    return _save(session, Ubicacion(empresa_id=empresa_id, **values), {})


def edit_ubicacion(
    session: Session, empresa_id: int, row_id: int, data: UbicacionData
) -> Ubicacion:
    values = _validate_ubicacion(data)
    return _save(session, get_ubicacion(session, empresa_id, row_id), values)


def get_ubicacion(session: Session, empresa_id: int, row_id: int) -> Ubicacion:
    return _get(session, Ubicacion, "ubicacion", empresa_id, row_id)


def list_ubicaciones(session: Session, empresa_id: int) -> list[Ubicacion]:
    return _list(session, Ubicacion, empresa_id, Ubicacion.alias)


def delete_ubicacion(session: Session, empresa_id: int, row_id: int) -> None:
    _delete(session, get_ubicacion(session, empresa_id, row_id))


# --- the same, for the active company (what the Catálogos pages and the CLI call) ---------

_DataT = TypeVar("_DataT", VehiculoData, OperadorData, UbicacionData)


@dataclass(frozen=True, slots=True)
class Stored(Generic[_DataT]):
    """A stored vehicle, driver or location as the pages show it: its id and its data."""

    id: int
    data: _DataT


def _stored(row: Vehiculo | Operador | Ubicacion) -> Stored[Any]:
    assert row.id is not None
    return Stored(row.id, data_of(row))


def _found(rows: Sequence[Any], text: str, *names: str) -> list[Stored[Any]]:
    """The rows whose `names` contain `text` (case and accents aside)."""
    wanted = search_key(text.strip())
    return [
        _stored(row)
        for row in rows
        if not wanted or wanted in search_key(*(getattr(row, name) for name in names))
    ]


def vehiculos(ctx: Context, text: str = "") -> list[Stored[VehiculoData]]:
    """The active company's vehicles (by alias), those matching `text` when given."""
    with ctx.read() as session:
        empresa_id = _active(ctx, session)
        rows = list_vehiculos(session, empresa_id)
        return _found(rows, text, "alias", "placa_vm", "config_vehicular", "num_permiso_sct")


def save_vehiculo(
    ctx: Context, data: VehiculoData, row_id: int | None = None
) -> Stored[VehiculoData]:
    """Add a vehicle (row_id None) or change one, for the active company."""
    with ctx.write() as session:
        empresa_id = _active(ctx, session)
        if row_id is None:
            return _stored(add_vehiculo(session, empresa_id, data))
        return _stored(edit_vehiculo(session, empresa_id, row_id, data))


def remove_vehiculo(ctx: Context, row_id: int) -> None:
    with ctx.write() as session:
        delete_vehiculo(session, _active(ctx, session), row_id)


def operadores(ctx: Context, text: str = "") -> list[Stored[OperadorData]]:
    with ctx.read() as session:
        empresa_id = _active(ctx, session)
        rows = list_operadores(session, empresa_id)
        return _found(rows, text, "nombre_figura", "rfc_figura", "num_licencia")


def save_operador(
    ctx: Context, data: OperadorData, row_id: int | None = None
) -> Stored[OperadorData]:
    with ctx.write() as session:
        empresa_id = _active(ctx, session)
        if row_id is None:
            return _stored(add_operador(session, empresa_id, data))
        return _stored(edit_operador(session, empresa_id, row_id, data))


def remove_operador(ctx: Context, row_id: int) -> None:
    with ctx.write() as session:
        delete_operador(session, _active(ctx, session), row_id)


def ubicaciones(ctx: Context, text: str = "") -> list[Stored[UbicacionData]]:
    with ctx.read() as session:
        empresa_id = _active(ctx, session)
        rows = list_ubicaciones(session, empresa_id)
        return _found(rows, text, "alias", "rfc", "nombre", "municipio", "codigo_postal")


def save_ubicacion(
    ctx: Context, data: UbicacionData, row_id: int | None = None
) -> Stored[UbicacionData]:
    with ctx.write() as session:
        empresa_id = _active(ctx, session)
        if row_id is None:
            return _stored(add_ubicacion(session, empresa_id, data))
        return _stored(edit_ubicacion(session, empresa_id, row_id, data))


def remove_ubicacion(ctx: Context, row_id: int) -> None:
    with ctx.write() as session:
        delete_ubicacion(session, _active(ctx, session), row_id)


def _active(ctx: Context, session: Session) -> int:
    empresa_id = ctx.active_company(session).id
    assert empresa_id is not None
    return empresa_id


def data_of(row: Vehiculo | Operador | Ubicacion) -> VehiculoData | OperadorData | UbicacionData:
    """The form data of a stored row (to edit it)."""
    kind: type[Any] = {
        Vehiculo: VehiculoData,
        Operador: OperadorData,
        Ubicacion: UbicacionData,
    }[type(row)]
    return kind(**{f.name: getattr(row, f.name) for f in fields(kind)})  # type: ignore[no-any-return]


def domicilio_of(
    row: Cliente | ClientInfo | Ubicacion | UbicacionData | Mapping[str, Any],
) -> dict[str, str]:
    """The XSD Domicilio of a client's foreign address or a location: only what is set."""
    if isinstance(row, ClientInfo):
        row = row.domicilio
    get = row.get if isinstance(row, Mapping) else lambda name: getattr(row, name, None)
    domicilio = {}
    for name, attribute in DOMICILIO_FIELDS:
        value = _text(get(name))
        if value is not None:
            domicilio[attribute] = value
    return domicilio


# --- Comercio Exterior -------------------------------------------------------------------


def comercio_exterior_input(
    *,
    cliente: Cliente | ClientInfo,
    conceptos: Sequence[Mapping[str, Any]],
    productos: Sequence[Producto | ProductInfo],
    emisor_domicilio: Ubicacion | UbicacionData | Mapping[str, Any],
    tipo_cambio_usd: str,
    moneda: str,
    tipo_cambio: str | None = None,
    incoterm: str | None = None,
    clave_de_pedimento: str = "A1",
    certificado_origen: str = "0",
    num_certificado_origen: str | None = None,
    numero_exportador_confiable: str | None = None,
    motivo_traslado: str | None = None,
    propietario: Mapping[str, str] | None = None,
    observaciones: str | None = None,
) -> dict[str, Any]:
    """Complemento.ComercioExterior for an export invoice to `cliente`.

    One Mercancia per concepto, linked by its NoIdentificacion; the product of that
    NoIdentificacion gives FraccionArancelaria and UnidadAduana (when it has them, the
    customs group CantidadAduana/ValorUnitarioAduana goes too). Values are in dollars:
    the concepto's amount × TipoCambio ÷ TipoCambioUSD (TipoCambio 1 for MXN, and the
    document's own for USD), to 2 decimals (6 for the unit value).
    """
    tcusd = _number("tipo_cambio_usd", tipo_cambio_usd)
    assert tcusd is not None
    if moneda == "USD":
        factor = Decimal(1)
    else:
        rate = Decimal(1) if moneda == "MXN" else Decimal(_required("tipo_cambio", tipo_cambio))
        factor = rate / Decimal(tcusd)
    by_id = {p.no_identificacion: p for p in productos if p.no_identificacion}
    mercancias = []
    for index, concepto in enumerate(conceptos, start=1):
        ident = _text(str(concepto.get("NoIdentificacion") or ""))
        if ident is None:
            raise FieldError(f"conceptos[{index}].NoIdentificacion", "required")
        cantidad = Decimal(str(concepto["Cantidad"]))
        unitario = Decimal(str(concepto["ValorUnitario"]))
        item: dict[str, Any] = {"NoIdentificacion": ident}
        producto = by_id.get(ident)
        if producto is not None and producto.fraccion_arancelaria:
            item["FraccionArancelaria"] = producto.fraccion_arancelaria
        if producto is not None and producto.unidad_aduana:
            unitario_usd = quantize(unitario * factor, 6)
            item["CantidadAduana"] = str(cantidad)
            item["UnidadAduana"] = producto.unidad_aduana
            item["ValorUnitarioAduana"] = str(unitario_usd)
            item["ValorDolares"] = str(quantize(cantidad * unitario_usd, 2))
        else:
            importe = quantize(cantidad * unitario, 2)
            item["ValorDolares"] = str(quantize(importe * factor, 2))
        mercancias.append(item)
    receptor_domicilio = domicilio_of(cliente)
    if not receptor_domicilio:
        raise FieldError("receptor_domicilio", "required")
    cce: dict[str, Any] = {
        "ClaveDePedimento": _required("clave_de_pedimento", clave_de_pedimento),
        "CertificadoOrigen": _required("certificado_origen", certificado_origen),
        "TipoCambioUSD": tcusd,
        "Emisor": {"Domicilio": domicilio_of(emisor_domicilio)},
        "Receptor": {"Domicilio": receptor_domicilio},
        "Mercancias": mercancias,
    }
    optional = {
        "MotivoTraslado": motivo_traslado,
        "NumCertificadoOrigen": num_certificado_origen,
        "NumeroExportadorConfiable": numero_exportador_confiable,
        "Incoterm": incoterm,
        "Observaciones": observaciones,
    }
    for key, value in optional.items():
        if _text(value) is not None:
            cce[key] = _text(value)
    if propietario is not None:  # the third party owning the goods (MotivoTraslado 05)
        cce["Propietario"] = [
            {
                "NumRegIdTrib": _required("propietario_num_reg_id_trib",
                                          propietario.get("NumRegIdTrib")),
                "ResidenciaFiscal": _required("propietario_residencia_fiscal",
                                              propietario.get("ResidenciaFiscal")).upper(),
            }
        ]  # fmt: skip
    return {"ComercioExterior": cce}


# --- Carta Porte -------------------------------------------------------------------------


def is_clave_prod_serv_cp(clave: str) -> bool:
    """Whether a ClaveProdServ is in c_ClaveProdServCP (so it can be BienesTransp)."""
    from facturador.sat.catalogs import default_catalogs

    return default_catalogs().entry("c_ClaveProdServCP", clave.strip()) is not None


@dataclass(frozen=True, slots=True, kw_only=True)
class CartaPorteLinea:
    """A concepto as transported goods: its weight, and BienesTransp when the concepto's
    ClaveProdServ is not in c_ClaveProdServCP."""

    concepto: Mapping[str, Any]
    peso_en_kg: str
    bienes_transp: str | None = None
    material_peligroso: bool = False


def _ubicacion(
    tipo: str, numero: int, row: Ubicacion | UbicacionData, fecha: str, distancia: str | None
) -> dict[str, Any]:
    prefix = "OR" if tipo == "Origen" else "DE"
    item: dict[str, Any] = {
        "TipoUbicacion": tipo,
        "IDUbicacion": f"{prefix}{numero:06d}",
        "RFCRemitenteDestinatario": row.rfc,
    }
    if row.nombre and row.rfc in ("XEXX010101000",):
        item["NombreRemitenteDestinatario"] = row.nombre
    item["FechaHoraSalidaLlegada"] = _required(f"fecha_{tipo.lower()}", fecha)
    if distancia is not None:
        item["DistanciaRecorrida"] = _number("distancia_recorrida", distancia)
    item["Domicilio"] = domicilio_of(row)
    return item


def carta_porte_input(
    *,
    origen: Ubicacion | UbicacionData,
    salida: str,
    destino: Ubicacion | UbicacionData,
    llegada: str,
    distancia: str,
    lineas: Sequence[CartaPorteLinea],
    vehiculo: Vehiculo | VehiculoData,
    operador: Operador | OperadorData,
    id_ccp: str | None = None,
) -> dict[str, Any]:
    """Complemento.CartaPorte 3.1 of a road trip from `origen` to `destino` carrying the
    conceptos of `lineas` in `vehiculo` driven by `operador` (TipoFigura 01).
    `salida`/`llegada` are "YYYY-MM-DDTHH:MM:SS"; `distancia` in km."""
    mercancia = []
    for index, linea in enumerate(lineas, start=1):
        concepto = linea.concepto
        clave = str(concepto.get("ClaveProdServ") or "")
        bienes = _text(linea.bienes_transp) or (clave if is_clave_prod_serv_cp(clave) else None)
        if bienes is None:
            raise FieldError(f"lineas[{index}].bienes_transp", "required")
        item: dict[str, Any] = {
            "BienesTransp": bienes,
            "Descripcion": str(concepto["Descripcion"]),
            "Cantidad": str(concepto["Cantidad"]),
            "ClaveUnidad": str(concepto["ClaveUnidad"]),
        }
        if linea.material_peligroso:
            item["MaterialPeligroso"] = "Sí"
        item["PesoEnKg"] = _number(f"lineas[{index}].peso_en_kg", linea.peso_en_kg)
        mercancia.append(item)
    if not mercancia:
        raise FieldError("lineas", "required")
    seguros = {"AseguraRespCivil": vehiculo.asegura_resp_civil,
               "PolizaRespCivil": vehiculo.poliza_resp_civil}  # fmt: skip
    for key, name in (
        ("AseguraMedAmbiente", "asegura_med_ambiente"),
        ("PolizaMedAmbiente", "poliza_med_ambiente"),
        ("AseguraCarga", "asegura_carga"),
        ("PolizaCarga", "poliza_carga"),
    ):
        if getattr(vehiculo, name):
            seguros[key] = getattr(vehiculo, name)
    autotransporte: dict[str, Any] = {
        "PermSCT": vehiculo.perm_sct,
        "NumPermisoSCT": vehiculo.num_permiso_sct,
        "IdentificacionVehicular": {
            "ConfigVehicular": vehiculo.config_vehicular,
            "PesoBrutoVehicular": vehiculo.peso_bruto_vehicular,
            "PlacaVM": vehiculo.placa_vm,
            "AnioModeloVM": vehiculo.anio_modelo_vm,
        },
        "Seguros": seguros,
    }
    if vehiculo.remolques:
        autotransporte["Remolques"] = [dict(r) for r in vehiculo.remolques]
    figura: dict[str, Any] = {"TipoFigura": "01"}
    if operador.rfc_figura:
        figura["RFCFigura"] = operador.rfc_figura
    figura["NumLicencia"] = operador.num_licencia
    figura["NombreFigura"] = operador.nombre_figura
    if operador.num_reg_id_trib_figura:
        figura["NumRegIdTribFigura"] = operador.num_reg_id_trib_figura
        figura["ResidenciaFiscalFigura"] = operador.residencia_fiscal_figura
    cp: dict[str, Any] = {}
    if id_ccp:
        cp["IdCCP"] = id_ccp
    cp["TranspInternac"] = "No"
    cp["Ubicaciones"] = [
        _ubicacion("Origen", 1, origen, salida, None),
        _ubicacion("Destino", 1, destino, llegada, distancia),
    ]
    cp["Mercancias"] = {"UnidadPeso": "KGM", "Mercancia": mercancia,
                        "Autotransporte": autotransporte}  # fmt: skip
    cp["FiguraTransporte"] = [figura]
    return {"CartaPorte": cp}


# --- what Generar CFDI offers ------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ComplementChoices:
    """The company's locations, vehicles and drivers the Complemento section chooses from
    (read once, in a worker; the clients and products are the page's own views)."""

    ubicaciones: tuple[Stored[UbicacionData], ...] = ()
    vehiculos: tuple[Stored[VehiculoData], ...] = ()
    operadores: tuple[Stored[OperadorData], ...] = ()


def complement_choices(ctx: Context) -> ComplementChoices:
    with ctx.read() as session:
        empresa_id = _active(ctx, session)
        return ComplementChoices(
            ubicaciones=tuple(_stored(r) for r in list_ubicaciones(session, empresa_id)),
            vehiculos=tuple(_stored(r) for r in list_vehiculos(session, empresa_id)),
            operadores=tuple(_stored(r) for r in list_operadores(session, empresa_id)),
        )
