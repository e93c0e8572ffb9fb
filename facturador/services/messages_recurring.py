"""Spanish text of recurring invoices (services.recurring, its CLI command and its page)."""

from __future__ import annotations

MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip

PERIOD_NOTE = " (Periodo: {mes} de {anio})"

BAD_DAY = "El día del mes debe ser un número del 1 al 31 (usted indicó {valor})."
BAD_EVERY = "«Cada cuántos meses» debe ser un número del 1 al 12 (usted indicó {valor})."
UNTIL_BEFORE_START = (
    "La fecha final ({hasta}) es anterior a la primera fecha de la factura ({desde}); "
    "corríjala o déjela vacía."
)
NOT_A_DRAFT = "El borrador {id} no existe o ya se emitió; elija otro de la lista."
DRAFT_WITHOUT_DATA = "El borrador {id} no tiene datos de la factura; ábralo y guárdelo de nuevo."
ONLY_INVOICES = (
    "Solo una factura de ingreso (tipo I) puede ser recurrente; este comprobante es de tipo {tipo}."
)

STATE_ACTIVE = "Activa"
STATE_PAUSED = "En pausa"
STATE_FINISHED = "Terminada"

EVERY_MONTH = "Cada mes, día {dia}"
EVERY_N_MONTHS = "Cada {n} meses, día {dia}"
UNTIL = " hasta el {hasta}"

ISSUED_ON_ITS_DAY = "Factura recurrente {ref} emitida con Fecha del {fecha} (su fecha programada)."
ISSUED_LATE = (
    "Factura recurrente {ref} del {programada}: esa fecha quedó fuera del plazo de 72 horas "
    "que el SAT permite para la Fecha de un CFDI, así que se emitió con Fecha de hoy ({fecha}) "
    "e indica el periodo en la descripción («Periodo: {periodo}»)."
)
FAILED = "No se pudo emitir la factura recurrente de {cliente} del {programada}: {motivo}"
NO_CSD = (
    "No se emitieron las facturas recurrentes pendientes: {motivo} Se intentará de nuevo en la "
    "siguiente sincronización."
)
NOTHING_DUE = "No hay facturas recurrentes pendientes."
SUMMARY = "{emitidas} factura(s) recurrente(s) emitida(s) y en cola de timbrado."
SUMMARY_LATE = (
    " {tarde} de ellas tenía(n) una fecha anterior al plazo de 72 horas del SAT: llevan la "
    "Fecha de hoy y el periodo en la descripción."
)
SUMMARY_FAILED = " {fallidas} no se pudieron emitir: revise el detalle."
LAST_RESULT = "Última generación ({cuando}): {texto}"
SHORT_ON_ITS_DAY = "• {ref}: fecha {programada}, Fecha del CFDI {fecha}."
SHORT_LATE = "• {ref}: fecha {programada}, Fecha del CFDI {fecha} (Periodo: {periodo})."
NEVER_RUN = "Aún no se ha emitido ninguna factura recurrente."

EMAIL_NOT_QUEUED = (
    "La factura recurrente {ref} ya está timbrada, pero no se pudo dejar su correo en la "
    "bandeja de salida: {motivo}"
)
