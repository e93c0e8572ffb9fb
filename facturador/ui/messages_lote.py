"""Spanish text of the page Documentos > Lote desde CSV/Excel (usted)."""

from __future__ import annotations

TITLE = "Lote desde CSV/Excel"
SUBTITLE = (
    "Una fila por concepto; las filas con el mismo «documento» forman un CFDI. Se revisa "
    "todo el archivo antes de sellar: nada se emite hasta que usted lo indique."
)
CHOOSE = "Elegir archivo…"
CHOOSE_TITLE = "Elegir el archivo del lote"
CHOOSE_FILTER = "Hojas de cálculo (*.csv *.xlsx *.txt);;Todos los archivos (*)"
NO_FILE = "Ningún archivo elegido. Las columnas se describen en el README (examples/lote.csv)."
CHECKING = "Revisando «{archivo}»…"
DOCUMENTS = "Documentos"
PROBLEMS = "Problemas"
DOCUMENT_HEADERS = ("Documento", "Filas", "RFC", "Receptor", "Conceptos", "Total", "Estado")
PROBLEM_HEADERS = ("Fila", "Columna", "Documento", "Problema")
READY = "Listo para emitir"
HAS_PROBLEMS = "Con problemas"
NOT_EMITTED = "No emitido"
QUEUED = "En cola, {serie}-{folio}"
ALL_OK = (
    "«{archivo}»: {filas} fila(s) de conceptos, {documentos} documento(s), sin problemas. "
    "Pulse «Emitir» para sellarlos y dejarlos en cola."
)
SOME_BAD = (
    "«{archivo}»: {problemas} problema(s) en {invalidos} de {documentos} documento(s). "
    "Corrija el archivo y vuelva a elegirlo, o emita solo los {validos} documento(s) válidos."
)
NONE_VALID = "«{archivo}»: ningún documento está libre de problemas; corrija el archivo."
EMIT_ALL = "Emitir {n} documentos"
EMIT_VALID = "Emitir {n} documentos válidos"
EMIT_NONE = "Emitir"
EMITTING = "Sellando y dejando en cola: {done} de {total}…"
EMITTED = (
    "Se emitieron {n} documento(s), folios {primero} a {ultimo}: están en cola y se timbrarán "
    "al sincronizar."
)
EMITTED_SKIPPED = " No se emitieron los {n} documento(s) con problemas."
