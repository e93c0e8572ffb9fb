"""Spanish texts of SAT's descarga masiva: what its codes mean and what the user can do.

`descarga_message(code, detail)` is the sentence of a `SatDescargaError`; the texts follow
SAT's "Descarga masiva" specification (v1.5): 300-305 authentication, 5000-5011 requests
and packages, 404 an error SAT did not classify.
"""

from __future__ import annotations

__all__ = ["CODE_TEXTS", "ESTADO_SOLICITUD", "descarga_message"]

_FIEL = (
    "Revise que su e.firma (FIEL) esté vigente y sea la de esta empresa: instálela con "
    "«facturador certificado fiel ARCHIVO.cer ARCHIVO.key»."
)
_LATER = "Intente más tarde; la descarga continuará sola con «facturador descarga continuar»."

CODE_TEXTS: dict[str, tuple[str, str]] = {
    "300": ("El SAT no reconoce al usuario", _FIEL),
    "301": ("El SAT considera mal formada la petición", _LATER),
    "302": ("El SAT considera mal formado el sello de la petición", _FIEL),
    "303": ("El sello no corresponde al RFC solicitante", _FIEL),
    "304": ("El certificado de la e.firma está revocado o caducado", _FIEL),
    "305": ("El certificado de la e.firma no es válido", _FIEL),
    "404": ("El SAT tuvo un error que no clasificó", _LATER),
    "5002": (
        "El SAT ya no acepta más solicitudes de este periodo (límite de solicitudes)",
        "Solicite otro periodo o espere; el SAT permite pedir el mismo periodo solo dos veces.",
    ),
    "5003": (
        "El periodo tiene más CFDI de los que el SAT entrega en una solicitud (200,000)",
        "Solicite periodos más cortos.",
    ),
    "5004": ("El SAT no encontró CFDI en el periodo solicitado", "No hay nada que descargar."),
    "5005": (
        "El SAT ya tiene una solicitud vigente con los mismos datos",
        "Espere a que termine la anterior (el SAT la conserva 72 horas).",
    ),
    "5006": ("El SAT tuvo un error interno", _LATER),
    "5007": ("El paquete no existe en el SAT", "Solicite de nuevo el periodo."),
    "5008": (
        "El SAT ya entregó este paquete el máximo de veces permitido (dos)",
        "Solicite de nuevo el periodo para obtener un paquete nuevo.",
    ),
    "5011": ("Se alcanzó el límite diario de descargas del SAT", "Intente mañana."),
}

# EstadoSolicitud of VerificaSolicitudDescarga.
ESTADO_SOLICITUD = {
    "1": "Aceptada",
    "2": "En proceso",
    "3": "Terminada",
    "4": "Error",
    "5": "Rechazada",
    "6": "Vencida",
}


def descarga_message(code: str | None, detail: str | None) -> str:
    """The sentence the user reads for an answer of SAT's descarga masiva."""
    titulo, solucion = CODE_TEXTS.get(
        code or "", ("El servicio de descarga masiva del SAT respondió con un error", _LATER)
    )
    parts = [f"{titulo} (código {code})" if code else titulo]
    if detail:
        parts.append(f"El SAT indica: {detail.strip().rstrip('.')}")
    parts.append(solucion)
    return ". ".join(p.rstrip(".") for p in parts) + "."
