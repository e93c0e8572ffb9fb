"""Names as SAT registers them: a persona moral's name is written without its régimen de
capital ("SA DE CV", "S. DE R.L. DE C.V."...), exactly as in its Constancia de Situación
Fiscal (CFDI 4.0, rules CFDI40144/40145; the name inside a CSD certificate carries it)."""

from __future__ import annotations

import re

__all__ = ["regimen_capital_warning", "without_regimen_capital"]

_DOT = r"\.?\s*"
_SOCIETY = (
    rf"S{_DOT}A{_DOT}P{_DOT}I{_DOT}",  # sociedad anónima promotora de inversión
    rf"S{_DOT}A{_DOT}B{_DOT}",  # bursátil
    rf"S{_DOT}A{_DOT}S{_DOT}",  # por acciones simplificada
    rf"S{_DOT}A{_DOT}",
    rf"S{_DOT}(?:DE\s*)?R{_DOT}L{_DOT}(?:MI{_DOT})?",  # responsabilidad limitada (microindustrial)
    rf"S{_DOT}EN\s*C{_DOT}(?:POR\s*A{_DOT})?",  # en comandita (por acciones)
    rf"S{_DOT}EN\s*N{_DOT}C{_DOT}",  # en nombre colectivo
    rf"S{_DOT}C{_DOT}(?:DE\s*R{_DOT}L{_DOT})?",  # sociedad civil / cooperativa
    rf"A{_DOT}C{_DOT}",  # asociación civil
    rf"I{_DOT}A{_DOT}P{_DOT}",  # institución de asistencia privada
)
_REGIMEN = re.compile(
    rf"[\s,]+(?P<regimen>(?:{'|'.join(_SOCIETY)})(?:DE\s*C{_DOT}V{_DOT})?)\s*$",
    re.IGNORECASE,
)


def without_regimen_capital(name: str) -> tuple[str, str] | None:
    """(the name without it, the régimen as written) when `name` ends with a régimen de
    capital; None otherwise (or when nothing would be left)."""
    match = _REGIMEN.search(name)
    if match is None:
        return None
    rest = name[: match.start()].rstrip(" ,")
    if not rest:
        return None
    return rest, match.group("regimen").strip()


def regimen_capital_warning(name: str, rfc: str = "") -> str | None:
    """The Spanish warning for a persona moral's name written with its régimen de capital
    (None when there is none, or the RFC is a persona física's: 13 characters)."""
    from facturador.sat.messages import REGIMEN_CAPITAL

    if len(rfc.strip()) == 13:
        return None
    found = without_regimen_capital(name.strip())
    if found is None:
        return None
    return REGIMEN_CAPITAL.format(name=found[0], regimen=found[1])
