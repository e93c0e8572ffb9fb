"""The words of Catálogos > Vehículos, Operadores and Ubicaciones frecuentes (Carta Porte),
and of the foreign address and customs keys in the client and product dialogs (Comercio
Exterior). Usted everywhere; SAT's attribute names only where the user meets them in SAT's
own guides (PermSCT, ConfigVehicular…), next to a plain Spanish label."""

from __future__ import annotations

DELETE = "Eliminar…"
DELETE_CONFIRM_TITLE = "Eliminar"
DELETING = "Eliminando…"

# -- Vehículos ---------------------------------------------------------------------------

VEHICLES_TITLE = "Vehículos"
VEHICLES_SUBTITLE = (
    "Los vehículos con que transporta mercancía: permiso SCT, placas y seguros para la Carta Porte."
)
VEHICLES_SEARCH = "Buscar por nombre, placa o configuración…"
VEHICLES_EMPTY = "Todavía no hay vehículos. Agregue el primero con «Agregar…»."
VEHICLE_NEW = "Nuevo vehículo"
VEHICLE_EDIT = "Editar vehículo"
VEHICLE_DELETE_CONFIRM = "¿Eliminar el vehículo «{alias}»? Las facturas ya emitidas no cambian."

VEHICLE_ALIAS = "Nombre"
VEHICLE_ALIAS_HINT = "Cómo lo reconoce usted, p. ej. «Camión rojo»."
VEHICLE_PERM = "Permiso SCT"
VEHICLE_PERM_HINT = "TPAF01 autotransporte federal de carga general…"
VEHICLE_NUM_PERM = "Número de permiso"
VEHICLE_CONFIG = "Configuración"
VEHICLE_CONFIG_HINT = "C2 camión de 2 ejes, T3S2 tractocamión…"
VEHICLE_PESO = "Peso bruto (t)"
VEHICLE_PESO_HINT = "En toneladas, p. ej. 26.5"
VEHICLE_PLACA = "Placa"
VEHICLE_ANIO = "Año del modelo"
VEHICLE_INSURANCE = "Seguros"
VEHICLE_INSURER = "Aseguradora"
VEHICLE_POLICY = "Póliza"
VEHICLE_RESP_CIVIL = "Responsabilidad civil"
VEHICLE_MED_AMBIENTE = "Medio ambiente"
VEHICLE_CARGA = "Carga"
VEHICLE_OPTIONAL = "(opcional)"
VEHICLE_TRAILERS = "Remolques"
VEHICLE_TRAILER = "Remolque {n}"
VEHICLE_SUBTIPO = "Subtipo (c_SubTipoRem)"
VEHICLE_SUBTIPO_HINT = "CTR004 Caja, CTR007 Plataforma…"
VEHICLE_TRAILER_PLACA = "Placa del remolque"
VEHICLE_TRAILER_INCOMPLETE = "Remolques: cada remolque lleva su subtipo y su placa."

COL_ALIAS = "Nombre"
COL_PLACA = "Placa"
COL_CONFIG = "Configuración"
COL_ANIO = "Año"
COL_PESO = "Peso (t)"
COL_TRAILERS = "Remolques"

# -- Operadores --------------------------------------------------------------------------

DRIVERS_TITLE = "Operadores"
DRIVERS_SUBTITLE = "Quienes conducen los vehículos: su RFC y su licencia, para la Carta Porte."
DRIVERS_SEARCH = "Buscar por nombre, RFC o licencia…"
DRIVERS_EMPTY = "Todavía no hay operadores. Agregue el primero con «Agregar…»."
DRIVER_NEW = "Nuevo operador"
DRIVER_EDIT = "Editar operador"
DRIVER_DELETE_CONFIRM = "¿Eliminar al operador «{nombre}»? Las facturas ya emitidas no cambian."

DRIVER_RFC = "RFC"
DRIVER_RFC_HINT = "El RFC del operador (persona física, 13 caracteres)."
DRIVER_NAME = "Nombre"
DRIVER_LICENSE = "Número de licencia"
DRIVER_FOREIGN = "Si el operador es extranjero"
DRIVER_NUM_REG = "Registro fiscal extranjero"
DRIVER_NUM_REG_HINT = "NumRegIdTribFigura: en lugar del RFC, si no tiene uno."
DRIVER_RESIDENCIA = "País de residencia"
DRIVER_RESIDENCIA_HINT = "USA, CAN, GTM… (obligatorio con el registro extranjero)."
DRIVER_RFC_REQUIRED = (
    "RFC: es obligatorio; si el operador es extranjero y no tiene RFC, escriba abajo su "
    "registro fiscal y su país."
)

COL_DRIVER_NAME = "Nombre"
COL_RFC = "RFC"
COL_LICENSE = "Licencia"
COL_RESIDENCIA = "Residencia"

# -- Ubicaciones frecuentes ---------------------------------------------------------------

