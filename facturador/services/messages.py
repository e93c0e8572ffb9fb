"""Spanish text for the errors of the services (store, secrets, companies, catalog data)."""

from __future__ import annotations

from facturador.pac.messages import FAQ_CREDITOS
from facturador.sat.messages import os_reason

__all__ = ["ENTITY_NAMES", "FIELD_LABELS", "FIELD_REASONS", "field_message", "os_reason"]

FIELD_LABELS = {
    "rfc": "RFC",
    "nombre": "Nombre",
    "regimen_fiscal": "RégimenFiscal",
    "regimen_fiscal_receptor": "RégimenFiscalReceptor",
    "lugar_expedicion": "LugarExpedicion (código postal)",
    "domicilio_fiscal_receptor": "DomicilioFiscalReceptor (código postal)",
    "uso_cfdi": "UsoCFDI",
    "emails": "correo electrónico",
    "residencia_fiscal": "ResidenciaFiscal (país)",
    "num_reg_id_trib": "NumRegIdTrib (registro fiscal en el extranjero)",
    "clave_prod_serv": "ClaveProdServ",
    "clave_unidad": "ClaveUnidad",
    "objeto_imp": "ObjetoImp",
    "valor_unitario": "ValorUnitario",
    "descripcion": "Descripción",
    "impuestos": "Impuestos",
    "serie": "Serie",
    "password": "Contraseña de la llave privada",
    # Comercio Exterior and Carta Porte (products, clients' foreign address, transport)
    "fraccion_arancelaria": "FraccionArancelaria",
    "unidad_aduana": "UnidadAduana",
    "calle": "Calle",
    "numero_exterior": "NumeroExterior",
    "numero_interior": "NumeroInterior",
    "colonia": "Colonia",
    "localidad": "Localidad",
    "municipio": "Municipio",
    "estado": "Estado",
    "pais": "Pais",
    "codigo_postal": "CodigoPostal",
    "alias": "Nombre corto (alias)",
    "perm_sct": "PermSCT",
    "num_permiso_sct": "NumPermisoSCT",
    "config_vehicular": "ConfigVehicular",
    "peso_bruto_vehicular": "PesoBrutoVehicular (toneladas)",
    "placa_vm": "PlacaVM",
    "anio_modelo_vm": "AnioModeloVM",
    "asegura_resp_civil": "AseguraRespCivil",
    "poliza_resp_civil": "PolizaRespCivil",
    "remolques": "Remolques",
    "rfc_figura": "RFCFigura (o NumRegIdTribFigura de un operador extranjero)",
    "nombre_figura": "NombreFigura",
    "num_licencia": "NumLicencia",
    "num_reg_id_trib_figura": "NumRegIdTribFigura",
    "residencia_fiscal_figura": "ResidenciaFiscalFigura",
}

FIELD_REASONS = {
    "required": "es obligatorio.",
    "not_in_catalog": "«{value}» no existe en el catálogo del SAT.",
    "not_for_fisica": "«{value}» no aplica a personas físicas.",
    "not_for_moral": "«{value}» no aplica a personas morales.",
    "uso_not_for_regimen": "«{value}» no se permite con el régimen fiscal {detail}.",
    "generic_rfc_regimen": "con el RFC genérico {detail} debe ser 616 (Sin obligaciones fiscales).",
    "generic_rfc_uso": "con el RFC genérico {detail} debe ser S01 (Sin efectos fiscales).",
    "not_a_decimal": "«{value}» no es un importe válido.",
    "negative": "«{value}» no puede ser negativo.",
    "too_many_decimals": "«{value}» tiene más de seis decimales.",
    "invalid_email": "«{value}» no es un correo electrónico válido.",
    "foreign_only": "solo se registra con el RFC genérico de extranjeros {detail}; quítelo.",
    "not_mex": "no puede ser MEX: es el país de residencia de un extranjero.",
    "required_with_num_reg_id_trib": "es obligatoria cuando se registra NumRegIdTrib.",
    "pattern_of_country": "«{value}» no tiene el formato del registro fiscal de {detail}.",
    "too_long": "es demasiado largo (máximo {detail} caracteres).",
    "pipe": "«{value}» no puede llevar el carácter «|».",
    "invalid": "«{value}» no es válido: {detail}",
}

