"""Top of the first page: emisor and document box, receptor and payment data, relations."""

from __future__ import annotations

from io import BytesIO

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Spacer, Table, TableStyle

from facturador.pdf import labels as L
from facturador.pdf._common import FRAME_WIDTH, Columns, boxed, kv, kv_lines, plain
from facturador.pdf._format import code_with_description, fecha, fecha_text
from facturador.pdf._styles import ACCENT, BORDER, Styles
from facturador.sat.comprobante import Comprobante

__all__ = ["header_flowables"]

_DOC_BOX_WIDTH = 80 * mm
_LOGO_BOX = (42 * mm, 24 * mm)


def _logo(logo: bytes) -> Image | None:
    from reportlab.lib.utils import ImageReader

    try:
        reader = ImageReader(BytesIO(logo))
        width, height = reader.getSize()
    except Exception:  # noqa: BLE001 - a bad logo must not stop the invoice
        return None
    scale = min(_LOGO_BOX[0] / width, _LOGO_BOX[1] / height)
    image = Image(BytesIO(logo), width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return image


def _serie_folio(c: Comprobante) -> str:
    return "-".join(part for part in (c.serie, c.folio) if part)


def _emisor_block(c: Comprobante, st: Styles) -> list[Flowable]:
    e = c.emisor
    block: list[Flowable] = [plain(e.nombre, st, st.company), Spacer(1, 2)]
    block += kv_lines(
        [
            (L.RFC, e.rfc),
            (L.REGIMEN_FISCAL, code_with_description("c_RegimenFiscal", e.regimen_fiscal)),
            (L.LUGAR_EXPEDICION, c.lugar_expedicion),
            (L.FAC_ATR_ADQUIRENTE, e.fac_atr_adquirente or ""),
        ],
        st,
    )
    return block


def _document_box(c: Comprobante, st: Styles) -> Table:
    title = L.TITULOS.get(c.tipo_de_comprobante, L.TITULO_OTRO)
    serie_folio = _serie_folio(c)
    heading: list[Flowable] = [plain(title, st, st.title)]
    if serie_folio:
        heading.append(plain(serie_folio, st, st.folio))
    rows: list[list[object]] = [[heading]]
    timbre = c.timbre
    details = [
        (L.FOLIO_FISCAL, timbre.uuid if timbre else "—"),
        (L.TIPO_COMPROBANTE, code_with_description("c_TipoDeComprobante", c.tipo_de_comprobante)),
        (L.FECHA_EMISION, fecha(c.fecha)),
        (L.FECHA_CERTIFICACION, fecha_text(timbre.fecha_timbrado) if timbre else "—"),
    ]
    rows.append([kv_lines(details, st, st.body_right)])
    table = Table(rows, colWidths=[_DOC_BOX_WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.8, ACCENT),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, BORDER),
                ("TOPPADDING", (0, 0), (-1, -1), 0.6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6),
                ("TOPPADDING", (0, 0), (-1, 0), 3),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
                ("TOPPADDING", (0, 1), (-1, 1), 2),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def _top(c: Comprobante, st: Styles, logo: bytes | None) -> Columns:
    image = _logo(logo) if logo else None
    gap = 6.0
    left_width = FRAME_WIDTH - _DOC_BOX_WIDTH - gap
    columns: list[tuple[list[Flowable], float]] = []
    if image is not None:
        logo_width = _LOGO_BOX[0] + 4 * mm - gap
        columns.append(([image], logo_width))
        left_width -= logo_width + gap
    columns += [(_emisor_block(c, st), left_width), ([_document_box(c, st)], _DOC_BOX_WIDTH)]
    return Columns(columns, gap)


def _receptor_lines(c: Comprobante, st: Styles) -> list[Flowable]:
    r = c.receptor
    return kv_lines(
        [
            (L.NOMBRE, r.nombre),
            (L.RFC, r.rfc),
            (L.DOMICILIO_FISCAL, r.domicilio_fiscal_receptor),
            (L.REGIMEN_FISCAL, code_with_description("c_RegimenFiscal", r.regimen_fiscal_receptor)),
            (L.USO_CFDI, code_with_description("c_UsoCFDI", r.uso_cfdi)),
            (L.RESIDENCIA_FISCAL, r.residencia_fiscal or ""),
            (L.NUM_REG_ID_TRIB, r.num_reg_id_trib or ""),
        ],
        st,
    )


def _datos_lines(c: Comprobante, st: Styles) -> list[Flowable]:
    moneda = code_with_description("c_Moneda", c.moneda)
    return kv_lines(
        [
            (L.FORMA_PAGO, code_with_description("c_FormaPago", c.forma_pago)),
            (L.METODO_PAGO, code_with_description("c_MetodoPago", c.metodo_pago)),
            (L.CONDICIONES_PAGO, c.condiciones_de_pago or ""),
            (L.MONEDA, moneda),
            (L.TIPO_CAMBIO, f"{c.tipo_cambio:f}" if c.tipo_cambio is not None else ""),
            (L.EXPORTACION, code_with_description("c_Exportacion", c.exportacion)),
            (L.NO_CERTIFICADO, c.no_certificado or ""),
            (L.CONFIRMACION, c.confirmacion or ""),
        ],
        st,
    )


def _parties(c: Comprobante, st: Styles) -> Table:
    """Receptor and document data side by side, two boxes of equal height."""
    gap = 3 * mm
    half = (FRAME_WIDTH - gap) / 2
    rows = [
        [plain(L.RECEPTOR, st, st.head), "", plain(L.DATOS_PAGO, st, st.head)],
        [_receptor_lines(c, st), "", _datos_lines(c, st)],
    ]
    table = Table(rows, colWidths=[half, gap, half])
    box: list[tuple[object, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    for column in (0, 2):
        box += [
            ("BOX", (column, 0), (column, -1), 0.6, BORDER),
            ("BACKGROUND", (column, 0), (column, 0), ACCENT),
            ("LEFTPADDING", (column, 0), (column, -1), 4),
            ("TOPPADDING", (column, 0), (column, 0), 1.6),
            ("BOTTOMPADDING", (column, 0), (column, 0), 2.2),
            ("TOPPADDING", (column, 1), (column, 1), 3),
            ("BOTTOMPADDING", (column, 1), (column, 1), 3),
        ]
    table.setStyle(TableStyle(box))
    return table


def _extra(c: Comprobante, st: Styles) -> list[Flowable]:
    out: list[Flowable] = []
    g = c.informacion_global
    if g is not None:
        line = " · ".join(
            [
                f"{L.PERIODICIDAD}: {code_with_description('c_Periodicidad', g.periodicidad)}",
                f"{L.MESES}: {code_with_description('c_Meses', g.meses)}",
                f"{L.ANIO}: {g.anio}",
            ]
        )
        out += [Spacer(1, 3 * mm), boxed([[kv(L.INFORMACION_GLOBAL, line, st)]], [FRAME_WIDTH])]
    for rel in c.cfdi_relacionados:
        tipo = code_with_description("c_TipoRelacion", rel.tipo_relacion)
        rows: list[list[object]] = [
            [plain(L.CFDI_RELACIONADOS, st, st.head)],
            [kv(L.TIPO_RELACION, tipo, st)],
            [plain(", ".join(rel.uuids), st)],
        ]
        out += [Spacer(1, 3 * mm), boxed(rows, [FRAME_WIDTH], header=True, pad=1.5)]
    return out


def header_flowables(c: Comprobante, st: Styles, logo: bytes | None) -> list[Flowable]:
    return [_top(c, st, logo), Spacer(1, 4 * mm), _parties(c, st), *_extra(c, st)]
