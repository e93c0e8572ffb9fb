"""Warm the renderer up before the user's first PDF: `warm_up()` renders a small built-in
invoice once, in whatever thread calls it (the GUI calls it in a low-priority worker).

A fresh process pays, on its first PDF only, for importing reportlab, segno and num2words,
building the paragraph styles and reportlab's first-use caches (about 0.2-0.3 s of CPU on
one core, more in the frozen bundle); afterwards a PDF takes about 10 ms.
"""

from __future__ import annotations

__all__ = ["warm_up"]

_SELLO = "A" * 342 + "=="
_SAMPLE = f"""<?xml version="1.0" encoding="UTF-8"?>
<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/4" Version="4.0" Serie="A" Folio="1"
 Fecha="2026-01-01T10:00:00" Sello="{_SELLO}" FormaPago="03" NoCertificado="30001000000500003416"
 Certificado="" SubTotal="100.00" Moneda="MXN" Total="116.00" TipoDeComprobante="I"
 Exportacion="01" MetodoPago="PUE" LugarExpedicion="42501">
<cfdi:Emisor Rfc="EKU9003173C9" Nombre="ESCUELA KEMPER URGATE" RegimenFiscal="601"/>
<cfdi:Receptor Rfc="XAXX010101000" Nombre="PUBLICO EN GENERAL" DomicilioFiscalReceptor="42501"
 RegimenFiscalReceptor="616" UsoCFDI="S01"/>
<cfdi:Conceptos><cfdi:Concepto ClaveProdServ="01010101" NoIdentificacion="WARM-UP" Cantidad="1"
 ClaveUnidad="H87" Unidad="Pieza" Descripcion="Artículo de muestra" ValorUnitario="100.00"
 Importe="100.00" ObjetoImp="02"><cfdi:Impuestos><cfdi:Traslados><cfdi:Traslado Base="100.00"
 Impuesto="002" TipoFactor="Tasa" TasaOCuota="0.160000" Importe="16.00"/></cfdi:Traslados>
</cfdi:Impuestos></cfdi:Concepto></cfdi:Conceptos>
<cfdi:Impuestos TotalImpuestosTrasladados="16.00"><cfdi:Traslados><cfdi:Traslado Base="100.00"
 Impuesto="002" TipoFactor="Tasa" TasaOCuota="0.160000" Importe="16.00"/></cfdi:Traslados>
</cfdi:Impuestos>
<cfdi:Complemento><tfd:TimbreFiscalDigital xmlns:tfd="http://www.sat.gob.mx/TimbreFiscalDigital"
 Version="1.1" UUID="00000000-0000-4000-8000-000000000000" FechaTimbrado="2026-01-01T10:00:05"
 RfcProvCertif="SPR190613I52" SelloCFD="{_SELLO}" NoCertificadoSAT="30001000000500003456"
 SelloSAT="{_SELLO}"/></cfdi:Complemento>
</cfdi:Comprobante>""".encode()


def warm_up() -> bytes:
    """Render the built-in sample (and load the Unicode font); returns its PDF bytes, which
    a caller may rasterize to warm its own viewer up too."""
    from facturador.pdf._styles import styles
    from facturador.pdf.render import render_pdf

    styles(True)  # DejaVu Sans, for documents with characters outside Windows-1252
    return render_pdf(_SAMPLE)
