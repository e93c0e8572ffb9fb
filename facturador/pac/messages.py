"""Spanish texts of the PAC layer: what a PAC/SAT code means and what the user should do.

`explain(code)` answers `(titulo, solucion)` for any code a PAC or the SAT returns; unknown
codes get a generic explanation that still quotes the code. The four problems of the user
FAQ ("Certificado no válido o expirado", "Sin folios disponibles / Créditos agotados",
"Error en datos del receptor / RFC no encontrado", "Error de conexión con el SAT / Servicio
no disponible") are reached from the real PAC codes that cause them.
"""

from __future__ import annotations

from typing import Protocol


class DescribedError(Protocol):
    """What a PAC error tells its message: its kind (errors.py sets it), code and text."""

    kind: str  # "unavailable" | "credits" | "auth" | "rejected" | "other"
    code: str | None
    detail: str | None


__all__ = [
    "CSF_PAGE_ERRORS",
    "FAQ_CERTIFICADO",
    "FAQ_CONEXION",
    "FAQ_CREDITOS",
    "FAQ_RECEPTOR",
    "error_message",
    "explain",
]

FAQ_CERTIFICADO = (
    "Certificado no válido o expirado",
    "Revise la vigencia de su Certificado de Sello Digital (CSD) en el portal del SAT. Si "
    "venció o fue revocado, tramite uno nuevo con CertiSAT Web y cárguelo en Configuración → "
    "Certificado de Sello Digital. Un CSD recién emitido puede tardar hasta 72 horas en ser "
    "aceptado.",
)
FAQ_CREDITOS = (
    "Sin folios disponibles / Créditos agotados",
    "Su cuenta con el proveedor de certificación (PAC) no tiene timbres. Compre o asigne más "
    "timbres en el portal de su PAC y vuelva a sincronizar; los comprobantes esperan en la "
    "cola y no se pierden.",
)
FAQ_RECEPTOR = (
    "Error en datos del receptor / RFC no encontrado",
    "Compare el RFC, el nombre (sin régimen societario, p. ej. sin «SA de CV»), el código "
    "postal y el régimen fiscal del cliente con su Constancia de Situación Fiscal. Corrija el "
    "cliente y vuelva a emitir el comprobante.",
)
FAQ_CONEXION = (
    "Error de conexión con el SAT / Servicio no disponible",
    "No fue posible comunicarse con el PAC o con el SAT. Revise su conexión a internet; el "
    "comprobante queda en la cola y se enviará automáticamente cuando el servicio responda.",
)

_CUENTA = (
    "Problema con la cuenta del PAC",
    "Revise el usuario y la contraseña del PAC en Configuración → PAC y que su RFC esté "
    "dado de alta y activo en la cuenta. La cola se detiene hasta corregirlo.",
)
_CORREGIR = "Corrija el comprobante y vuelva a emitirlo."

