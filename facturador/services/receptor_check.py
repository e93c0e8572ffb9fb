"""The receptor pre-flight: before sealing, the receptor of a document is checked offline
against what is known of the client (its Constancia de Situación Fiscal, or SAT's page).

The most common CFDI 4.0 rejections are about the customer's data (CFDI40143–40161): the
name must be exactly SAT's (upper case, a persona moral without its régimen de capital,
CFDI40145), the código postal the registered one (CFDI40147), the régimen one the RFC has
(CFDI40158); SAT's own rules (régimen for the person type, UsoCFDI for the régimen) are
already in `sat.validation`. What the client's Constancia contradicts is a *finding* (it
blocks Generar: SAT would reject it); what cannot be confirmed (a client typed by hand, a
name in lower case) is a *warning*, a gentle prompt that never blocks.

`preflight` is pure (the form calls it through `preview` as the user types);
`check_receptor` looks the client up for the CLI's `emitir`; `complete_generic` fills the
generic receptors (XAXX010101000 público en general, XEXX010101000 extranjero) for the user.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from facturador.sat.names import without_regimen_capital
from facturador.sat.rfc import PUBLICO_EN_GENERAL, RFC_EXTRANJERO, RFC_PUBLICO_GENERAL
from facturador.sat.validation.paths import RECEPTOR, attr
from facturador.services import messages_receptor as M
from facturador.services.views import ClientInfo

if TYPE_CHECKING:
    from facturador.sat.csf import Constancia
    from facturador.services.context import Context

__all__ = [
    "Preflight",
    "check_receptor",
    "complete_generic",
    "constancia_record",
    "origin_column",
    "origin_text",
    "preflight",
    "preflight_input",
]

GENERIC_RFCS = (RFC_PUBLICO_GENERAL, RFC_EXTRANJERO)
GENERIC_REGIMEN = "616"
GENERIC_USO = "S01"
GLOBAL_PERIODICIDAD = "04"  # mensual: the usual global invoice

Finding = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Preflight:
    findings: tuple[Finding, ...] = ()  # SAT would reject it: fix before sealing
    warnings: tuple[Finding, ...] = ()  # could not be confirmed: a gentle prompt
    client: ClientInfo | None = None


def constancia_record(
    constancia: Constancia, on: date, fuente: str = "constancia"
) -> dict[str, Any]:
    """What `cliente.constancia` keeps of a Constancia (JSON): the receptor's fields, and
    where they came from ("constancia": its date; "sat": SAT's page answered on `on`)."""
    fecha = on if fuente == "sat" else constancia.fecha_emision or on
    return {
        "fuente": fuente,
        "nombre": constancia.nombre,
        "codigo_postal": constancia.codigo_postal,
        "regimenes": [r.clave for r in constancia.regimenes_vigentes() if r.clave],
        "estatus": constancia.estatus,
        "id_cif": constancia.id_cif,
        "fecha": fecha.isoformat(),
    }


def _fecha(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def origin_text(client: ClientInfo) -> str:
    """The badge of Generar CFDI: «Verificado con la Constancia del 12/10/2026»."""
    if client.origen == "capturado" and client.constancia is not None:
        return M.ORIGIN_EDITED.format(fecha=_fecha(client.constancia.fecha))
    template = M.ORIGIN_LABELS.get(client.origen, M.ORIGIN_LABELS["capturado"])
    return template.format(fecha=_fecha(client.origen_fecha))


def origin_column(client: ClientInfo) -> str:
    """The short form, for the Clientes table."""
    if client.origen == "capturado" and client.constancia is not None:
        return M.ORIGIN_EDITED_COLUMN
    template = M.ORIGIN_COLUMN.get(client.origen, M.ORIGIN_COLUMN["capturado"])
    return template.format(fecha=_fecha(client.origen_fecha))


def _receptor(data: Mapping[str, Any]) -> Mapping[str, Any]:
    receptor = data.get("Receptor") if isinstance(data, Mapping) else None
    return receptor if isinstance(receptor, Mapping) else {}


def _spaces(text: str) -> str:
    return " ".join(text.split())


def preflight(data: Mapping[str, Any], client: ClientInfo | None) -> Preflight:
    """The receptor of `data` (Anexo 20 JSON input) against what `client` knows."""
    receptor = _receptor(data)
    rfc = str(receptor.get("Rfc", "")).strip().upper()
    nombre = _spaces(str(receptor.get("Nombre", "")))
    cp = str(receptor.get("DomicilioFiscalReceptor", "")).strip()
    regimen = str(receptor.get("RegimenFiscalReceptor", "")).strip()
    if not rfc or rfc in GENERIC_RFCS or client is None:
        # SAT's rules for the generic RFCs are in sat; a receptor that is no client (a JSON
        # input of `emitir`) has nothing known to compare with
        return Preflight(client=client)
    findings: list[Finding] = []
    warnings: list[Finding] = []
    known = client.constancia if client is not None and client.rfc == rfc else None
    if known is not None and known.nombre and nombre != _spaces(known.nombre):
        codigo = "CFDI40145" if len(rfc) == 12 else "CFDI40144"
        text = M.NOMBRE_MISMATCH.format(csf=known.nombre, nombre=nombre, codigo=codigo)
        findings.append((attr(RECEPTOR, "Nombre"), text))
    elif nombre and nombre != nombre.upper():
        warnings.append((attr(RECEPTOR, "Nombre"), M.NOT_UPPER.format(upper=nombre.upper())))
    found = without_regimen_capital(nombre) if len(rfc) == 12 else None
    if found is not None and not findings:
        text = M.REGIMEN_CAPITAL.format(nombre=found[0].upper(), regimen=found[1])
        warnings.append((attr(RECEPTOR, "Nombre"), text))
    if known is not None and known.codigo_postal and cp != known.codigo_postal:
        text = M.CP_MISMATCH.format(csf=known.codigo_postal, cp=cp)
        findings.append((attr(RECEPTOR, "DomicilioFiscalReceptor"), text))
    if known is not None and known.regimenes and regimen not in known.regimenes:
        text = M.REGIMEN_MISMATCH.format(regimenes=", ".join(known.regimenes), regimen=regimen)
        findings.append((attr(RECEPTOR, "RegimenFiscalReceptor"), text))
    if known is not None and known.estatus and known.estatus not in ("ACTIVO", "REACTIVADO"):
        warnings.append((attr(RECEPTOR, "Rfc"), M.ESTATUS_WARNING.format(estatus=known.estatus)))
    if known is None:
        warnings.append((attr(RECEPTOR, "Rfc"), M.UNVERIFIED))
    return Preflight(tuple(findings), tuple(warnings), client)


def complete_generic(
    data: Mapping[str, Any], now: datetime, lugar_expedicion: str = ""
) -> tuple[dict[str, Any], bool]:
    """`data` with a generic receptor's fields filled where missing: XAXX010101000 is
    «PUBLICO EN GENERAL», régimen 616, UsoCFDI S01, the issuer's C.P. (CFDI40149) and, for an
    Ingreso, InformacionGlobal of this month; XEXX010101000 the same régimen, uso and C.P.
    (its name is the foreigner's). True when something was filled."""
    out = dict(data)
    if not isinstance(out.get("Receptor"), Mapping):
        return out, False  # not a receptor: the emission's own checks say why
    receptor = dict(out["Receptor"])
    rfc = str(receptor.get("Rfc", "")).strip().upper()
    if rfc not in GENERIC_RFCS:
        return out, False
    before = dict(receptor)
    if rfc == RFC_PUBLICO_GENERAL and not str(receptor.get("Nombre", "")).strip():
        receptor["Nombre"] = PUBLICO_EN_GENERAL
    lugar = str(out.get("LugarExpedicion") or "").strip() or lugar_expedicion
    defaults = {
        "RegimenFiscalReceptor": GENERIC_REGIMEN,
        "UsoCFDI": GENERIC_USO,
        "DomicilioFiscalReceptor": lugar,
    }
    for key, value in defaults.items():
        if value and not str(receptor.get(key, "")).strip():
            receptor[key] = value
    out["Receptor"] = receptor
    filled = receptor != before
    from facturador.services.receptors import default_meses, fecha_local, needs_informacion_global

    tipo = str(out.get("TipoDeComprobante", "I"))
    if needs_informacion_global(receptor, tipo) and not out.get("InformacionGlobal"):
        local = fecha_local(lugar, now)
        out["InformacionGlobal"] = {
            "Periodicidad": GLOBAL_PERIODICIDAD,
            "Meses": default_meses(GLOBAL_PERIODICIDAD, local),
            "Año": str(local.year),
        }
        filled = True
    return out, filled


def _client_for(ctx: Context, receptor: Mapping[str, Any]) -> ClientInfo | None:
    from sqlmodel import select

    from facturador.models.tables import Cliente
    from facturador.services.views import client_info

    rfc = str(receptor.get("Rfc", "")).strip().upper()
    nombre = _spaces(str(receptor.get("Nombre", "")))
    with ctx.read() as session:
        empresa_id = ctx.active_company(session).id
        rows = session.exec(
            select(Cliente).where(Cliente.empresa_id == empresa_id, Cliente.rfc == rfc)
        ).all()
        if not rows:
            return None
        row = next((r for r in rows if _spaces(r.nombre) == nombre), rows[0])
        return client_info(row)


def check_receptor(ctx: Context, data: Mapping[str, Any]) -> Preflight:
    """`preflight` of `data` against the active company's client with its RFC (the CLI's
    `emitir`, before sealing)."""
    receptor = _receptor(data)
    if not str(receptor.get("Rfc") or "").strip():
        return Preflight()
    return preflight(data, _client_for(ctx, receptor))


def preflight_input(
    ctx: Context, data: Mapping[str, Any], now: datetime
) -> tuple[dict[str, Any], list[str]]:
    """The CLI's `emitir` before sealing: `data` with a generic receptor completed, and the
    pre-flight's warnings; raises ReceptorMismatchError when the client's Constancia
    contradicts the receptor (nothing is sealed)."""
    from facturador.services.errors import ReceptorMismatchError

    with ctx.read() as session:
        lugar = ctx.active_company(session).lugar_expedicion
    completed, filled = complete_generic(data, now, lugar)
    checked = check_receptor(ctx, completed)
    if checked.findings:
        raise ReceptorMismatchError(checked.findings)
    rfc = str(_receptor(completed).get("Rfc", ""))
    warnings = [M.GENERIC_FILLED.format(rfc=rfc)] if filled else []
    return completed, warnings + [mensaje for _ruta, mensaje in checked.warnings]
