"""Spanish texts of the configuration pages (PAC, créditos, series, correo, respaldos), the
help pages (preguntas frecuentes, contacto) and the connection shown in the status bar."""

from __future__ import annotations

# -- status bar ------------------------------------------------------------------------------
ONLINE = "● En línea"
OFFLINE = "● Sin conexión"
ONLINE_DEMO = "● En línea (demostración)"

# -- PAC ---------------------------------------------------------------------------------------
PAC_TITLE = "Conexión con el PAC"
PAC_SUBTITLE = (
    "El proveedor de certificación (PAC) timbra sus comprobantes ante el SAT. Facturador los "
    "envía en segundo plano en cuanto hay conexión."
)
PAC_PROVIDER = "Proveedor"
PAC_ENVIRONMENT = "Ambiente"
PAC_URL = "Dirección (opcional)"
PAC_URL_HINT = "Déjela vacía para usar la dirección oficial del proveedor."
PAC_USER = "Usuario"
PAC_PASSWORD = "Contraseña"
PAC_PASSWORD_KEPT = "Guardada en el llavero del sistema. Escriba otra solo para cambiarla."
PAC_PASSWORD_HINT = "Se guarda en el llavero del sistema, nunca en la base de datos."
PAC_TEST = "Probar conexión"
PAC_TESTING = "Comprobando la conexión con el PAC…"
PAC_TEST_OK = "✔ El PAC responde en {host}. El usuario y la contraseña se comprueban al timbrar."
PAC_TEST_DEMO = "✔ El PAC de demostración funciona sin internet (sin validez fiscal)."
PAC_SAVED = "✔ Configuración del PAC guardada."
DEMO_CONFIRM_TITLE = "¿Timbrar sin validez fiscal?"
DEMO_CONFIRM_QUESTION = "«{nombre}» ({rfc}) no es la empresa de demostración."
DEMO_CONFIRM_DETAIL = (
    "En «Demostración» sus comprobantes{waiting} se timbran con un timbre de prueba: no tienen "
    "validez fiscal, el SAT no los conoce y nunca serán válidos; tendría que emitirlos de nuevo "
    "con su PAC.\n\nSu usuario y contraseña del PAC se conservan en el llavero, para cuando "
    "vuelva a elegirlo."
)
DEMO_CONFIRM_WAITING = ", incluidos los {n} que esperan en la cola,"
DEMO_CONFIRM_WAITING_ONE = ", incluido el que espera en la cola,"
DEMO_CONFIRM_CHECK = "Entiendo que estos comprobantes nunca serán válidos ante el SAT."
DEMO_CONFIRM_YES = "Timbrar sin validez fiscal"
DEMO_CONFIRM_NO = "No, conservar mi PAC"
PAC_DEMO_NOTE = (
    "En modo demostración los comprobantes se timbran localmente y no tienen validez fiscal."
)
PROVIDERS = (
    ("sandbox", "Demostración (sin validez fiscal)"),
    ("finkok", "Finkok"),
    ("sw", "SW Sapien"),
)
ENVIRONMENTS = (("pruebas", "Pruebas"), ("produccion", "Producción"))
PAC_HELP = """
<h3>¿Qué es el PAC?</h3>
<p>Un Proveedor Autorizado de Certificación, autorizado por el SAT, valida cada CFDI y le
agrega el <b>timbre fiscal digital</b> (el folio fiscal o UUID). Sin timbre, la factura no
es válida.</p>
<h3>Pruebas y producción</h3>
<p>Use <b>Pruebas</b> con el usuario de pruebas del PAC mientras aprende; cambie a
<b>Producción</b> cuando contrate sus timbres.</p>
<h3>Sin internet</h3>
<p>Puede emitir sin conexión: los comprobantes quedan sellados en la cola y se timbran
solos en cuanto el PAC responde. El SAT da 72 horas para timbrar.</p>
"""

