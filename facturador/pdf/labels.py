"""Every Spanish text printed on the PDF, in one place."""

from __future__ import annotations

from types import MappingProxyType

LEYENDA_CFDI = "Este documento es una representación impresa de un CFDI 4.0"
SIN_VALIDEZ = "SIN VALIDEZ FISCAL"
CANCELADO = "CANCELADO"
NO_TIMBRADO = "Comprobante sin timbrar: no ha sido certificado por un PAC."
PAGINA = "Página {page} de {pages}"
CONTINUACION = "(continuación)"

TITULOS = MappingProxyType(
    {
        "I": "FACTURA",
        "E": "NOTA DE CRÉDITO",
        "T": "TRASLADO",
        "N": "RECIBO DE NÓMINA",
        "P": "RECIBO DE PAGO",
    }
)
TITULO_OTRO = "COMPROBANTE FISCAL"

# Datos del comprobante
SERIE_FOLIO = "Serie y folio"
FOLIO_FISCAL = "Folio fiscal (UUID)"
TIPO_COMPROBANTE = "Tipo de comprobante"
FECHA_EMISION = "Fecha de emisión"
FECHA_CERTIFICACION = "Fecha de certificación"
LUGAR_EXPEDICION = "Lugar de expedición (CP)"
EXPORTACION = "Exportación"
NO_CERTIFICADO = "No. de serie del CSD del emisor"
NO_CERTIFICADO_SAT = "No. de serie del certificado del SAT"
RFC_PAC = "RFC del proveedor de certificación"

# Partes
EMISOR = "EMISOR"
RECEPTOR = "RECEPTOR"
RFC = "RFC"
NOMBRE = "Nombre"
REGIMEN_FISCAL = "Régimen fiscal"
DOMICILIO_FISCAL = "Domicilio fiscal (CP)"
USO_CFDI = "Uso del CFDI"
RESIDENCIA_FISCAL = "Residencia fiscal"
NUM_REG_ID_TRIB = "Núm. reg. id. tributario"
FAC_ATR_ADQUIRENTE = "Facturación a nombre de adquirente"

# Pago y moneda
DATOS_PAGO = "DATOS DEL COMPROBANTE"
FORMA_PAGO = "Forma de pago"
METODO_PAGO = "Método de pago"
CONDICIONES_PAGO = "Condiciones de pago"
MONEDA = "Moneda"
TIPO_CAMBIO = "Tipo de cambio"
CONFIRMACION = "Confirmación"

INFORMACION_GLOBAL = "Información global"
PERIODICIDAD = "Periodicidad"
MESES = "Meses"
ANIO = "Año"

CFDI_RELACIONADOS = "CFDI RELACIONADOS"
TIPO_RELACION = "Tipo de relación"

# Conceptos
CONCEPTOS = "CONCEPTOS"
COL_CLAVE_PROD_SERV = "Clave\nprod./serv."
COL_NO_IDENTIFICACION = "No. ident."
COL_CANTIDAD = "Cantidad"
COL_CLAVE_UNIDAD = "Clave\nunidad"
COL_DESCRIPCION = "Descripción"
COL_VALOR_UNITARIO = "Valor unitario"
COL_DESCUENTO = "Descuento"
COL_IMPORTE = "Importe"
PROD_SERV = "Prod./serv."
UNIDAD = "Unidad"
OBJETO_IMP = "Objeto imp."
TRASLADO = "Traslado"
RETENCION = "Retención"
BASE = "Base"
EXENTO = "Exento"
CUENTA_PREDIAL = "Cuenta predial"
PEDIMENTO = "Pedimento"
A_CUENTA_TERCEROS = "A cuenta de terceros"
PARTE = "Parte"