ENTITY_NAMES = {
    "empresa": "la empresa",
    "cliente": "el cliente",
    "producto": "el producto",
    "recurrente": "la factura recurrente",
    "documento": "el documento",
    "serie": "la serie",
    "certificado": "el certificado (CSD) de la empresa",
    "vehiculo": "el vehículo",
    "operador": "el operador",
    "ubicacion": "la ubicación",
}

NO_ACTIVE_COMPANY = (
    "No hay una empresa activa. Agregue una con «facturador empresa agregar» o elija una con "
    "«facturador empresa usar RFC»."
)
CSD_RFC_MISMATCH = (
    "El certificado es del RFC {certificate_rfc}, pero la empresa es {company_rfc}. "
    "Instale el CSD de esta empresa."
)
SECRET_STORE_UNAVAILABLE = (
    "No hay un almacén seguro de contraseñas (llavero del sistema) disponible. "
    "La contraseña del CSD no se guardará: la aplicación se la pedirá una vez en cada sesión."
)
SECRET_NOT_FOUND = (
    "No se encontró la contraseña del CSD {no_certificado} en el llavero del sistema. "
    "Vuelva a instalar el certificado o escriba la contraseña."
)
BACKUP_POSTGRES = (
    "La base de datos es PostgreSQL: respáldela con pg_dump (y restáurela con pg_restore) "
    "en el servidor; Facturador solo respalda bases SQLite."
)
BACKUP_NOT_A_DATABASE = "El archivo {path} no es un respaldo válido de Facturador."
BACKUP_MISSING = "No existe el respaldo {path}."
BACKUP_UNWRITABLE = (
    "No se pudo guardar el respaldo en {folder}: {reason}. Los respaldos anteriores siguen "
    "intactos. Elija otra carpeta con «--destino DIR» o revise los permisos de esa carpeta."
)
BACKUP_COPY_DAMAGED = (
    "la copia salió dañada aunque la base de datos está bien (revise el disco o la memoria "
    "USB de los respaldos)"
)
BACKUP_COPY_FAILED = (
    "no se pudo escribir la copia (sin permiso, carpeta de solo lectura o disco con errores)"
)
RESTORE_HINT = "Su respaldo bueno más reciente es {path}: «facturador respaldo restaurar {path}»."


def field_message(
    field: str,
    reason: str,
    value: object,
    detail: object,
    labels: dict[str, str] | None = None,
    reasons: dict[str, str] | None = None,
) -> str:
    """ "Label: reason." with the CLI's labels (SAT's names), or with a surface's own (the
    GUI names each field as its form labels it: ui.messages_fields)."""
    label = (labels or FIELD_LABELS).get(field, FIELD_LABELS.get(field, field))
    text = (reasons or {}).get(reason) or FIELD_REASONS.get(reason, FIELD_REASONS["invalid"])
    return f"{label}: " + text.format(value=value, detail=detail)


# ---------------------------------------------------------------- Cancelación

CANCEL_MOTIVOS = {
    "01": "Comprobante emitido con errores con relación (se sustituye)",
    "02": "Comprobante emitido con errores sin relación",
    "03": "No se llevó a cabo la operación",
    "04": "Operación nominativa relacionada en una factura global",
}