# -- créditos ------------------------------------------------------------------------------------
CREDITS_TITLE = "Créditos CFDI"
CREDITS_SUBTITLE = "Los timbres que le quedan con su PAC, según la última consulta."
CREDITS_REFRESH = "Consultar ahora"
CREDITS_READING = "Consultando el saldo con el PAC…"
CREDITS_NEVER = "Todavía no se ha consultado el saldo."
CREDITS_REMAINING = "{n} timbres disponibles"
CREDITS_UNLIMITED = "Timbres ilimitados"
CREDITS_USED = "Usados: {n}"
CREDITS_EXPIRES = "Vigencia: {date}"
CREDITS_READ_AT = "Consultado el {when}"
CREDITS_PROVIDER = "PAC: {name}"
CREDITS_UNSUPPORTED = (
    "Finkok no ofrece la consulta de saldo a sus clientes directos: revise sus timbres en el "
    "portal de Finkok. Si se agotan, Facturador se lo avisará en cuanto el PAC lo indique y "
    "sus comprobantes esperarán en la cola sin perderse."
)
CREDITS_DEMO = "Modo demostración: timbres ilimitados, sin validez fiscal."
CREDITS_HELP = """
<h3>¿Qué es un crédito o timbre?</h3>
<p>Cada CFDI timbrado consume un crédito de su PAC (facturas, notas de crédito y
complementos de pago). Las cancelaciones no consumen créditos.</p>
<h3>Finkok</h3>
<p>Finkok cobra por timbre y no ofrece consulta de saldo a clientes directos: consulte y
compre timbres en <a href="https://www.finkok.com">finkok.com</a>. Cuando se agotan, el PAC
responde «Sin folios disponibles» y la cola se detiene hasta que compre más.</p>
<h3>SW Sapien</h3>
<p>SW informa el saldo y su vigencia: aquí lo ve con la fecha de la consulta.</p>
"""

# -- series ------------------------------------------------------------------------------------
SERIES_TITLE = "Series y folios"
SERIES_SUBTITLE = (
    "Cada serie lleva su propio folio consecutivo, que se asigna al sellar: los borradores "
    "no consumen folios."
)
SERIES_COL_CODE = "Serie"
SERIES_COL_TIPO = "Tipo de comprobante"
SERIES_COL_NEXT = "Siguiente folio"
SERIES_EMPTY = "Todavía no hay series. La serie «A» se crea sola con la primera factura."
SERIES_NEW = "Nueva serie"
SERIES_CODE = "Serie"
SERIES_CODE_HINT = "Letras o números, p. ej. A, B, NC, P."
SERIES_TIPO = "Tipo"
SERIES_FIRST = "Primer folio"
SERIES_ADD = "Agregar serie"
SERIES_ADDED = "✔ Serie {code} agregada; el siguiente folio es {n}."
TIPOS = (("I", "Ingreso (factura)"), ("E", "Egreso (nota de crédito)"), ("P", "Pago"))

# -- correo ------------------------------------------------------------------------------------
MAIL_TITLE = "Correo"
MAIL_SUBTITLE = "El servidor por el que Facturador envía el PDF y el XML a sus clientes."
MAIL_HOST = "Servidor SMTP"
MAIL_HOST_HINT = "p. ej. smtp.gmail.com, smtp.office365.com"
MAIL_PORT = "Puerto"
MAIL_SECURITY = "Seguridad"
SECURITIES = (("starttls", "STARTTLS (587)"), ("ssl", "SSL/TLS (465)"), ("none", "Ninguna (25)"))
MAIL_USER = "Usuario"
MAIL_PASSWORD = "Contraseña"
MAIL_FROM = "Remitente"
MAIL_FROM_HINT = "La dirección que verán sus clientes."
MAIL_TEST_TO = "Enviar prueba a"
MAIL_TEST = "Enviar correo de prueba"
MAIL_SENDING = "Enviando el correo de prueba…"
MAIL_SENT = "✔ Correo de prueba enviado a {to}. Revise la bandeja de entrada."
MAIL_SAVED = "✔ Configuración de correo guardada."
MAIL_HELP = """
<h3>Gmail y Outlook</h3>
<p>Con Gmail use <b>smtp.gmail.com</b>, STARTTLS, puerto 587 y una <b>contraseña de
aplicación</b> (no la de su cuenta). Con Outlook/Microsoft 365 use
<b>smtp.office365.com</b>, STARTTLS, puerto 587.</p>
<p>La contraseña se guarda en el llavero del sistema.</p>
"""

