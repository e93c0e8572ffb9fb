"""Spanish texts of the "Descargas del SAT" page (ui.pages.descargas)."""

TITLE = "Descargas del SAT"
SUBTITLE = (
    "Pida al SAT los CFDI emitidos o recibidos de un periodo con la e.firma de la empresa; "
    "la aplicación sigue la solicitud y guarda los paquetes, aunque se cierre."
)
TIPO = "Comprobantes"
TIPOS = (("Recibidos", "recibidos"), ("Emitidos", "emitidos"))
FORMATO = "Contenido"
FORMATOS = (("XML", False), ("Metadatos (incluye cancelados)", True))
DESDE = "Desde"
HASTA = "Hasta"
REQUEST = "Solicitar al SAT"
CONTINUE = "Continuar ahora"
REQUESTING = "Enviando la solicitud al SAT…"
CONTINUING = "Consultando al SAT y descargando los paquetes listos…"
REQUESTED = "Solicitud {id} registrada: {state}."
PASS_DONE = (
    "Listo: {sent} enviadas, {verified} consultadas, {downloaded} paquetes descargados, "
    "{imported} CFDI nuevos en Comprobantes recibidos; "
    "{open} solicitudes siguen abiertas."
)
EMPTY = "Sin solicitudes. Elija el periodo y pulse «Solicitar al SAT»."
PROGRESS = "Paquetes descargados: {done} de {total}"
HEADERS = ("Núm.", "RFC", "Comprobantes", "Contenido", "Periodo", "Estado", "CFDI", "Paquetes")
FORMATO_LABELS = {"xml": "XML", "metadata": "Metadatos"}
NO_FIEL_HINT = (
    "Se necesita la e.firma (FIEL) de la empresa: instálela con «facturador certificado "
    "fiel ARCHIVO.cer ARCHIVO.key». El SAT no acepta el CSD para descargar."
)