# A document's state, once: as a label (Registros, the CLI) and as a phrase ("está ...").
STATE_LABELS = {
    "BORRADOR": "Borrador",
    "SELLADO": "Sellado",
    "EN_COLA": "Pendiente de timbrar",
    "POSIBLEMENTE_TIMBRADO": "Posiblemente timbrado",
    "ENVIANDO": "Enviando al PAC",
    "TIMBRADO": "Timbrado",
    "RECHAZADO": "Rechazado",
    "CANCELACION_EN_COLA": "Cancelación pendiente",
    "CANCELACION_EN_PROCESO": "Cancelación en proceso",
    "CANCELADO": "Cancelado",
    "CANCELACION_RECHAZADA": "Cancelación rechazada",
    "RETIRADO": "Retirado de la cola",
}
TIPO_LABELS = {"I": "Ingreso", "E": "Egreso", "P": "Pago", "T": "Traslado", "N": "Nómina"}
STATE_PHRASES = {
    "BORRADOR": "en borrador",
    "SELLADO": "sellado sin enviar",
    "EN_COLA": "en cola de timbrado",
    "ENVIANDO": "enviándose al PAC",
    "TIMBRADO": "timbrado",
    "RECHAZADO": "rechazado por el PAC",
    "POSIBLEMENTE_TIMBRADO": "posiblemente timbrado (se verifica con el PAC)",
    "CANCELACION_EN_COLA": "con la cancelación en cola",
    "CANCELACION_EN_PROCESO": "con la cancelación en proceso",
    "CANCELADO": "cancelado",
    "CANCELACION_RECHAZADA": "con la cancelación rechazada",
    "RETIRADO": "retirado de la cola (nunca se timbró)",
}

CANCEL_REFUSALS = {
    "not_found": "No hay un comprobante {ref} en la empresa activa.",
    "bad_reference": (
        "«{ref}» no es un UUID (folio fiscal) ni una serie y folio (por ejemplo A-15)."
    ),
    "not_stamped_queued": (
        "El comprobante {name} no se puede cancelar: aún no está timbrado (está {state}), "
        "así que no existe ante el SAT. Si aún no se ha enviado al PAC, retírelo de la cola "
        "(«Retirar de la cola», o «facturador retirar {name}») y emita uno corregido; no hace "
        "falta una cancelación."
    ),
    "not_stamped_rejected": (
        "El comprobante {name} no se puede cancelar: el PAC lo rechazó y nunca se timbró. "
        "Corríjalo y vuelva a sellarlo, o descártelo; no hace falta una cancelación."
    ),
    "already_cancelling": (
        "El comprobante {name} ya está {state}: espere el resultado de esa solicitud."
    ),
    "already_cancelled": "El comprobante {name} ya está cancelado.",
    "bad_motivo": (
        "El motivo de cancelación «{motivo}» no existe. Use 01 (errores con relación: se "
        "sustituye), 02 (errores sin relación), 03 (no se llevó a cabo la operación) o 04 "
        "(operación nominativa incluida en una factura global)."
    ),
    "folio_required": (
        "El motivo 01 exige el UUID del comprobante que sustituye a {name} (--sustituye UUID). "
        "Emita primero el comprobante correcto relacionado con TipoRelacion 04 a éste, o use "
        "«facturador sustituir», que hace ambos pasos."
    ),
    "folio_not_allowed": (
        "Sólo el motivo 01 lleva folio de sustitución; con el motivo {motivo} no indique el "
        "comprobante que sustituye."
    ),
    "folio_invalid": "El folio de sustitución «{folio}» no es un UUID válido.",
    "folio_self": "Un comprobante no puede sustituirse a sí mismo.",
    "folio_unknown": (
        "No hay un comprobante timbrado de esta empresa con el UUID {folio}: el comprobante "
        "que sustituye debe estar timbrado antes de pedir la cancelación con motivo 01."
    ),
    "folio_not_stamped": ("El comprobante sustituto {folio} está {state}: debe estar timbrado."),
    "folio_not_related": (
        "El comprobante {folio} no sustituye a {name}: debe llevar CfdiRelacionados con "
        "TipoRelacion 04 que incluya el UUID {uuid}."
    ),
    "no_csd": ("No se pudo cargar el CSD de la empresa para firmar la cancelación: {detail}"),
}