# Totales
SUBTOTAL = "Subtotal"
DESCUENTO = "Descuento"
TOTAL = "Total"
TOTAL_LETRA = "Importe con letra"
IMPUESTOS_TRASLADADOS = "Impuestos trasladados"
IMPUESTOS_RETENIDOS = "Impuestos retenidos"
TRASLADADO_DE = "{impuesto} {tasa}"
RETENIDO_DE = "Retención {impuesto}"
DESGLOSE_IMPUESTOS = "DESGLOSE DE IMPUESTOS"
COL_IMPUESTO = "Impuesto"
COL_TIPO = "Tipo"
COL_FACTOR = "Tipo factor"
COL_TASA = "Tasa o cuota"
COL_BASE = "Base"

# Pagos
PAGOS = "COMPLEMENTO DE PAGOS 2.0"
COMPLEMENTO_MAS_DATOS = "Más datos"
PAGO_N = "Pago {n}"
FECHA_PAGO = "Fecha de pago"
FORMA_PAGO_P = "Forma de pago"
MONEDA_P = "Moneda"
TIPO_CAMBIO_P = "Tipo de cambio"
MONTO = "Monto"
NUM_OPERACION = "Núm. de operación"
CTA_ORDENANTE = "Cuenta ordenante"
CTA_BENEFICIARIO = "Cuenta beneficiaria"
RFC_CTA_ORDENANTE = "RFC banco ordenante"
RFC_CTA_BENEFICIARIO = "RFC banco beneficiario"
BANCO_ORDENANTE = "Banco ordenante (extranjero)"
COL_DOCUMENTO = "Documento relacionado (UUID)"
COL_SERIE_FOLIO = "Serie / folio"
COL_MONEDA_EQ = "Moneda / equiv."
COL_PARCIALIDAD = "Parc."
COL_SALDO_ANTERIOR = "Saldo anterior"
COL_PAGADO = "Pagado"
COL_INSOLUTO = "Saldo insoluto"
COL_OBJETO_IMP = "Obj. imp."
TOTALES_PAGOS = "Totales de pagos"
MONTO_TOTAL_PAGOS = "Monto total de pagos"
TOTALES_PAGOS_CAMPOS = MappingProxyType(
    {
        "TotalRetencionesIVA": "Retenciones IVA",
        "TotalRetencionesISR": "Retenciones ISR",
        "TotalRetencionesIEPS": "Retenciones IEPS",
        "TotalTrasladosBaseIVA16": "Base IVA 16 %",
        "TotalTrasladosImpuestoIVA16": "IVA 16 %",
        "TotalTrasladosBaseIVA8": "Base IVA 8 %",
        "TotalTrasladosImpuestoIVA8": "IVA 8 %",
        "TotalTrasladosBaseIVA0": "Base IVA 0 %",
        "TotalTrasladosImpuestoIVA0": "IVA 0 %",
        "TotalTrasladosBaseIVAExento": "Base IVA exento",
    }
)
IMPUESTOS_P = "Impuestos del pago"

# Timbre
SELLO_CFDI = "Sello digital del CFDI"
SELLO_SAT = "Sello digital del SAT"
CADENA_TFD = "Cadena original del complemento de certificación digital del SAT"
VERIFICA = "Verifique este comprobante en verificacfdi.facturaelectronica.sat.gob.mx"

# Reports (report_tables)
NO_ROWS = "Sin movimientos."
REPORT_PAGE = "{title} · página {page}"

# Nota de venta (ticket de 80 mm)
TICKET_TITULO = "NOTA DE VENTA"
TICKET_NUMERO = "Nota n.º {numero}"
TICKET_FECHA = "Fecha: {fecha}"
TICKET_SUBTOTAL = "Subtotal"
TICKET_TOTAL = "TOTAL"
TICKET_FORMA_PAGO = "Forma de pago: {forma}"
TICKET_NO_FISCAL = "Este ticket no es un comprobante fiscal."
TICKET_FACTURA = (
    "¿Necesita factura? Solicítela dentro del mes de su compra con este número de nota"
    " ({numero}) y su RFC, nombre o razón social, código postal, régimen fiscal y uso del"
    " CFDI. Si no la solicita, esta venta se incluirá en la factura global al público en"
    " general."
)
