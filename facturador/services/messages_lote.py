"""Spanish text of Lote desde CSV/Excel (services.batch_read, services.batch)."""

from __future__ import annotations

__all__ = [
    "COLUMN_LABELS",
]

# The columns of a batch file, as the user reads them in a problem.
COLUMN_LABELS = {
    "documento": "documento",
    "serie": "serie",
    "tipo": "tipo",
    "forma_pago": "forma_pago",
    "metodo_pago": "metodo_pago",
    "moneda": "moneda",
    "tipo_cambio": "tipo_cambio",
    "exportacion": "exportacion",
    "condiciones_pago": "condiciones_pago",
    "receptor_rfc": "receptor_rfc",
    "receptor_nombre": "receptor_nombre",
    "receptor_cp": "receptor_cp",
    "receptor_regimen": "receptor_regimen",
    "uso_cfdi": "uso_cfdi",
    "clave_prod_serv": "clave_prod_serv",
    "no_identificacion": "no_identificacion",
    "cantidad": "cantidad",
    "clave_unidad": "clave_unidad",
    "unidad": "unidad",
    "descripcion": "descripcion",
    "valor_unitario": "valor_unitario",
    "descuento": "descuento",
    "objeto_imp": "objeto_imp",
    "iva": "iva",
    "ret_iva": "ret_iva",
    "ret_isr": "ret_isr",
}

# batch_read
EMPTY_FILE = "El archivo está vacío: la primera fila debe tener los nombres de las columnas."
BAD_ENCODING = "El archivo no se pudo leer como texto: guárdelo como «CSV UTF-8» desde Excel."
BAD_XLSX = "«{archivo}» no es un libro de Excel (.xlsx) válido o está dañado."
UNKNOWN_FORMAT = "«{archivo}» no es un archivo .csv ni .xlsx: guárdelo en uno de esos formatos."
NO_FILE = "No existe el archivo «{archivo}»."
UNREADABLE = "No se pudo leer «{archivo}»: {motivo}."
NOT_A_NUMBER = "«{value}» no es un número."
DECIMAL_COMMA = (
    "«{value}» usa coma decimal: escriba el punto como separador decimal (por ejemplo "
    "1234.50 o 1,234.50)."
)

# batch: the file
MISSING_COLUMN = "Falta la columna «{columna}» en la primera fila del archivo."
NO_ROWS = "El archivo no tiene filas de conceptos debajo de los nombres de las columnas."
UNKNOWN_COLUMNS = "Columnas que no se usan (revise cómo se escriben): {columnas}."

# batch: a cell
REQUIRED = "Está vacío; es obligatorio."
DIFFERS = "Dice «{value}», pero la fila {fila} del mismo documento dice «{first}»."
NEGATIVE = "«{value}» no puede ser negativo."
NOT_POSITIVE = "«{value}» debe ser mayor que cero."
BAD_IVA = "«{value}» no es una tasa de IVA: escriba 16%, 0.16, 16, 8%, 0, «exento» o «no objeto»."
BAD_RATE = "«{value}» no es una tasa de retención: escriba por ejemplo 10.6667% o 0.106667."
NOT_IN_CLIENTS = (
    "Está vacío y el RFC {rfc} no está en su catálogo de clientes: escriba el dato o dé de "
    "alta al cliente."
)
ANOTHER_DOCUMENT_FAILED = "No se emitirá: otra fila de este documento tiene errores."

# batch: the whole batch
HAS_PROBLEMS = (
    "El lote tiene {problemas} problema(s) en {documentos} documento(s): no se emitió nada. "
    "Corrija el archivo, o emita solo los documentos válidos."
)
NOTHING_VALID = "Ningún documento del lote es válido: no hay nada que emitir."
EMIT_FAILED = "No se pudo emitir el documento «{documento}»: {motivo}"