# -- respaldos ---------------------------------------------------------------------------------
BACKUP_TITLE = "Respaldos"
BACKUP_SUBTITLE = (
    "Copias de la base de datos con todos sus comprobantes, clientes y productos. Guarde "
    "de vez en cuando una copia fuera de esta computadora."
)
BACKUP_NOW = "Respaldar ahora"
BACKUP_RESTORE = "Restaurar…"
BACKUP_OPEN_FOLDER = "Abrir carpeta"
BACKUP_AUTO = "Hacer un respaldo automático cada día (se conservan los 7 más recientes)"
BACKUP_COL_DATE = "Fecha"
BACKUP_COL_SIZE = "Tamaño"
BACKUP_COL_FILE = "Archivo"
BACKUP_EMPTY = "Todavía no hay respaldos."
BACKUP_WORKING = "Respaldando…"
BACKUP_DONE = "✔ Respaldo creado: {name}"
BACKUP_CONFIRM_TITLE = "Restaurar respaldo"
BACKUP_CONFIRM = (
    "¿Restaurar el respaldo del {date}?\n\nLa base de datos actual se reemplazará: lo que "
    "haya hecho después de esa fecha se perderá. Antes se hará un respaldo de la base actual."
)
BACKUP_RESTORED = "✔ Respaldo restaurado. Cierre y vuelva a abrir Facturador para continuar."

# -- preguntas frecuentes ------------------------------------------------------------------------
FAQ_TITLE = "Preguntas frecuentes"
FAQ_SUBTITLE = "Lo esencial de la facturación electrónica y cómo hacer cada tarea aquí."
FAQ_SECTION_BASICS = "Para empezar"
FAQ_SECTION_TASKS = "Cómo hacer cada tarea"
FAQ_SECTION_ERRORS = "Errores frecuentes y su solución"
FAQ_GO = "Ir a {title}"

