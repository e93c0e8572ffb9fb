"""Spanish text of the page Comprobantes recibidos (ui.pages.recibidos)."""

from __future__ import annotations

__all__ = [
    "DIRECTION_FILTERS", "ESTADO_FILTERS", "HEADERS", "TIPO_FILTERS", "VALIDO_FILTERS",
]  # fmt: skip

TITLE = "Comprobantes recibidos"
SUBTITLE = (
    "Importe XML, carpetas o ZIP (o arrástrelos a esta página): cada CFDI se valida y se "
    "guarda tal como llegó. Consulte su estado en el SAT cuando tenga conexión."
)
IMPORT_FILES = "Importar XML o ZIP…"
IMPORT_FOLDER = "Importar carpeta…"
SAT_STATUS = "Consultar estado en el SAT"
SAT_STATUS_TIP = (
    "Consulta el comprobante seleccionado o, si no hay ninguno seleccionado, todos los que "
    "aún no se han consultado."
)
VIEW_PDF = "Ver PDF"
EXPORT = "Exportar a Excel…"
SEARCH = "Buscar RFC, nombre o UUID…"
PICK_FILES = "Importar XML o ZIP"
PICK_FOLDER = "Importar carpeta de XML"
FILE_TYPES = "CFDI (*.xml *.zip);;Todos los archivos (*)"
XLSX_TYPES = "Excel (*.xlsx)"
XLSX_NAME = "Comprobantes recibidos.xlsx"

IMPORTING = "Importando… {done} de {total}"
IMPORT_DONE = "{importados} importados, {duplicados} ya estaban, {errores} con error."
IMPORT_BAD_HEAD = "No se importaron:"
DROP_HINT = "Suelte aquí los XML, ZIP o carpetas para importarlos."
CHECKING = "Consultando el estado en el SAT… {done} de {total}"
CHECK_DONE = (
    "{consultados} consultados: {vigentes} vigentes, {cancelados} cancelados, "
    "{otros} no encontrados."
)
NOTHING_TO_CHECK = "No hay comprobantes pendientes de consultar."
EXPORTED = "{n} comprobantes exportados a {path}."
COUNT = "{n} comprobantes"
COUNT_CUT = "Se muestran los {n} más recientes de {total}; use los filtros para ver los demás."
EMPTY = "Aún no hay comprobantes. Importe sus XML o arrástrelos aquí."
NOT_PRINTABLE = "La representación impresa se genera solo para CFDI 4.0; este es {version}."

DETAIL_NONE = "Seleccione un comprobante para ver su validación."
DETAIL_VALID = "VÁLIDO · {version} · {uuid}"
DETAIL_INVALID = "INVÁLIDO · {version} · {uuid}"
DETAIL_STATUS = "Estado en el SAT: {estado}{extra}"
DETAIL_CHECKED = " (consultado el {fecha})"
DETAIL_NO_FINDINGS = "Sin hallazgos."
FINDING_ERROR = "Error {codigo}: {mensaje}"
FINDING_NOTE = "Aviso {codigo}: {mensaje}"
DETAIL_COMPLEMENTS = "Complementos: {nombres}"

HEADERS = (
    "Fecha", "Tipo", "RFC emisor", "Nombre emisor", "RFC receptor", "Total", "Moneda",
    "Versión", "Validación", "Estado SAT", "UUID",
)  # fmt: skip
VALID = "Válido"
INVALID = "Inválido"
DIRECTION_FILTERS = (("Recibidos y emitidos", ""), ("Recibidos", "recibido"),
                     ("Emitidos", "emitido"))  # fmt: skip
TIPO_FILTERS = (("Todos los tipos", ""), ("Ingreso", "I"), ("Egreso", "E"), ("Pago", "P"),
                ("Nómina", "N"), ("Traslado", "T"))  # fmt: skip
ESTADO_FILTERS = (("Todo estado SAT", ""), ("Sin consultar", "pendiente"),
                  ("Vigentes", "Vigente"), ("Cancelados", "Cancelado"),
                  ("No encontrados", "No Encontrado"))  # fmt: skip
VALIDO_FILTERS = (("Válidos e inválidos", None), ("Válidos", True), ("Inválidos", False))