PLACES_TITLE = "Ubicaciones frecuentes"
PLACES_SUBTITLE = "Los orígenes y destinos de sus traslados, y el domicilio para Comercio Exterior."
PLACES_SEARCH = "Buscar por nombre, RFC, municipio o código postal…"
PLACES_EMPTY = "Todavía no hay ubicaciones. Agregue la primera con «Agregar…»."
PLACE_NEW = "Nueva ubicación"
PLACE_EDIT = "Editar ubicación"
PLACE_DELETE_CONFIRM = "¿Eliminar la ubicación «{alias}»? Las facturas ya emitidas no cambian."

PLACE_ALIAS = "Nombre de la ubicación"
PLACE_ALIAS_HINT = "Cómo la reconoce usted, p. ej. «Bodega Querétaro»."
PLACE_RFC = "RFC"
PLACE_RFC_HINT = "De quien envía o recibe ahí (remitente o destinatario)."
PLACE_NOMBRE = "Razón social"
PLACE_NOMBRE_HINT = "Opcional; se usa con el RFC genérico extranjero."

COL_PLACE_ALIAS = "Nombre"
COL_MUNICIPIO = "Municipio"
MUNICIPIO_HINT = "En México, la clave del SAT, p. ej. 048"
COL_ESTADO = "Estado"
COL_CP = "C.P."

# -- a Domicilio (ubicaciones and a foreign client) -------------------------------------

ADDRESS = "Domicilio"
ADDRESS_FOREIGN = "Domicilio en el extranjero (Comercio Exterior)"
ADDRESS_FOREIGN_SHORT = "Domicilio en el extranjero"
ADDRESS_NONE = "Sin capturar (solo hace falta para facturas de exportación)."
ADDRESS_CHANGE = "Domicilio…"
ADDRESS_ACCEPT = "Aceptar"
ADDRESS_FOREIGN_HINT = (
    "Para facturas de exportación: el domicilio del cliente en su país. Opcional si no exporta."
)
CALLE = "Calle"
NUMERO_EXTERIOR = "Núm. exterior"
NUMERO_INTERIOR = "Núm. interior"
COLONIA = "Colonia"
LOCALIDAD = "Localidad"
MUNICIPIO = "Municipio"
MUNICIPIO_HINT = "En México, la clave del SAT, p. ej. 048"
ESTADO = "Estado"
ESTADO_HINT = "JAL, NLE… (TX, ON… en EE. UU. y Canadá)"
PAIS = "País"
CODIGO_POSTAL = "Código postal"

# -- products: Comercio Exterior ------------------------------------------------------------

PRODUCT_FRACCION = "Fracción arancelaria"
PRODUCT_FRACCION_HINT = "Solo para exportar (con su No. de identificación), p. ej. 1515909900."
PRODUCT_UNIDAD_ADUANA = "Unidad de aduana"
PRODUCT_UNIDAD_ADUANA_HINT = "01 Kilo, 06 Pieza…"

# -- how a save's FieldError names each field (services' names) ---------------------------

FIELD_LABELS = {
    "alias": VEHICLE_ALIAS,
    "perm_sct": VEHICLE_PERM,
    "num_permiso_sct": VEHICLE_NUM_PERM,
    "config_vehicular": VEHICLE_CONFIG,
    "peso_bruto_vehicular": VEHICLE_PESO,
    "placa_vm": VEHICLE_PLACA,
    "anio_modelo_vm": VEHICLE_ANIO,
    "asegura_resp_civil": f"{VEHICLE_INSURER} ({VEHICLE_RESP_CIVIL.lower()})",
    "poliza_resp_civil": f"{VEHICLE_POLICY} ({VEHICLE_RESP_CIVIL.lower()})",
    "remolques": VEHICLE_TRAILERS,
    "rfc_figura": DRIVER_RFC,
    "nombre_figura": DRIVER_NAME,
    "num_licencia": DRIVER_LICENSE,
    "num_reg_id_trib_figura": DRIVER_NUM_REG,
    "residencia_fiscal_figura": DRIVER_RESIDENCIA,
    "calle": CALLE,
    "numero_exterior": NUMERO_EXTERIOR,
    "numero_interior": NUMERO_INTERIOR,
    "colonia": COLONIA,
    "localidad": LOCALIDAD,
    "municipio": MUNICIPIO,
    "estado": ESTADO,
    "pais": PAIS,
    "codigo_postal": CODIGO_POSTAL,
    "fraccion_arancelaria": PRODUCT_FRACCION,
    "unidad_aduana": PRODUCT_UNIDAD_ADUANA,
}

FIELD_REASONS = {
    "not_a_decimal": "«{value}» no es un número válido: escriba solo números, p. ej. 26.5.",
    "required_with_num_reg_id_trib": (
        "es obligatorio cuando registra el registro fiscal extranjero."
    ),
}
