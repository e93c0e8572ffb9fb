"""Spanish text of the command line that is not an error of a lower layer (usted)."""

from __future__ import annotations

UNWRITABLE = "No se pudo escribir «{path}»: {reason}. Indique en -o la ruta de un archivo."
FOLDER_MISSING = "la carpeta «{folder}» no existe"

JSON_TOO_DEEP = "el JSON tiene demasiados niveles anidados; un comprobante no los necesita"
JSON_NUMBER_TOO_LONG = "contiene un número de miles de dígitos; revise las cantidades"
NOT_AN_OBJECT = "debe contener un objeto JSON (el Comprobante)"
NO_JSON_IN_FOLDER = "la carpeta no contiene archivos .json"

NOT_SEALED = "No se selló {entrada}: el SAT lo rechazaría."
SEALED = "Sellado: {salida} (Total {total} {moneda}, Fecha {fecha})"

EMITTED = "Emitido {serie}-{folio} por {total} {moneda}: en cola, se timbrará al sincronizar."
EMITTED_FILE = "{archivo}: emitido {serie}-{folio} por {total} {moneda}, en cola."
FAILED_FILE = "{archivo}: no se emitió. {motivo}"
BATCH_SUMMARY = "{emitidos} emitido(s), {fallidos} con error, de {total} archivo(s)."

NO_KEYRING_FOR = (
    "No hay un llavero del sistema disponible, y la contraseña {whose} solo se guarda ahí: no "
    "se guardó la configuración. Configure el llavero del sistema (en Linux, gnome-keyring o "
    "KWallet en una sesión con D-Bus) y vuelva a intentarlo."
)
KEYRING_USERS = {"pac": "del PAC", "smtp": "del correo (SMTP)"}
PASSWORD_PROMPT = "Contraseña de la llave privada del CSD: "
NO_PASSWORD_STORED = (
    "No hay una contraseña guardada para el CSD de la empresa activa (el llavero del sistema "
    "no está disponible o no la tiene) y no se indicó ninguna. Désela con --password-file "
    "ARCHIVO o escríbala en una terminal, o configure el llavero del sistema y vuelva a "
    "instalar el certificado."
)

REPORT_HELP = "reportes del mes: ventas, IVA y retenciones, cuentas por cobrar"
REPORT_DESCRIPTION = (
    "Ventas (12 meses, el mismo mes del año anterior, 10 clientes principales), IVA y "
    "retenciones cobrados en el mes (flujo de efectivo) o cuentas por cobrar con antigüedad al "
    "fin del mes. Sin --json, --xlsx ni --pdf, los muestra como tablas."
)
REPORT_WRITTEN = "Reporte guardado en {archivo}"


# cliente importar-csf
CSF_FILE = "No se pudo leer el archivo {path}: {reason}."
CSF_HEADER = "Constancia de Situación Fiscal del {fecha} (idCIF {id_cif}):"
CSF_PROPOSED = "Se propone RégimenFiscalReceptor {regimen} y UsoCFDI {uso}."
CSF_SAVED = "Cliente {rfc} {nombre} {verbo} con los datos de la Constancia."
