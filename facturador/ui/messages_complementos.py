"""Spanish text of Generar CFDI's Complemento section (Comercio Exterior 2.0, Carta Porte 3.1)."""

from __future__ import annotations

__all__ = [
    "CARTA_PORTE_FIELD_LABELS",
    "CCE_FIELD_LABELS",
    "CERTIFICADO_ORIGEN",
    "CLAVES_PEDIMENTO",
    "KINDS",
    "TIPO_TRASLADO",
]

CAPTION = "Complemento"
COMPLEMENT_INCOMPLETE = "Complete el complemento: lo que falta se indica en la sección Complemento."
KINDS = (
    ("", "Ninguno"),
    ("ComercioExterior", "Comercio Exterior 2.0 (exportación)"),
    ("CartaPorte", "Carta Porte 3.1 (autotransporte)"),
)
KIND_HINTS = {
    "": "",
    "ComercioExterior": (
        "La factura se emite como exportación definitiva (Exportación 02). Cada concepto "
        "debe venir de un producto con número de identificación; la fracción arancelaria y "
        "la unidad de aduana salen del producto, el domicilio del receptor del cliente."
    ),
    "CartaPorte": (
        "Traslado de mercancía propia (tipo T) o factura con entrega o flete (ingreso). Escriba "
        "el peso de cada mercancía; si transporta mercancía de otros (flete), desmarque «Las "
        "mercancías son los conceptos» y anótelas."
    ),
}
TIPO_TRASLADO = "Traslado (Carta Porte)"

# Comercio Exterior
CCE_EMISOR = "Domicilio del emisor"
CCE_INCOTERM = "Incoterm"
CCE_TIPO_CAMBIO_USD = "Tipo de cambio USD"
CCE_TIPO_CAMBIO_USD_HINT = "Pesos por dólar del día"
CCE_PEDIMENTO = "Clave de pedimento"
CCE_CERTIFICADO = "Certificado de origen"
CCE_NUM_CERTIFICADO = "Núm. de certificado de origen"
CCE_OBSERVACIONES = "Observaciones"
CCE_RECEPTOR = "Domicilio del receptor: {domicilio}"
CCE_NO_RECEPTOR = "Elija un cliente extranjero con su domicilio (Catálogos > Clientes)."
CLAVES_PEDIMENTO = (("A1", "Exportación o importación definitiva"),)
CERTIFICADO_ORIGEN = (("0", "No funge como certificado de origen"),
                      ("1", "Funge como certificado de origen"))  # fmt: skip

# Carta Porte
CP_ORIGEN = "Origen"
CP_DESTINO = "Destino"
CP_SALIDA = "Fecha y hora de salida"
CP_LLEGADA = "Fecha y hora de llegada"
CP_DISTANCIA = "Distancia (km)"
CP_VEHICULO = "Vehículo"
CP_OPERADOR = "Operador"
CP_LINES_HEADERS = ("Mercancía", "Cantidad", "Clave unidad", "Clave de bienes transp.",
                    "Peso (kg)")  # fmt: skip
CP_FOLLOW_CONCEPTOS = "Las mercancías son los conceptos del comprobante"
CP_ADD_GOOD = "Agregar mercancía"
CP_REMOVE_GOOD = "Quitar mercancía"
DATE_FORMAT = "dd/MM/yyyy HH:mm"

NO_CHOICE = "— elija —"
EMPTY_CATALOG = "Sin registros: agréguelos en Catálogos > {catalogo}"
CATALOG_NAMES = {
    "ubicaciones": "Ubicaciones frecuentes",
    "vehiculos": "Vehículos",
    "operadores": "Operadores",
}

# What the section still needs, by the services' field names (FieldError.field).
CCE_FIELD_LABELS = {
    "emisor_domicilio": CCE_EMISOR,
    "tipo_cambio_usd": CCE_TIPO_CAMBIO_USD,
    "tipo_cambio": "Tipo de cambio",
    "clave_de_pedimento": CCE_PEDIMENTO,
    "certificado_origen": CCE_CERTIFICADO,
    "receptor_domicilio": "Domicilio del receptor",
    "cliente": "Cliente (receptor)",
}
CARTA_PORTE_FIELD_LABELS = {
    "origen": CP_ORIGEN,
    "destino": CP_DESTINO,
    "fecha_origen": CP_SALIDA,
    "fecha_destino": CP_LLEGADA,
    "distancia_recorrida": CP_DISTANCIA,
    "vehiculo": CP_VEHICULO,
    "operador": CP_OPERADOR,
    "lineas": "Mercancías",
}
LINE_FIELD = "Línea {numero}, {columna}"
LINE_COLUMNS = {
    "NoIdentificacion": "número de identificación (elija la línea de un producto del catálogo)",
    "bienes_transp": "clave de bienes transportados",
    "peso_en_kg": "peso (kg)",
}
