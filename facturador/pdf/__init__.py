"""Printed representation of a CFDI 4.0 (reportlab). Reads only `facturador.sat` types.

`render_pdf(xml)` / `render_comprobante(c)` give the PDF bytes; `is_demo_timbre` says when a
PDF must carry "SIN VALIDEZ FISCAL"; `verification_url` is what the QR holds. reportlab is
imported by the submodules only, so importing this package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from facturador.pdf.verification import format_total_tt, is_demo_timbre, verification_url

if TYPE_CHECKING:
    from facturador.pdf.render import render_comprobante, render_pdf

__all__ = [
    "format_total_tt",
    "is_demo_timbre",
    "render_comprobante",
    "render_pdf",
    "verification_url",
]


def __getattr__(name: str) -> Any:
    if name in ("render_pdf", "render_comprobante"):
        from facturador.pdf import render

        return getattr(render, name)
    raise AttributeError(name)