# code -> (titulo, solucion); titles of data errors are the rule in short.
_CODES: dict[str, tuple[str, str]] = {
    # connection / service
    "CONEXION": FAQ_CONEXION,
    "708": FAQ_CONEXION,
    "709": FAQ_CONEXION,
    "CO1000": FAQ_CONEXION,
    # credits
    "718": FAQ_CREDITOS,
    "AU2001": FAQ_CREDITOS,
    # certificate
    "304": FAQ_CERTIFICADO,
    "305": FAQ_CERTIFICADO,
    "306": FAQ_CERTIFICADO,
    "308": FAQ_CERTIFICADO,
    "CFDI40106": FAQ_CERTIFICADO,
    # receptor
    **{
        code: FAQ_RECEPTOR
        for code in (
            "CFDI40143",
            "CFDI40144",
            "CFDI40145",
            "CFDI40147",
            "CFDI40148",
            "CFDI40157",
            "CFDI40158",
            "CFDI40159",
            "CFDI40161",
        )
    },
    # account
    "300": _CUENTA,
    "501": _CUENTA,
    "701": _CUENTA,
    "702": _CUENTA,
    "703": _CUENTA,
    "720": _CUENTA,
    "740": ("Manifiesto sin firmar", "Firme el manifiesto del PAC en su portal y reintente."),
    "AU2000": _CUENTA,
    "AU2002": _CUENTA,
    "AU2003": ("Manifiesto sin firmar", "Firme el manifiesto del PAC en su portal y reintente."),
    "AU2004": _CUENTA,
    # stamping
    "DEMO": (
        "Comprobante timbrado en modo demostración",
        "Un timbre de demostración no tiene validez fiscal y no puede enviarse a un PAC real. "
        "Emita el comprobante de nuevo con el PAC configurado.",
    ),
    "301": ("XML mal formado", _CORREGIR),
    "302": ("Sello mal formado o inválido", "Vuelva a sellar el comprobante con su CSD."),
    "303": ("El sello no corresponde al emisor", "Selle con el CSD del RFC emisor."),
    "307": ("Comprobante timbrado previamente", "No se requiere acción: se recupera el timbre."),
    "401": (
        "Fecha fuera del plazo de 72 horas (o en el futuro)",
        "Revise la fecha y hora de su computadora y féchelo de nuevo con la misma serie y "
        "folio: en Registros CFDI → Fechar de nuevo, o «facturador refechar SERIE-FOLIO».",
    ),
    "402": ("RFC emisor no inscrito en el SAT", "Verifique su RFC y su CSD en el portal del SAT."),
    "403": ("Fecha anterior a 2012", _CORREGIR),
    "603": ("El comprobante no tiene un timbre previo", "Envíe el comprobante a timbrar."),
    "704": ("Contraseña de la llave privada incorrecta", "Revise la contraseña de su CSD."),
    "705": ("Estructura XML inválida", _CORREGIR),
    "707": ("El XML ya contiene un timbre", "El comprobante ya está timbrado."),
    "712": ("NoCertificado no corresponde al certificado", "Vuelva a sellar el comprobante."),
    # cancellation (per UUID)
    "201": ("Solicitud de cancelación recibida", "Consulte el estado en el SAT más tarde."),
    "202": ("El comprobante ya estaba cancelado", "No se requiere acción."),
    "203": ("El UUID no corresponde al emisor", "Verifique el folio fiscal."),
    "205": (
        "El SAT aún no conoce el comprobante",
        "Un comprobante recién timbrado tarda en llegar al SAT; reintente más tarde.",
    ),
    "207": ("Motivo de cancelación inválido", "Use un motivo del 01 al 04."),
    "208": ("Folio de sustitución inválido", "Indique el UUID del comprobante que lo sustituye."),
    "209": ("Folio de sustitución no requerido", "Sólo el motivo 01 lleva folio de sustitución."),
    "no_cancelable": (
        "Comprobante no cancelable",
        "Tiene documentos relacionados vigentes (pagos, notas de crédito): cancélelos primero.",
    ),
    # SAT matrix (CFDI 4.0), the frequent ones
    "CFDI40101": ("Fecha con formato inválido", _CORREGIR),
    "CFDI40102": ("El sello no es válido", "Vuelva a sellar el comprobante con su CSD."),
    "CFDI40108": ("SubTotal no coincide con la suma de los importes", _CORREGIR),
    "CFDI40119": ("Total mal calculado", _CORREGIR),
    "CFDI40124": ("MetodoPago inválido", _CORREGIR),
    "CFDI40126": ("LugarExpedicion no es un código postal del catálogo", _CORREGIR),
    "CFDI40130": (
        "Factura global: InformacionGlobal va con el receptor XAXX010101000 «PUBLICO EN GENERAL»"
        " (y solo con él)",
        _CORREGIR,
    ),
    "CFDI40138": ("Nombre del emisor distinto al del certificado", "Use el nombre del CSD."),
    "CFDI40139": ("Nombre del emisor distinto al registrado en el SAT", "Use el nombre del CSD."),
    "CFDI40140": ("Régimen fiscal del emisor inválido", _CORREGIR),
    "CFDI40141": ("Régimen fiscal del emisor no corresponde al tipo de persona", _CORREGIR),
    "CFDI40149": ("Código postal del receptor genérico debe ser el LugarExpedicion", _CORREGIR),
    "CFDI40160": ("UsoCFDI inválido", _CORREGIR),
    "CFDI40172": ("ObjetoImp no admite impuestos en el concepto", _CORREGIR),
    "CFDI40205": ("Total de impuestos trasladados mal calculado", _CORREGIR),
    "CFDI40221": ("Importe de traslado no coincide con los conceptos", _CORREGIR),
}


def explain(code: str | None) -> tuple[str, str]:
    """`(titulo, solucion)` in Spanish for a PAC or SAT code (None: connection failure)."""
    if code is None:
        return FAQ_CONEXION
    key = code.strip()
    if key in _CODES:
        return _CODES[key]
    if key.startswith(("CFDI40", "CRP20")):
        return (f"El SAT rechazó el comprobante (regla {key})", _CORREGIR)
    return (f"El PAC respondió con el código {key}", _CORREGIR)


def error_message(error: DescribedError) -> str:
    """The sentence the user reads for a PAC error: title, PAC code and text, what to do."""
    if error.kind == "unavailable":
        titulo, solucion = explain(error.code) if error.code in _CODES else FAQ_CONEXION
    elif error.kind == "credits":
        titulo, solucion = FAQ_CREDITOS
    elif error.kind == "auth" and error.code not in _CODES:
        titulo, solucion = _CUENTA
    else:
        titulo, solucion = explain(error.code)
    parts = [titulo]
    if error.code:
        parts[0] += f" (código {error.code})"
    if error.detail:
        parts.append(f"El PAC indica: {error.detail.strip().rstrip('.')}.")
    parts.append(solucion)
    return ". ".join(p.rstrip(".") for p in parts) + "."


# The four problems of the user FAQ as (key, title, solution).
FAQ_ERRORS = (
    ("certificado", *FAQ_CERTIFICADO),
    ("creditos", *FAQ_CREDITOS),
    ("receptor", *FAQ_RECEPTOR),
    ("conexion", *FAQ_CONEXION),
)


# SAT's validation page of a Constancia (pac.sat_csf_page.SatCsfPageError.reason)
CSF_PAGE_ERRORS = {
    "no_idcif": (
        "Para consultar al SAT se necesita el idCIF de la Constancia del cliente: importe antes"
        " su Constancia de Situación Fiscal."
    ),
    "not_found": (
        "El SAT no encontró la Constancia con ese RFC e idCIF. Pida al cliente una Constancia"
        " reciente e impórtela; los datos del cliente no se cambiaron."
    ),
    "garbage": (
        "La página de validación del SAT respondió algo que no es su validador de Constancias"
        " (¿mantenimiento?). Intente más tarde; los datos del cliente no se cambiaron."
    ),
    "unavailable": (
        "La página de validación del SAT no respondió ({detail}). Revise su conexión a"
        " internet e intente más tarde; los datos del cliente no se cambiaron."
    ),
    "other_rfc": (
        "La página del SAT habla de otro RFC ({detail}). Revise el RFC y el idCIF del cliente;"
        " sus datos no se cambiaron."
    ),
}
