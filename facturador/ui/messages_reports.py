"""Spanish text of Inicio, IVA y retenciones del mes and Cuentas por cobrar (usted)."""

from __future__ import annotations

MONTHS = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
          "septiembre", "octubre", "noviembre", "diciembre")  # fmt: skip
SHORT_MONTHS = tuple(m[:3] for m in MONTHS)
THOUSANDS = "mil"
MILLIONS = "M"

LOADING = "Calculando…"
EXPORT_XLSX = "Exportar a Excel…"
EXPORT_PDF = "Exportar a PDF…"
EXPORT_SAVED = "Reporte guardado en {path}"
XLSX_FILTER = "Libro de Excel (*.xlsx)"
PDF_FILTER = "Documento PDF (*.pdf)"
MONTH_LABEL = "Mes:"
NO_COMPANY = "Elija o dé de alta una empresa para ver sus reportes."

# -- Inicio ----------------------------------------------------------------------------------
HOME_TITLE = "Inicio"
HOME_SUBTITLE = (
    "Ventas de {mes}, en pesos y antes de impuestos: ingresos menos notas de crédito, al tipo "
    "de cambio de cada comprobante. No cuentan los cancelados."
)
KPI_SALES = "Ventas del mes"
KPI_LAST_YEAR = "{mes}, un año antes"
KPI_CHANGE = "{sign}{pct} % contra el año pasado"
KPI_NO_CHANGE = "Sin ventas el año pasado para comparar"
KPI_TOTAL = "Facturado con impuestos"
KPI_DOCUMENTS = "{n} comprobante(s) de ingreso y egreso"
CHART_TITLE = "Ventas de los últimos 12 meses"
TOP_CLIENTS = "Clientes principales del mes"
TOP_HEADERS = ("Cliente", "RFC", "Ventas", "Comprobantes")
NO_SALES = "Aún no hay ventas timbradas este mes."
ATTENTION = "Requiere su atención"
ATTENTION_NONE = "Todo en orden: nada espera su intervención."
ATTENTION_QUEUE = "{n} comprobante(s) en la cola de timbrado."
ATTENTION_REJECTED = "{n} comprobante(s) rechazado(s) por el PAC: corríjalos en Registros CFDI."
ATTENTION_POSSIBLY = (
    "{n} comprobante(s) posiblemente timbrado(s): se consultan al PAC en cada sincronización."
)
ATTENTION_CANCELLING = "{n} cancelación(es) en proceso ante el SAT."
ATTENTION_NEAR_LIMIT = (
    "{n} comprobante(s) sellado(s) hace más de 48 horas sin timbrar: el SAT da 72 horas."
)
ATTENTION_CSD = "El CSD {no} vence en {days} día(s) ({date}): tramite uno nuevo en CertiSAT Web."
ATTENTION_CSD_EXPIRED = "El CSD {no} venció el {date}: instale uno vigente para sellar."
ATTENTION_CREDITS = "Le quedan {n} créditos de timbrado con su PAC."
OPEN_RECORDS = "Ver Registros CFDI"

# -- IVA y retenciones del mes -------------------------------------------------------------
IVA_TITLE = "IVA y retenciones del mes"
IVA_SUBTITLE = (
    "Para su declaración mensual. El IVA se causa al cobrarse: cuentan las facturas PUE del "
    "mes y lo cobrado en el mes de facturas PPD según sus complementos de pago (ImpuestosDR); "
    "las notas de crédito restan. Importes en pesos. Seleccione una línea para ver sus "
    "comprobantes."
)
KPI_IVA = "IVA trasladado cobrado"
KPI_IVA_RET = "IVA retenido"
KPI_ISR_RET = "ISR retenido"
IVA_LINES = "Impuestos por tasa"
IVA_HEADERS = ("Tipo", "Impuesto", "Tasa", "Base", "Importe", "Comprobantes")
KIND_NAMES = {"T": "Trasladado", "R": "Retenido"}
IVA_DOCUMENTS = "Comprobantes de la línea seleccionada"
IVA_DOCUMENT_HEADERS = ("Comprobante", "Tipo", "Fecha", "Cliente", "Base", "Importe")
TIPO_NAMES = {"I": "Ingreso", "E": "Egreso", "P": "Pago"}
NO_TAXES = "Sin impuestos cobrados en este mes."

# -- Cuentas por cobrar --------------------------------------------------------------------
AR_TITLE = "Cuentas por cobrar"
AR_SUBTITLE = (
    "Facturas PPD con saldo, por cliente y antigüedad (días desde su fecha), con el último "
    "pago recibido. Saldos en pesos al tipo de cambio de cada factura."
)
AR_AS_OF = "Saldos al:"
AR_TODAY = "Hoy"
AR_MONTH_END = "Fin de {mes}"
AR_TOTAL = "Total por cobrar"
AR_CLIENT_HEADERS = ("Cliente", "RFC", "0–30", "31–60", "61–90", "Más de 90", "Total",
                     "Último pago")  # fmt: skip
AR_INVOICES = "Facturas del cliente seleccionado"
AR_INVOICE_HEADERS = ("Factura", "Fecha", "Moneda", "Total", "Pagado", "Saldo", "Días",
                      "Último pago")  # fmt: skip
AR_PAY = "Generar complemento de pago"
AR_NOTHING = "Ningún cliente le debe facturas PPD a esta fecha."
AR_PICK_INVOICE = "Seleccione una factura para generar su complemento de pago."
