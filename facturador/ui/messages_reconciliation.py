"""Spanish text of Recibidos del SAT > Conciliación con el SAT (ui.pages.conciliacion)."""

from __future__ import annotations

TITLE = "Conciliación con el SAT"
SUBTITLE = (
    "Lo que el SAT tiene y aquí no, o al revés: timbres cuya respuesta se perdió, estados de "
    "cancelación distintos, facturas PPD sin complemento de pago y emisores en la lista 69-B."
)
REFRESH = "Actualizar"
IMPORT_69B = "Importar lista 69-B…"
IMPORT_69B_TIP = (
    "El archivo Listado_Completo_69-B.csv que publica el SAT (contribuyentes con operaciones "
    "presuntamente inexistentes)."
)
PICK_69B = "Listado completo 69-B del SAT"
CSV_FILTER = "Archivos CSV (*.csv);;Todos los archivos (*)"
LIST_NEVER = "Lista 69-B: no importada"
LIST_AT = "Lista 69-B importada el {fecha}"
LIST_IMPORTED = (
    "Se importó la lista 69-B: {contribuyentes:,} contribuyentes; en situación presunto: "
    "{presuntos:,}, definitivo: {definitivos:,}."
)
KPI_CAPTIONS = {
    "falta_aqui": "Timbres que faltan aquí",
    "cancelado_en_sat": "Cancelados en el SAT",
    "vigente_en_sat": "Vigentes en el SAT",
    "ppd_sin_pago": "PPD sin complemento",
    "emisor_69b": "Emisores en 69-B",
}
HEADERS = ("", "Serie-folio", "Fecha", "RFC", "Nombre", "Total", "Estado aquí", "UUID")
GROUP = "{titulo} ({n})"
NOTHING = "Sus registros coinciden con lo que el SAT reporta. No hay diferencias."
LOADING = "Comparando sus registros con el SAT…"
PICK_ROW = "Seleccione una diferencia para ver qué hacer."
WHAT_TO_DO = "Qué hacer: {texto}"
ACTION_SAT = "Consultar en el SAT"
ACTION_RECORDS = "Abrir en Registros"
ACTION_PAYMENT = "Generar complemento de pago"
ACTION_VIEW = "Ver CFDI"
SYNC_DONE = "Se consultó al PAC. La conciliación se actualizó."
STATUS_TEXT = (
    "Respuesta del SAT para {uuid}: {estado}. Es cancelable: {cancelable}. Estatus de "
    "cancelación: {estatus}."
)