CANCEL_WAITING = {
    "substitute_pending": (
        "Sustitución pendiente: la cancelación se enviará cuando se timbre el comprobante "
        "sustituto {name}"
    ),
    "substitute_rejected": (
        "El comprobante sustituto {name} fue rechazado por el PAC: corríjalo y vuelva a "
        "emitirlo; la cancelación sigue en espera"
    ),
    "queued": "En espera de envío de la cancelación",
    "retry": "Sin conexión con el PAC: la cancelación sigue en la cola",
    "with_acceptance": (
        "En proceso: el receptor debe aceptar o rechazar la cancelación en su buzón "
        "tributario (tiene 3 días hábiles; si no responde, queda cancelado por plazo vencido)"
    ),
    "sat_pending": "Solicitud recibida; el SAT aún no refleja la cancelación",
    "no_status": "No se pudo consultar el estado en el SAT: se consultará de nuevo",
}

CANCEL_RECEPTOR_REJECTED = (
    "El receptor rechazó la cancelación del comprobante {name}. Acuerde con él y vuelva a "
    "solicitarla; una segunda solicitud no vence sola."
)
CANCEL_PLAZO_VENCIDO = "Cancelado por plazo vencido: el receptor no respondió en 3 días hábiles"


# ---------------------------------------------------------------- the stamping pass

SIN_CONEXION = "Sin conexión con el PAC: el comprobante sigue en la cola"
SIN_CONEXION_RETRY = SIN_CONEXION + ". Se reintentará automáticamente."
STAMP_NOT_READY = (
    "{pac} indica que el comprobante ya quedó timbrado (código 307), pero aún no entrega el "
    "timbre; se le pedirá de nuevo, sin volver a sellarlo"
)
POSSIBLY_STAMPED = (
    "Posiblemente timbrado: el comprobante {name} pudo quedar timbrado en un envío sin "
    "respuesta y ya pasaron las 72 horas para enviarlo de nuevo. Se sigue verificando con el "
    "PAC; no emita otro comprobante por esta venta hasta saberlo. Si el PAC o el SAT confirman "
    "que no existe, puede fecharlo y sellarlo de nuevo («facturador refechar {ref} "
    "--confirmo-no-timbrado» o Registros CFDI → Fechar de nuevo)."
)
POSSIBLY_STAMPED_WAITING = "Posiblemente timbrado: verificando con el PAC"
REDATED = (
    "El comprobante {name} llevaba más de 70 horas sin timbrarse: se fechó de nuevo "
    "({old} → {new}) y se selló otra vez con la misma serie y folio."
)
REDATED_AFTER_401 = (
    "El PAC rechazó el comprobante {name} por su fecha ({old}); se fechó de nuevo con la hora "
    "del PAC ({new}) y se selló otra vez con la misma serie y folio."
)
REDATE_NO_CSD = (
    "El comprobante {name} tiene más de 70 horas en la cola y no pudo fecharse de nuevo "
    "(falta el CSD); se envía como está y el PAC podría rechazarlo."
)
CLOCK_OFF = (
    "El reloj de esta computadora {direction} {amount} respecto al del PAC. Se usa la hora "
    "del PAC para fechar; corrija la fecha y hora del sistema."
)
CLOCK_AHEAD = "está adelantado"
CLOCK_BEHIND = "está atrasado"
PAUSE_REASONS = {  # keyed by queue_events.PauseReason's values
    "unreachable": "sin conexión",
    "slow": "PAC lento",
    "time_up": "tiempo agotado",
    "stopped": "detenida",
    "pac_error": "error del PAC",
    "no_csd": "sin CSD",
    "credits": FAQ_CREDITOS[0],
    "account": "el PAC rechazó la cuenta",
}
SLOW_PAC = (
    "{pac} tarda demasiado en responder ({count} envíos seguidos de más de {seconds} s): la "
    "sincronización se detuvo; lo pendiente sigue en la cola y se reintentará."
)
PASS_TIME_UP = (
    "La sincronización llegó a su tiempo máximo ({seconds} s); lo pendiente sigue en la cola "
    "y se enviará en la siguiente."
)
PASS_STOPPED = "Sincronización detenida a petición suya; lo pendiente sigue en la cola."

