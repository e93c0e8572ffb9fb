"""The fiscal block: QR, sellos, cadena original of the TFD and certificate numbers."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from facturador.pdf import labels as L
from facturador.pdf._common import FRAME_WIDTH, kv, plain
from facturador.pdf._format import fecha_text
from facturador.pdf._qr import QrFlowable
from facturador.pdf._styles import BORDER, Styles
from facturador.pdf._wrapped import WrappedText
from facturador.pdf.verification import tfd_cadena, verification_url
from facturador.sat.comprobante import Comprobante

__all__ = ["timbre_block"]

_QR_SIZE = 34 * mm


def _long(label: str, value: str, st: Styles) -> list[Flowable]:
    sello = st.sello
    return [
        plain(label, st, st.label, bold=True),
        WrappedText(value, sello.fontName, sello.fontSize, sello.leading),
    ]


def _numbers(c: Comprobante, st: Styles) -> Table:
    timbre = c.timbre
    pairs = [
        (L.NO_CERTIFICADO, c.no_certificado or "—"),
        (L.NO_CERTIFICADO_SAT, timbre.no_certificado_sat if timbre else "—"),
        (L.RFC_PAC, timbre.rfc_prov_certif if timbre else "—"),
        (L.FECHA_CERTIFICACION, fecha_text(timbre.fecha_timbrado) if timbre else "—"),
    ]
    cells = [kv(label, value, st, st.small) for label, value in pairs]
    table = Table([cells[:2], cells[2:]], colWidths=[FRAME_WIDTH / 2] * 2)
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
            ]
        )
    )
    return table


def timbre_block(c: Comprobante, st: Styles) -> list[Flowable]:
    timbre = c.timbre
    texts: list[Flowable] = []
    if c.sello:
        texts += _long(L.SELLO_CFDI, c.sello, st)
    if timbre is not None:
        texts += _long(L.SELLO_SAT, timbre.sello_sat, st)
        texts += _long(L.CADENA_TFD, tfd_cadena(timbre), st)
    else:
        texts.append(plain(L.NO_TIMBRADO, st, st.small, bold=True))
    text_width = FRAME_WIDTH - _QR_SIZE - 3 * mm
    if timbre is not None:
        qr: object = [QrFlowable(verification_url(c), _QR_SIZE)]
        row = [qr, texts]
        widths = [_QR_SIZE + 3 * mm, text_width]
    else:
        row = [texts]
        widths = [FRAME_WIDTH]
    body = Table([row], colWidths=widths)
    body.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    frame = Table([[body], [_numbers(c, st)]], colWidths=[FRAME_WIDTH])
    frame.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, BORDER),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, 0), 4),
                ("LINEABOVE", (0, 1), (-1, 1), 0.4, BORDER),
            ]
        )
    )
    legend = plain(L.LEYENDA_CFDI, st, st.body_center, bold=True)
    return [Spacer(1, 5 * mm), KeepTogether([frame, Spacer(1, 2 * mm), legend])]
