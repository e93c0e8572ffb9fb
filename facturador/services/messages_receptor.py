"""Spanish text of the receptor pre-flight, the client's data origin and the re-seal after a
rejection for receptor data (usted)."""

from __future__ import annotations

__all__ = [
    "ORIGIN_COLUMN",
    "ORIGIN_LABELS",
]

# Where a client's data came from (Catálogos > Clientes, the badge in Generar CFDI).
ORIGIN_LABELS = {
    "capturado": "Capturado a mano, sin verificar",
    "constancia": "Verificado con la Constancia del {fecha}",
    "sat": "Confirmado en el SAT el {fecha}",
}
ORIGIN_EDITED = "Cambiado a mano: no coincide con la Constancia del {fecha}"
ORIGIN_EDITED_COLUMN = "A mano"
ORIGIN_COLUMN = {  # short: the Clientes table at 1024 px (the tooltip has origin_text)
    "capturado": "A mano",
    "constancia": "CSF",
    "sat": "SAT",
}

# Pre-flight: the receptor against the client's Constancia (a block: SAT would reject it).
NOMBRE_MISMATCH = (
    "La Constancia dice «{csf}»; el SAT rechaza «{nombre}» ({codigo}). Use el nombre tal como"
    " lo registra el SAT."
)
CP_MISMATCH = (
    "La Constancia dice C.P. {csf}; el SAT rechaza el C.P. {cp} (CFDI40147). Use el código"
    " postal del domicilio fiscal registrado."
)
REGIMEN_MISMATCH = (
    "La Constancia registra {regimenes}; el SAT rechaza el régimen {regimen} (CFDI40158)."
    " Elija uno de los regímenes del cliente."
)
ESTATUS_WARNING = (
    "La Constancia del cliente dice que está {estatus} en el padrón del SAT: el SAT puede"
    " rechazar la factura. Pida al cliente una Constancia reciente."
)
# Gentle prompts (never a block).
UNVERIFIED = (
    "Datos del cliente capturados a mano: para evitar un rechazo, importe su Constancia"
    " en Catálogos > Clientes."
)
NOT_UPPER = (
    "El SAT registra los nombres en mayúsculas: escriba «{upper}» tal como aparece en la"
    " Constancia (CFDI40145)."
)
REGIMEN_CAPITAL = (
    "El SAT rechaza la razón social con el régimen de capital: escriba «{nombre}» sin"
    " «{regimen}» (CFDI40145)."
)
GENERIC_FILLED = (
    "RFC genérico {rfc}: se completaron el nombre, el régimen 616, el uso S01 y el C.P. del"
    " lugar de expedición."
)

# Re-seal after a rejection for the receptor's data.
RECEPTOR_REJECTION = (
    "El PAC rechazó el comprobante por los datos del cliente ({codigo}). Actualice los datos"
    " del cliente (importe su Constancia o edítelos) y vuelva a sellarlo con el mismo folio."
)
NOT_RECEPTOR_REJECTION = (
    "El comprobante {name} no fue rechazado por los datos del cliente: corríjalo desde"
    " Registros CFDI."
)
NOT_REJECTED = "El comprobante {name} no está rechazado: no hay nada que volver a sellar."
CLIENT_GONE = (
    "El cliente con RFC {rfc} ya no está en sus catálogos: agréguelo y vuelva a intentarlo."
)
RESEAL_REFUSALS = {  # services.errors.ReceptorUpdateError.reason
    "not_rejected": NOT_REJECTED,
    "not_receptor": NOT_RECEPTOR_REJECTION,
    "no_client": CLIENT_GONE,
}
RESEALED = "Comprobante {name} sellado de nuevo con los datos actuales del cliente y en cola."

# SAT's validation page (services.csf_verify)
SAT_DIFFERS_NOMBRE = "Nombre: el SAT tiene «{sat}»; el cliente dice «{cliente}»."
SAT_DIFFERS_CP = "C.P.: el SAT tiene {sat}; el cliente dice {cliente}."
SAT_DIFFERS_REGIMEN = "Régimen: el SAT registra {sat}; el cliente tiene {cliente}."
SAT_CONFIRMED = (
    "Confirmado en el SAT el {fecha}: {nombre}, C.P. {cp}, régimen {regimenes} ({situacion})."
)
SAT_DIFFERENT = (
    "El SAT tiene otros datos para este cliente (consulta del {fecha}). Corríjalos antes de"
    " facturar:"
)