REDATE_REFUSALS = {
    "not_found": "No hay un comprobante {name} en la empresa activa.",
    "not_for_date": (
        "El comprobante {name} no se puede fechar de nuevo: sólo se fecha de nuevo uno que el "
        "PAC rechazó por la fecha (código 401) o uno posiblemente timbrado."
    ),
    "needs_confirmation": (
        "El comprobante {name} posiblemente ya está timbrado. Antes de fecharlo y sellarlo de "
        "nuevo, confirme con su PAC o en el portal del SAT que no existe; luego repita con "
        "«--confirmo-no-timbrado». De lo contrario la venta quedaría facturada dos veces."
    ),
    "no_input": (
        "El comprobante {name} no guarda sus datos de captura y no se puede sellar de nuevo; "
        "emita uno nuevo."
    ),
}


# ---------------------------------------------------------------- Emisión

RULES_FAILED = "El SAT rechazaría este comprobante ({codigo}, en {campo}): {mensaje}"
RULES_FAILED_MORE = " Hay {} problema(s) más; revíselos también."
FOLIO_MISMATCH = (
    "se indicó «{stated}», pero el folio que se asignaría en la serie {serie} es {folio}. "
    "Omita Folio en el JSON para que se asigne solo."
)


# ---------------------------------------------------------------- Retirar de la cola

WITHDRAWN_AUDIT = (
    "Retirado de la cola a petición del usuario: nunca se envió a un PAC; la serie y el "
    "folio {name} quedan marcados como retirados y no se vuelven a usar"
)
WITHDRAWN = (
    "{name} se retiró de la cola: no se timbrará. Su folio queda marcado como retirado en "
    "Registros; si necesita el comprobante, genere uno nuevo."
)
WITHDRAW_REFUSALS = {
    "not_found": "No hay un comprobante {name} en la empresa activa.",
    "sending": (
        "El comprobante {name} se está enviando al PAC en este momento y podría quedar "
        "timbrado, así que no se puede retirar. Espere a que termine el envío; si queda "
        "timbrado, cancélelo."
    ),
    "may_be_stamped": (
        "El comprobante {name} ya se envió al PAC sin recibir respuesta y podría estar "
        "timbrado, así que no se puede retirar sin preguntarle antes al PAC. La aplicación se "
        "lo pregunta en la siguiente sincronización (con los mismos datos: nunca se timbra dos "
        "veces); cuando aparezca como timbrado, cancélelo si es incorrecto."
    ),
    "not_queued": (
        "El comprobante {name} no se puede retirar de la cola: está {state}. Sólo se retira "
        "uno sellado o en cola que aún no se ha enviado al PAC."
    ),
}


# ---------------------------------------------------------------- Configuración

CONFIG_REASONS = {
    "no_company": "Primero configure una empresa.",
    "credentials": "Escriba el usuario y la contraseña que le dio su PAC.",
    "url": "La dirección del PAC debe empezar con https:// (o http:// para pruebas locales).",
    "unreachable": (
        "No fue posible conectar con el PAC en {detail}. Revise su conexión a internet y "
        "la dirección del PAC; si el problema continúa, contacte a soporte."
    ),
    "serie": "Escriba la serie: de 1 a 25 caracteres, sin «|».",
    "serie_exists": "La serie «{detail}» ya existe.",
    "folio": "El primer folio debe ser un número entero mayor que cero.",
    "smtp_missing": "Primero guarde los datos del servidor de correo.",
    "smtp_auth": "El servidor de correo rechazó el usuario o la contraseña.",
    "smtp_connect": (
        "No se pudo conectar con el servidor de correo ({detail}). Revise el servidor, "
        "el puerto y la seguridad."
    ),
    "smtp_refused": "El servidor de correo no aceptó el mensaje: {detail}",
    "smtp_password": "Falta la contraseña del correo: escríbala y guarde.",
    "email": "«{detail}» no es un correo electrónico válido.",
}
TEST_EMAIL_SUBJECT = "Prueba de correo de Facturador"
TEST_EMAIL_BODY = (
    "Este es un mensaje de prueba de Facturador para {nombre} ({rfc}).\n"
    "Si lo recibe, el envío de comprobantes por correo está listo."
)

# ---------------------------------------------------------------- What the queue tells