# (question, answer, page id or "" for no button)
FAQ_BASICS = (
    (
        "¿Qué es la facturación electrónica y el CFDI 4.0?",
        "El CFDI (Comprobante Fiscal Digital por Internet) es la factura electrónica del SAT: "
        "un archivo XML sellado con su certificado y timbrado por un PAC. La versión 4.0 es "
        "la vigente y pide, entre otros, el nombre, el código postal y el régimen fiscal del "
        "cliente tal como aparecen en su Constancia de Situación Fiscal.",
        "",
    ),
    (
        "¿Qué necesito para empezar?",
        "1) Su RFC y su alta en el SAT con su régimen fiscal. 2) La e.firma (antes FIEL), "
        "que se tramita en una oficina del SAT y sirve para pedir el CSD. 3) El Certificado "
        "de Sello Digital (CSD), que se solicita con la e.firma en CertiSAT Web: son un "
        "archivo .cer, un .key y su contraseña. 4) Una cuenta con un PAC y sus timbres.",
        "empresa",
    ),
    (
        "¿Qué diferencia hay entre la e.firma y el CSD?",
        "La e.firma lo identifica a usted ante el SAT y no se usa para facturar. El CSD es "
        "el certificado con el que se sella cada factura. Instale en Facturador solo el CSD.",
        "certificado",
    ),
)
FAQ_TASKS = (
    (
        "¿Cómo cargo los datos fiscales de mi empresa?",
        "En «Datos fiscales» escriba el nombre sin régimen societario, el régimen y el código "
        "postal de su Constancia.",
        "empresa",
    ),
    (
        "¿Cómo instalo mi Certificado de Sello Digital?",
        "Elija su .cer y su .key, escriba la contraseña, pulse «Verificar» y luego «Instalar».",
        "certificado",
    ),
    (
        "¿Cómo configuro mi PAC?",
        "Elija el proveedor y el ambiente, escriba el usuario y la contraseña que le dio el PAC y "
        "pulse «Probar conexión».",
        "pac",
    ),
    (
        "¿Cuántos timbres me quedan?",
        "La página «Créditos CFDI» muestra el último saldo consultado y cuándo se consultó.",
        "creditos",
    ),
    (
        "¿Cómo agrego un cliente?",
        "En «Clientes» pulse «Agregar…» y copie los datos de la Constancia de su cliente.",
        "clientes",
    ),
    (
        "¿Cómo agrego un producto o servicio?",
        "En «Productos y servicios» pulse «Agregar…»; busque la clave del SAT por palabra.",
        "productos",
    ),
    (
        "¿Cómo emito una factura?",
        "En «Generar CFDI 4.0» elija el cliente, agregue conceptos y pulse «Generar». Se sella al "
        "momento y se timbra en cuanto hay conexión.",
        "cfdi",
    ),
    (
        "¿Cómo facturo una exportación (Comercio Exterior)?",
        "En el producto anote su fracción arancelaria y unidad de aduana; en el cliente "
        "extranjero, su domicilio. En «Generar CFDI 4.0» elija «Comercio Exterior 2.0» en "
        "Complemento: la factura sale como exportación definitiva (02).",
        "cfdi",
    ),
    (
        "¿Cómo hago una Carta Porte para llevar mercancía en mi camión?",
        "Registre una vez sus ubicaciones, vehículos y operadores en Catálogos. En «Generar CFDI "
        "4.0» elija «Traslado» (o una factura con entrega), agregue las mercancías como "
        "conceptos y elija «Carta Porte 3.1» en Complemento: origen, destino, vehículo, "
        "operador y el peso de cada mercancía.",
        "cfdi",
    ),
    (
        "¿Cómo registro un pago de una factura a crédito (PPD)?",
        "En «Generar complemento de pagos 2.0» elija la factura, el monto y la forma de pago.",
        "pagos",
    ),
    (
        "¿Cómo consulto, reenvío o cancelo una factura?",
        "En «Registros CFDI» busque el comprobante; desde ahí descarga el PDF y el XML, lo envía "
        "por correo o solicita su cancelación.",
        "registros",
    ),
    (
        "¿Cómo uso otra serie de folios?",
        "En «Series y folios» agregue la serie y su primer folio.",
        "series",
    ),
    (
        "¿Cómo envío facturas por correo?",
        "Configure su servidor en «Correo» y pruébelo con «Enviar correo de prueba».",
        "correo",
    ),
    (
        "¿Cómo respaldo mi información?",
        "Facturador hace un respaldo diario; en «Respaldos» puede hacer uno cuando quiera.",
        "respaldos",
    ),
)
# page each of the four known errors leads to
FAQ_ERROR_PAGES = {
    "certificado": "certificado",
    "creditos": "creditos",
    "receptor": "clientes",
    "conexion": "contacto",
}

# -- contacto ----------------------------------------------------------------------------------
CONTACT_TITLE = "Contacto"
CONTACT_SUBTITLE = "Soporte técnico de Facturador en esta instalación."
CONTACT_EMAIL = "Correo de soporte"
CONTACT_EMAIL_HINT = "Lo configura quien instaló Facturador (su distribuidor o su contador)."
CONTACT_EMAIL_NONE = "Sin configurar"
CONTACT_WRITE = "Escribir a soporte"
CONTACT_SAVE = "Guardar"
CONTACT_SAVED = "✔ Correo de soporte guardado."
CONTACT_DIAG = "Informe de diagnóstico"
CONTACT_DIAG_TEXT = (
    "Al pedir ayuda, pegue este informe en su mensaje. Contiene versiones, sistema, carpeta "
    "de datos, tipo de base de datos, el RFC de la empresa y la cola. Nunca incluye "
    "contraseñas, llaves ni el contenido de sus comprobantes."
)
CONTACT_COPY = "Copiar informe de diagnóstico"
CONTACT_COPIED = "✔ Informe copiado al portapapeles."
