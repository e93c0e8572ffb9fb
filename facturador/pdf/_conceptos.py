"""The concept table (spans pages, header repeated) and the totals block under it."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, LongTable, Spacer, Table, TableStyle

from facturador.pdf import labels as L
from facturador.pdf._common import FRAME_WIDTH, Columns, kv, plain
from facturador.pdf._format import (
    amount,
    catalog_description,
    code_with_description,
    quantity,
    rate,
    total_en_letra,
)
from facturador.pdf._styles import ACCENT, BORDER, LIGHT, ZEBRA, Styles
from facturador.pdf._text import TextStack
from facturador.sat.comprobante import Comprobante, Concepto, Impuestos

__all__ = ["conceptos_table", "totals_block"]

# (header, width or None for the description, right-aligned); No. ident. and Descuento only
# when some concept has them, the description takes the room otherwise
_COLUMNS = (
    (L.COL_CLAVE_PROD_SERV, 15 * mm, False),
    (L.COL_NO_IDENTIFICACION, 16 * mm, False),
    (L.COL_CANTIDAD, 13 * mm, True),
    (L.COL_CLAVE_UNIDAD, 12 * mm, False),
    (L.COL_DESCRIPCION, None, False),
    (L.COL_VALOR_UNITARIO, 19 * mm, True),
    (L.COL_DESCUENTO, 15 * mm, True),
    (L.COL_IMPORTE, 20 * mm, True),
)
_NO_IDENTIFICACION, _DESCUENTO = 1, 6
_CELL_SIZE = 6.8
_SHORT = 11  # longer codes wrap in a Paragraph


def _impuesto_name(code: str) -> str:
    return catalog_description("c_Impuesto", code) or code


def _tax_lines(impuestos: Impuestos | None, moneda: str) -> list[str]:
    if impuestos is None:
        return []
    lines = []
    for t in impuestos.traslados:
        tasa = rate(t.tasa_o_cuota, t.tipo_factor)
        importe = f" · {L.COL_IMPORTE} {amount(t.importe, moneda)}" if t.importe is not None else ""
        lines.append(
            f"{L.TRASLADO} {_impuesto_name(t.impuesto)} {t.tipo_factor} {tasa} · "
            f"{L.BASE} {amount(t.base, moneda)}{importe}"
        )
    for r in impuestos.retenciones:
        tasa = rate(r.tasa_o_cuota, r.tipo_factor)
        lines.append(
            f"{L.RETENCION} {_impuesto_name(r.impuesto)} {r.tipo_factor or ''} {tasa} · "
            f"{L.BASE} {amount(r.base, moneda)} · {L.COL_IMPORTE} {amount(r.importe, moneda)}"
        )
    return lines


def _details(x: Concepto, moneda: str) -> str:
    unidad = code_with_description("c_ClaveUnidad", x.clave_unidad)
    if x.unidad:
        unidad += f" ({x.unidad})"
    parts = [
        code_with_description("c_ClaveProdServ", x.clave_prod_serv),
        unidad,
        f"{L.OBJETO_IMP} {code_with_description('c_ObjetoImp', x.objeto_imp)}",
    ]
    lines = [" · ".join(parts)]
    lines += _tax_lines(x.impuestos, moneda)
    if x.informacion_aduanera:
        lines.append(f"{L.PEDIMENTO}: {', '.join(x.informacion_aduanera)}")
    if x.cuenta_predial:
        lines.append(f"{L.CUENTA_PREDIAL}: {', '.join(x.cuenta_predial)}")
    t = x.a_cuenta_terceros
    if t is not None:
        lines.append(
            f"{L.A_CUENTA_TERCEROS}: {t.rfc_a_cuenta_terceros} {t.nombre_a_cuenta_terceros}, "
            f"{L.REGIMEN_FISCAL} {t.regimen_fiscal_a_cuenta_terceros}, "
            f"CP {t.domicilio_fiscal_a_cuenta_terceros}"
        )
    lines += [
        f"{L.PARTE}: {quantity(p.cantidad)} x {p.clave_prod_serv} {p.descripcion}" for p in x.partes
    ]
    return "\n".join(lines)


def _code(value: str | None, st: Styles) -> object:
    if not value:
        return ""
    return value if len(value) <= _SHORT else plain(value, st, st.small)


def _row(x: Concepto, moneda: str, st: Styles) -> list[object]:
    description = TextStack(
        [plain(x.descripcion, st, st.small), plain(_details(x, moneda), st, st.tiny)]
    )
    return [
        _code(x.clave_prod_serv, st),
        _code(x.no_identificacion, st),
        quantity(x.cantidad),
        _code(x.clave_unidad, st),
        description,
        amount(x.valor_unitario, moneda),
        amount(x.descuento, moneda) if x.descuento else "",
        amount(x.importe, moneda),
    ]


def _shown_columns(c: Comprobante) -> list[int]:
    hidden = set()
    if not any(x.no_identificacion for x in c.conceptos):
        hidden.add(_NO_IDENTIFICACION)
    if not any(x.descuento for x in c.conceptos):
        hidden.add(_DESCUENTO)
    return [i for i in range(len(_COLUMNS)) if i not in hidden]


class _Row(Flowable):  # type: ignore[misc]
    """One row of the concept table drawn by itself: the table sees one cell per row, which
    is most of the cost saved on long invoices; LongTable still paginates and repeats the
    header."""

    _PAD = 3.0

    def __init__(
        self, cells: list[object], columns: list[tuple[float, bool]], font: str, color: object
    ) -> None:
        super().__init__()
        self._cells = cells
        self._columns = columns
        self._font = font
        self._color = color
        self._heights: list[float] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        leading = _CELL_SIZE * 1.2
        self._heights = [
            cell.wrap(width - 2 * self._PAD, avail_height)[1]
            if isinstance(cell, Flowable)
            else leading * (str(cell).count("\n") + 1)
            for cell, (width, _) in zip(self._cells, self._columns, strict=True)
        ]
        self.width = avail_width
        self.height = max(self._heights)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        text = canvas.beginText()
        text.setFont(self._font, _CELL_SIZE, _CELL_SIZE * 1.2)
        text.setFillColor(self._color)
        x = 0.0
        for cell, (width, right) in zip(self._cells, self._columns, strict=True):
            if isinstance(cell, Flowable):
                cell.drawOn(canvas, x + self._PAD, self.height - cell.height)
            elif cell:
                for n, line in enumerate(str(cell).split("\n")):
                    shift = width - 2 * self._PAD - stringWidth(line, self._font, _CELL_SIZE)
                    y = self.height - _CELL_SIZE - n * _CELL_SIZE * 1.2
                    text.setTextOrigin(x + self._PAD + (shift if right else 0.0), y)
                    text.textOut(line)
            x += width
        canvas.drawText(text)


def conceptos_table(c: Comprobante, st: Styles) -> LongTable:
    shown = _shown_columns(c)
    columns = [_COLUMNS[i] for i in shown]
    fixed = sum(width for _, width, _ in columns if width)
    geometry = [(width or FRAME_WIDTH - fixed, right) for _, width, right in columns]
    rows: list[list[object]] = [[_Row([h for h, _, _ in columns], geometry, st.bold, colors.white)]]
    for x in c.conceptos:
        cells = _row(x, c.moneda, st)
        rows.append([_Row([cells[i] for i in shown], geometry, st.regular, colors.black)])
    table = LongTable(rows, colWidths=[FRAME_WIDTH], repeatRows=1)
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, BORDER),
        ("BOX", (0, 0), (-1, -1), 0.6, BORDER),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, ZEBRA]),
    ]
    table.setStyle(TableStyle(commands))
    return table


def _summary_rows(c: Comprobante) -> list[tuple[str, str]]:
    rows = [(L.SUBTOTAL, amount(c.sub_total, c.moneda))]
    if c.descuento:
        rows.append((L.DESCUENTO, f"-{amount(c.descuento, c.moneda)}"))
    if c.impuestos is not None:
        for t in c.impuestos.traslados:
            if t.importe is None:
                continue
            label = f"{_impuesto_name(t.impuesto)} {rate(t.tasa_o_cuota, t.tipo_factor)}"
            rows.append((label, amount(t.importe, c.moneda)))
        for r in c.impuestos.retenciones:
            label = L.RETENIDO_DE.format(impuesto=_impuesto_name(r.impuesto))
            rows.append((label, f"-{amount(r.importe, c.moneda)}"))
    return rows


def _summary(c: Comprobante, st: Styles, width: float) -> Table:
    rows: list[list[object]] = [[label, value] for label, value in _summary_rows(c)]
    rows.append([L.TOTAL, plain(f"{amount(c.total, c.moneda)} {c.moneda}", st, st.total_right)])
    table = Table(rows, colWidths=[width * 0.52, width * 0.48])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), st.regular, 8),
                ("FONT", (0, -1), (0, -1), st.bold, 9.5),
                ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT),
                ("BACKGROUND", (0, -1), (-1, -1), LIGHT),
                ("TOPPADDING", (0, -1), (-1, -1), 3),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 3),
            ]
        )
    )
    return table


def _breakdown(c: Comprobante, st: Styles, width: float) -> Table | None:
    imp = c.impuestos
    if imp is None or not (imp.traslados or imp.retenciones):
        return None
    rows: list[list[object]] = [
        [L.COL_TIPO, L.COL_IMPUESTO, L.COL_FACTOR, L.COL_TASA, L.COL_BASE, L.COL_IMPORTE]
    ]
    for t in imp.traslados:
        rows.append(
            [
                L.TRASLADO,
                _impuesto_name(t.impuesto),
                t.tipo_factor,
                rate(t.tasa_o_cuota, t.tipo_factor),
                amount(t.base, c.moneda),
                amount(t.importe, c.moneda),
            ]
        )
    for r in imp.retenciones:
        rows.append(
            [
                L.RETENCION,
                _impuesto_name(r.impuesto),
                r.tipo_factor or "",
                rate(r.tasa_o_cuota, r.tipo_factor),
                amount(r.base, c.moneda),
                amount(r.importe, c.moneda),
            ]
        )
    fractions = (0.17, 0.12, 0.15, 0.16, 0.2, 0.2)
    table = Table(rows, colWidths=[width * f for f in fractions])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), st.regular, 6.8),
                ("FONT", (0, 0), (-1, 0), st.bold, 6.5),
                ("TEXTCOLOR", (0, 0), (-1, 0), ACCENT),
                ("ALIGN", (3, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, BORDER),
                ("LINEBELOW", (0, -1), (-1, -1), 0.5, BORDER),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def totals_block(c: Comprobante, st: Styles) -> list[Flowable]:
    right_width = 70 * mm
    left_width = FRAME_WIDTH - right_width - 6 * mm
    left: list[Flowable] = []
    letra = total_en_letra(c.total, c.moneda)
    if letra:
        left.append(kv(L.TOTAL_LETRA, letra, st, bold=True))
    breakdown = _breakdown(c, st, left_width)
    if breakdown is not None:
        left += [Spacer(1, 2.5 * mm), plain(L.DESGLOSE_IMPUESTOS, st, st.section), breakdown]
    gap = 6 * mm
    return [
        Spacer(1, 3 * mm),
        Columns([(left, left_width), ([_summary(c, st, right_width)], right_width)], gap),
    ]