DOCUMENT_REJECTED = "El PAC rechazó el comprobante {name}. {explanation}"
QUEUE_PAUSED = "{reason}. {explanation}"

PREVIEW_BAD_NUMBERS = "Revise las cantidades y los importes."

# ---------------------------------------------------------------- Reports

REPORT_BAD_MONTH = "Escriba el mes como AAAA-MM (por ejemplo 2026-11); «{value}» no lo es."
TAX_NAMES = {"001": "ISR", "002": "IVA", "003": "IEPS"}
REPORT_TITLES = {
    "ventas": "Ventas del mes",
    "iva": "IVA y retenciones del mes",
    "cobranza": "Cuentas por cobrar",
}
REPORT_SUBTITLE = "{nombre} · RFC {rfc} · {periodo} · importes en pesos (MXN)"
REPORT_MONTH = "Mes {mes}"
REPORT_AS_OF = "Saldos al {dia}"
SALES_MONTHS = "Ventas de los últimos 12 meses (ingresos menos egresos)"
SALES_MONTH_HEADERS = ("Mes", "Ingresos", "Egresos", "Neto", "Total con impuestos", "Documentos")
SALES_COMPARE = "El mes contra el mismo mes del año anterior"
SALES_COMPARE_HEADERS = ("Mes", "Neto", "Total con impuestos", "Documentos")
SALES_CLIENTS = "Los 10 clientes con más ventas del mes"
SALES_CLIENT_HEADERS = ("RFC", "Nombre", "Neto", "Documentos")
IVA_TRASLADADO = "Impuestos trasladados cobrados en el mes"
IVA_RETENIDO = "Impuestos retenidos en el mes"
IVA_HEADERS = ("Impuesto", "Tipo factor", "Tasa", "Base", "Importe", "Documentos")
IVA_SUMMARY = "Resumen"
IVA_SUMMARY_HEADERS = ("Concepto", "Importe")
IVA_SUMMARY_ROWS = ("IVA trasladado cobrado", "IVA retenido", "ISR retenido")
TOTAL = "Total"
RECEIVABLES_CLIENTS = "Saldos por cliente y antigüedad"
RECEIVABLES_CLIENT_HEADERS = ("RFC", "Nombre", "0–30 días", "31–60 días", "61–90 días",
                              "Más de 90 días", "Total", "Último pago")  # fmt: skip
RECEIVABLES_INVOICES = "Facturas PPD con saldo"
RECEIVABLES_INVOICE_HEADERS = ("Factura", "Fecha", "RFC", "Moneda", "Total", "Pagado", "Saldo",
                               "Saldo MXN", "Días", "Último pago")  # fmt: skip


# Importing a Constancia de Situación Fiscal (services.csf_import)
CSF_FROM_QR = (
    "El PDF no tiene texto (parece un escaneo): del código QR se tomaron solo el RFC y el "
    "idCIF. Escriba el nombre, el código postal y el régimen tal como aparecen en la "
    "Constancia, o use el PDF original."
)
CSF_ESTATUS = (
    "El SAT registra a este contribuyente como {estatus} en el padrón: el SAT puede rechazar "
    "los CFDI que se le emitan. Confirme con su cliente que su situación esté vigente."
)
CSF_REGIMENES = (
    "La Constancia tiene varios regímenes vigentes ({regimenes}); se eligió {elegido}. "
    "Pregunte a su cliente con cuál le factura."
)
CSF_REGIMEN_UNKNOWN = (
    "El régimen «{descripcion}» de la Constancia no corresponde a ninguno del catálogo "
    "c_RegimenFiscal del SAT; elija el régimen a mano."
)
CSF_MISSING = "La Constancia no trae: {campos}. Escríbalos tal como los registra el SAT."
CSF_FIELDS = {
    "nombre": "el nombre o razón social",
    "codigo_postal": "el código postal",
    "regimenes": "los regímenes",
    "estatus": "el estatus en el padrón",
}
CSF_UPDATES = (
    "Ya tiene un cliente con el RFC {rfc}: al guardar se actualizarán sus datos con los de "
    "la Constancia."
)
