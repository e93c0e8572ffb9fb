"""Spanish texts of the desktop app, in one place (split by feature as it grows).

Error sentences come from each exception's `message`; this module holds the window's own
words: titles, labels, hints, status bar texts.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

__all__ = ["tr"]


def tr(text: str) -> str:
    return QCoreApplication.translate("Facturador", text)


APP_NAME = "Facturador"
DISCOUNT_HINT = "Importe del descuento (p. ej. 150.00) o porcentaje del importe (p. ej. 10%)."
FORMA_PAGO_PPD = "Con «Pago en parcialidades o diferido» la forma de pago es 99 (Por definir)."
# Qt's Spanish catalog (qtbase_es.qm) speaks Spain's Spanish: these words become Mexico's.
QT_WORDS_ES_MX = {
    "fichero": "archivo",
    "ficheros": "archivos",
    "Fichero": "Archivo",
    "Ficheros": "Archivos",
    "ordenador": "equipo",
    "Ordenador": "Equipo",
}

# -- generic ------------------------------------------------------------------------------
SAVE = "Guardar"
CANCEL = "Cancelar"
ADD = "Agregar…"
EDIT = "Editar…"
SEARCH = "Buscar"
SAVED = "Cambios guardados."
WORKING = "Trabajando…"
OPENING_DATABASE = "Abriendo la base de datos…"
RETRY_OPEN = "Reintentar"
RESTORE_FROM_BACKUP = "Restaurar un respaldo…"
RESTORE_FROM_BACKUP_TITLE = "Elegir el respaldo a restaurar"
BACKUP_FILE_FILTER = "Respaldos de Facturador (*.sqlite3)"
RESTORING_BACKUP = "Restaurando el respaldo…"
ERROR_TITLE = "No se pudo completar la operación"
UNEXPECTED_ERROR = (
    "Ocurrió un error inesperado. Sus datos están a salvo. Si el problema continúa, copie los "
    "detalles y envíelos a soporte."
)
COPY_DETAILS = "Copiar detalles"
COMING_SOON_TITLE = "Disponible próximamente"
COMING_SOON_TEXT = (
    "Esta sección todavía no está disponible en esta versión de Facturador. "
    "Mientras tanto puede usar el resto de la aplicación o la línea de comandos "
    "(«facturador --help»)."
)

# -- header and status bar -------------------------------------------------------------------
ACTIVE_COMPANY = "Empresa:"
NO_COMPANY = "Sin empresa"
SETUP_COMPANY = "Configurar empresa…"
NEW_COMPANY = "Nueva empresa…"
ONLINE = "● En línea"
OFFLINE = "● Sin conexión"
CHECKING = "● Comprobando conexión…"
QUEUE_EMPTY = "Sin documentos en cola"
QUEUE_WAITING = "{n} en cola"
QUEUE_REJECTED = "{n} rechazado(s)"
QUEUE_POSSIBLY_STAMPED = "{n} posiblemente timbrado(s): verificando con el PAC"
QUEUE_LAST_ATTEMPT = "último intento {when}"
QUEUE_NEXT_ATTEMPT = "próximo intento {when}"
QUEUE_IN_SECONDS = "en {s} s"
QUEUE_NEAR_LIMIT = "⚠ {n} cerca del límite de 72 horas"
QUEUE_NEAR_LIMIT_TIP = (
    "El SAT timbra un comprobante sólo dentro de las 72 horas siguientes a su fecha. Conéctese "
    "a internet para que se envíen; si no alcanzan, se fecharán de nuevo con la misma serie y "
    "folio."
)
SYNCING = "Sincronizando con el PAC…"
REDATE_TITLE = "Fechar de nuevo"
POSSIBLY_STAMPED_HINT = (
    "{name} posiblemente ya está timbrado: un envío pudo llegar al PAC sin que llegara su "
    "respuesta, y pasaron las 72 horas. Se sigue verificando con el PAC; no emita otro "
    "comprobante por esta venta. Si el PAC o el SAT confirman que no existe, féchelo de nuevo."
)
REDATE_REJECTED = (
    "El PAC rechazó {name} por su fecha (fuera de las 72 horas o en el futuro). Se fechará con "
    "la hora actual y se sellará de nuevo con la misma serie y folio, y se enviará a timbrar."
)
REDATE_POSSIBLY_STAMPED = (
    "{name} posiblemente ya está timbrado: un envío anterior pudo llegar al PAC sin que llegara "
    "su respuesta. Si lo fecha y sella de nuevo y el anterior sí existe, la venta quedará "
    "facturada dos veces.\n\nAntes de continuar, confirme con su PAC o en el portal del SAT "
    "(Consulta de facturas emitidas) que no existe un CFDI con esta serie y folio."
)
REDATE_CONFIRM = "Fechar y sellar de nuevo"
REDATE_CONFIRM_POSSIBLY = "Confirmo que no está timbrado: fechar de nuevo"
REDATE_KEEP = "No, seguir verificando"
WITHDRAW_TITLE = "Retirar de la cola"
WITHDRAW_QUESTION = "¿Retirar {name} de la cola de timbrado?"
WITHDRAW_DETAIL = (
    "Comprobante {name} para {receptor}, por {total}. Aún no se ha enviado al PAC.\n\n"
    "Si lo retira, no se enviará ni se timbrará nunca. Su serie y folio ({name}) quedan "
    "marcados como retirados en Registros y no se vuelven a usar. No se puede deshacer: si "
    "después necesita el comprobante, genere uno nuevo."
)
WITHDRAW_TIP = "Retira de la cola un comprobante que aún no se ha enviado al PAC."
WITHDRAW_CONFIRM = "Sí, retirar de la cola"
WITHDRAW_KEEP = "No, dejarlo en la cola"
WITHDRAWN = "{name} se retiró de la cola: no se timbrará. Su folio queda como retirado."
SYNC_STOP = "Detener"
SYNC_STOP_TIP = (
    "Detiene la sincronización entre un comprobante y el siguiente; lo pendiente sigue en la cola."
)
CREDITS = "Créditos: {n} (al {when})"
DEMO_MODE = "Modo demostración (sin validez fiscal)"
CSD_EXPIRES = "⚠ El CSD {no} vence en {days} días ({date}). Tramite uno nuevo en CertiSAT Web."
CSD_EXPIRES_TODAY = "⚠ El CSD {no} vence hoy. Tramite uno nuevo en CertiSAT Web."
CSD_EXPIRED = "⚠ El CSD {no} venció el {date}: no puede sellar. Instale uno vigente."
SESSION_SECRETS = (
    "No hay llavero del sistema: la contraseña del CSD se pedirá una vez en cada sesión."
)

# -- navigation ------------------------------------------------------------------------------
SECTION_HOME = "Inicio"
SECTION_CONFIG = "Configuración"
SECTION_CATALOGS = "Catálogos"
SECTION_DOCUMENTS = "Documentos"
SECTION_RECORDS = "Registros CFDI"
SECTION_RECEIVED = "Recibidos del SAT"
SECTION_REPORTS = "Reportes"
SECTION_HELP = "Ayuda"

# -- company (datos fiscales) ----------------------------------------------------------------
COMPANY_TITLE = "Datos fiscales de la empresa"
COMPANY_SUBTITLE = (
    "Los datos del emisor que aparecen en cada CFDI. Deben coincidir exactamente con su "
    "Constancia de Situación Fiscal."
)
RFC = "RFC"
RAZON_SOCIAL = "Nombre o razón social"
REGIMEN = "Régimen fiscal"
CP_EXPEDICION = "Código postal (lugar de expedición)"
RFC_LOCKED_HINT = "El RFC no se puede cambiar. Para otro RFC agregue otra empresa."
NAME_HINT = "Sin «S.A. de C.V.» ni otro régimen societario, tal como en la Constancia."
REGIMEN_HINT = "Escriba la clave o parte del nombre: 601, 612, 626…"
CP_HINT = "El código postal de su domicilio fiscal, 5 dígitos."
NO_ACTIVE_COMPANY = "Primero configure una empresa."
COMPANY_EMPTY_TITLE = "Todavía no hay una empresa"
COMPANY_EMPTY = (
    "Configure su empresa (datos fiscales, CSD y PAC) o pruebe Facturador con la empresa de "
    "demostración del SAT: podrá emitir una factura de prueba en un minuto."
)

# -- certificate ---------------------------------------------------------------------------
CSD_TITLE = "Certificado de Sello Digital"
CSD_SUBTITLE = "Con el CSD Facturador sella cada CFDI antes de enviarlo al PAC."
CER_FILE = "Certificado (.cer)"
KEY_FILE = "Llave privada (.key)"
KEY_PASSWORD = "Contraseña de la llave privada"
CHOOSE_FILE = "Elegir…"
CHOOSE_CER = "Elija el certificado (.cer)"
CHOOSE_KEY = "Elija la llave privada (.key)"
CER_FILTER = "Certificado (*.cer);;Todos los archivos (*)"
KEY_FILTER = "Llave privada (*.key);;Todos los archivos (*)"
VERIFY = "Verificar"
FILE_UNREADABLE = "No se pudo leer el archivo {path}. Revise que exista y que tenga permiso."
INSTALL = "Instalar"
VERIFYING = "Verificando el certificado…"
INSTALLING = "Instalando el certificado…"
CSD_VALID = "✔ Certificado válido"
CSD_OTHER_RFC = (
    "✖ Este certificado es válido, pero es de otro RFC ({certificate_rfc}); la empresa activa "
    "es {company_rfc}. Elija el CSD (.cer y .key) de {company_rfc}."
)
CSD_INSTALLED = "✔ Certificado instalado. Ya puede sellar comprobantes."
CSD_CURRENT = "Certificado instalado"
CSD_NONE = "Esta empresa todavía no tiene un CSD instalado."
CSD_MISSING_FILES = "Elija el archivo .cer, el archivo .key y escriba la contraseña."
FACT_RFC = "RFC"
FACT_NAME = "Titular"
FACT_NUMBER = "No. de certificado"
FACT_VALIDITY = "Vigencia"
FACT_VALIDITY_VALUE = "del {start} al {end}"
CSD_HELP = """
<h3>¿Qué necesito?</h3>
<p>El <b>Certificado de Sello Digital (CSD)</b> son dos archivos que el SAT le entrega al
tramitarlo en <i>CertiSAT Web</i> con su e.firma:</p>
<ul>
<li><b>.cer</b>: el certificado público, con su RFC y su vigencia.</li>
<li><b>.key</b>: la llave privada, protegida con la <b>contraseña</b> que usted eligió al
generar el CSD.</li>
</ul>
<p>La contraseña no es la de la e.firma (FIEL) ni la CIEC. Facturador la guarda en el
llavero del sistema, nunca en un archivo.</p>
<h3>«Certificado no válido o expirado»</h3>
<ul>
<li>Revise la vigencia: un CSD dura 4 años. Si venció, tramite uno nuevo en CertiSAT Web.</li>
<li>Asegúrese de elegir el CSD y no la e.firma: los archivos de la e.firma no sirven para
facturar.</li>
<li>Elija el .key que se generó junto con ese .cer, y revise mayúsculas y minúsculas en la
contraseña.</li>
<li>Si acaba de tramitarlo, el SAT puede tardar hasta 72 horas en publicarlo.</li>
</ul>
"""

# -- PAC -------------------------------------------------------------------------------------
PAC_SANDBOX = "Demostración (sandbox local, sin validez fiscal)"
PAC_FINKOK = "Finkok"
PAC_SW = "SW Sapien"
ENV_TEST = "Pruebas"
ENV_PROD = "Producción"
PAC_USER = "Usuario del PAC"
PAC_PASSWORD = "Contraseña del PAC"

# -- first-run wizard ------------------------------------------------------------------------
WIZARD_TITLE = "Bienvenido a Facturador"
WIZARD_WELCOME_TITLE = "Bienvenido a Facturador"
WIZARD_WELCOME = (
    "Facturación electrónica CFDI 4.0 en su computadora, con o sin internet. En tres pasos "
    "configura su empresa: datos fiscales, certificado de sello digital y PAC."
)
WIZARD_DEMO = "&Probar con datos de demostración"
WIZARD_DEMO_HINT = (
    "Usa la empresa de prueba del SAT (EKU9003173C9) con su CSD de prueba y un PAC de "
    "demostración: podrá emitir una factura en un minuto. Los comprobantes no tienen validez "
    "fiscal."
)
WIZARD_OWN = "&Configurar mi empresa"
WIZARD_OWN_HINT = "Tenga a la mano su Constancia de Situación Fiscal y su CSD (.cer y .key)."
WIZARD_COMPANY_TITLE = "Datos fiscales"
WIZARD_COMPANY_SUB = "Tal como aparecen en su Constancia de Situación Fiscal."
WIZARD_CSD_TITLE = "Certificado de Sello Digital"
WIZARD_CSD_SUB = (
    "Elija sus archivos .cer y .key y escriba la contraseña. Si aún no los tiene, continúe: "
    "podrá instalarlos después en Configuración."
)
WIZARD_PAC_TITLE = "Proveedor de certificación (PAC)"
WIZARD_PAC_SUB = "El PAC timbra sus comprobantes ante el SAT."
WIZARD_CREATING_DEMO = "Preparando la empresa de demostración…"
PAC_CREDENTIALS_REQUIRED = "Escriba el usuario y la contraseña que le dio su PAC."

# -- catalogs ----------------------------------------------------------------------------------
CATALOG_NO_RESULTS = "Sin resultados para «{text}»"
CLIENTS_TITLE = "Clientes"
CLIENTS_SUBTITLE = "Los receptores a quienes factura, con sus datos fiscales."
CLIENTS_SEARCH = "Buscar por RFC o nombre…"
CLIENTS_EMPTY = "Todavía no hay clientes. Agregue el primero con «Agregar…»."
PRODUCTS_TITLE = "Productos y servicios"
PRODUCTS_SUBTITLE = "Lo que vende, con su clave del SAT, unidad, precio e impuestos."
PRODUCTS_SEARCH = "Buscar por descripción, clave o número de identificación…"
PRODUCTS_EMPTY = "Todavía no hay productos. Agregue el primero con «Agregar…»."
CLIENT_NEW = "Nuevo cliente"
CLIENT_EDIT = "Editar cliente"
PRODUCT_NEW = "Nuevo producto o servicio"
PRODUCT_EDIT = "Editar producto o servicio"
CLIENT_RFC_HINT = (
    "Venta al público en general: XAXX010101000 (régimen 616, uso S01). "
    "Cliente extranjero: XEXX010101000."
)
CLIENT_NAME_HINT = "Como en la Constancia, sin «S.A. de C.V.»."
CLIENT_REGIMEN = "Régimen fiscal del cliente"
CLIENT_CP = "Código postal del domicilio fiscal"
CLIENT_USO = "Uso del CFDI"
CLIENT_EMAILS = "Correos electrónicos"
CLIENT_ORIGIN = "Origen de los datos"
CLIENT_EMAILS_HINT = "Separe varios correos con comas."
GLOBAL_CAPTION = "Factura global al público en general: periodo de las ventas que ampara"
GLOBAL_HINT = (
    "El SAT la pide al facturar a PUBLICO EN GENERAL. Si el cliente le dio su nombre y no su "
    "RFC, regístrelo con XAXX010101000 y su nombre: esa factura no es global."
)
CLIENT_RESIDENCIA = "País de residencia fiscal"
CLIENT_RESIDENCIA_HINT = "Obligatorio si registra el número de registro fiscal."
CLIENT_NUM_REG = "Número de registro fiscal (extranjero)"
CLIENT_NUM_REG_HINT = "Su identificación fiscal en su país (opcional)."
PRODUCT_DESCRIPTION = "Descripción"
PRODUCT_CLAVE = "Clave de producto o servicio (SAT)"
PRODUCT_CLAVE_HINT = "Busque por palabra: «consultoría», «papel»… o escriba la clave."
PRODUCT_UNIDAD_CLAVE = "Clave de unidad (SAT)"
PRODUCT_UNIDAD_HINT = "H87 pieza, E48 unidad de servicio, KGM kilogramo…"
PRODUCT_UNIDAD = "Unidad (texto libre)"
PRODUCT_NO_ID = "No. de identificación (SKU)"
PRODUCT_PRICE = "Precio unitario (sin impuestos)"
PRODUCT_OBJETO = "Objeto de impuesto"
PRODUCT_TAX = "Impuestos"
TAX_IVA16 = "IVA trasladado 16 %"
TAX_IVA8 = "IVA trasladado 8 % (región fronteriza)"
TAX_IVA0 = "IVA trasladado tasa 0 %"
TAX_EXENTO = "IVA exento"
TAX_NONE = "Sin impuestos"
COL_RFC = "RFC"
COL_NAME = "Nombre o razón social"
COL_REGIMEN = "Régimen"
COL_CP = "C.P."
COL_USO = "Uso CFDI"
COL_ORIGIN = ""  # an icon column (verified or not); its tooltip says it
COL_EMAILS = "Correos"
COL_DESCRIPTION = "Descripción"
COL_CLAVE = "Clave SAT"
COL_UNIDAD = "Unidad"
COL_PRICE = "Precio"
COL_NO_ID = "No. identificación"
COL_OBJETO = "Objeto imp."
USE_NAME = "Usar «{name}»"
NAME_WITH_REGIMEN = "El SAT registra la razón social sin «{regimen}»."


# Importing a Constancia de Situación Fiscal into the client dialog
CSF_IMPORT = "Importar Constancia…"
CSF_IMPORT_TITLE = "Elija la Constancia de Situación Fiscal (PDF) del cliente"
CSF_IMPORT_FILTER = "Constancia de Situación Fiscal (*.pdf);;Todos los archivos (*)"
CSF_IMPORTING = "Leyendo la Constancia…"
CSF_IMPORTED = "Datos tomados de la Constancia del {fecha} (idCIF {id_cif}). Revíselos y guarde."
CSF_ORIGIN_PENDING = "Constancia del {fecha}, por guardar"

# Registros: a rejection for the receptor's data (services.receptor_reissue)
RECEPTOR_FIX_BUTTON = "Actualizar datos del cliente…"
RECEPTOR_FIX_TITLE = "Actualizar datos del cliente"
RECEPTOR_FIX_HINT = (
    "Importe la Constancia de Situación Fiscal del cliente (o arrastre su PDF a esta ventana)"
    " o corrija sus datos. Al guardar, {name} se sella de nuevo con el mismo folio y se envía"
    " a timbrar."
)
RECEPTOR_CHECK_FAILED = "No coincide con la Constancia del cliente (vea abajo)."
CSF_VERIFY = "Verificar en el SAT"
CSF_VERIFY_TIP = (
    "Consulta la página de validación de Constancias del SAT con el RFC y el idCIF de la"
    " Constancia importada (requiere internet)."
)
CSF_VERIFYING = "Consultando la página de validación del SAT…"
READY_WITH_PROMPT = "Listo para generar."
