"""Totals of the Generar CFDI form as the core computes them, and what SAT would object to.

Pure and fast (a few ms): the form calls it on the GUI thread as the user types. The
document is built with folio 1 and no seal; the folio rule is left out (the real folio is
assigned when it is issued).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from facturador.sat.build import build_comprobante
from facturador.sat.errors import ComprobanteInputError, FacturadorError
from facturador.sat.fecha import fecha_expedicion
from facturador.sat.validation import validate_rules
from facturador.sat.validation.sealed import unsealed_schema_findings
from facturador.sat.validation.validator import merge
from facturador.services.messages import PREVIEW_BAD_NUMBERS
from facturador.services.receptor_check import Preflight, preflight
from facturador.services.views import ClientInfo, Preview

__all__ = ["preview"]


def preview(data: Mapping[str, Any], now: datetime, client: ClientInfo | None = None) -> Preview:
    """Build the Comprobante the form describes (no folio, no seal) and check SAT's rules;
    with the chosen `client`, also the receptor pre-flight (`receptor_check.preflight`):
    what its Constancia contradicts is a finding, what is unconfirmed a warning."""
    checked = preflight(data, client) if client is not None else Preflight()
    try:
        fecha = fecha_expedicion(str(data.get("LugarExpedicion", "")), now)
        c = build_comprobante(data, fecha=fecha, folio="1")
    except ComprobanteInputError as error:
        found: tuple[tuple[str, str], ...] = ((error.path, error.detail),)
        return Preview(findings=found + checked.findings, warnings=checked.warnings)
    except FacturadorError as error:
        found = (("", error.message),)
        return Preview(findings=found + checked.findings, warnings=checked.warnings)
    except (ArithmeticError, ValueError):  # an absurd number (1e400) breaks the arithmetic
        found = (("Conceptos", PREVIEW_BAD_NUMBERS),)
        return Preview(findings=found + checked.findings, warnings=checked.warnings)
    rules = [f for f in validate_rules(c) if not f.ruta.endswith("/@Folio")]
    findings = tuple((f.ruta, f.mensaje) for f in merge(unsealed_schema_findings(c), rules))
    findings += checked.findings
    impuestos = c.impuestos
    return Preview(
        sub_total=c.sub_total,
        descuento=c.descuento,
        traslados=impuestos.total_impuestos_trasladados if impuestos else None,
        retenciones=impuestos.total_impuestos_retenidos if impuestos else None,
        total=c.total,
        findings=findings,
        warnings=checked.warnings,
        importes=tuple(x.importe for x in c.conceptos),
    )
