"""The payment complement (Pagos 2.0) of a tipo P receipt: each Pago and its documents."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, LongTable, Spacer, Table, TableStyle

from facturador.pdf import labels as L
from facturador.pdf._common import FRAME_WIDTH, kv, plain, section_bar
from facturador.pdf._format import (
    amount,
    catalog_description,
    code_with_description,
    fecha_text,
    rate,
)
from facturador.pdf._styles import ACCENT, BORDER, LIGHT, ZEBRA, Styles
from facturador.pdf.pagos import DoctoRelacionado, Pago, Pagos, TaxLine

__all__ = ["pagos_flowables"]

_ATTRIBUTE_LABELS = {
    "NumOperacion": L.NUM_OPERACION,
    "RfcEmisorCtaOrd": L.RFC_CTA_ORDENANTE,
    "NomBancoOrdExt": L.BANCO_ORDENANTE,
    "CtaOrdenante": L.CTA_ORDENANTE,
    "RfcEmisorCtaBen": L.RFC_CTA_BENEFICIARIO,
    "CtaBeneficiario": L.CTA_BENEFICIARIO,
}
# UUID, Serie/folio, Moneda/equiv, Parc., Saldo anterior, Pagado, Insoluto, Obj. imp.
_DOCTO_WIDTHS = [64 * mm, 18 * mm, 18 * mm, 9 * mm, 21 * mm, 21 * mm, 21 * mm]
_DOCTO_WIDTHS.append(FRAME_WIDTH - sum(_DOCTO_WIDTHS))


def _tax_text(line: TaxLine, moneda: str) -> str:
    kind = L.RETENCION if line.retencion else L.TRASLADO
    name = catalog_description("c_Impuesto", line.impuesto) or line.impuesto
    parts = [f"{kind} {name} {line.tipo_factor or ''} {rate(line.tasa_o_cuota, line.tipo_factor)}"]
    if line.base is not None:
        parts.append(f"{L.BASE} {amount(line.base, moneda)}")
    if line.importe is not None:
        parts.append(f"{L.COL_IMPORTE} {amount(line.importe, moneda)}")
    return " · ".join(parts)


_GRID_KEYS = (
    ("NumOperacion",),
    ("RfcEmisorCtaOrd", "CtaOrdenante", "NomBancoOrdExt"),
    ("RfcEmisorCtaBen", "CtaBeneficiario"),
)
_GRID_WIDTHS = [FRAME_WIDTH * f for f in (0.3, 0.44, 0.26)]


def _pago_data(pago: Pago, st: Styles) -> Table:
    attributes = dict(pago.attributes)
    tipo_cambio = f"{pago.tipo_cambio_p:f}" if pago.tipo_cambio_p is not None else ""
    grid: list[list[tuple[str, str]]] = [
        [
            (L.FECHA_PAGO, fecha_text(pago.fecha_pago)),
            (L.FORMA_PAGO_P, code_with_description("c_FormaPago", pago.forma_de_pago_p)),
            (L.MONTO, f"{amount(pago.monto, pago.moneda_p)} {pago.moneda_p}"),
        ],
        [(L.MONEDA_P, pago.moneda_p), (L.TIPO_CAMBIO_P, tipo_cambio)],
    ]
    grid[1].append((L.NUM_OPERACION, attributes.pop("NumOperacion", "")))
    for keys in _GRID_KEYS[1:]:
        row = [(_ATTRIBUTE_LABELS[k], attributes.pop(k, "")) for k in keys]
        if any(value for _, value in row):
            grid.append(row)
    rows: list[list[object]] = [
        [*(kv(label, value, st) if value else "" for label, value in row), *[""] * (3 - len(row))]
        for row in grid
    ]
    rows += [[kv(k, v, st, st.small), "", ""] for k, v in attributes.items()]  # CadPago, ...
    table = Table(rows, colWidths=_GRID_WIDTHS)
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ]
    commands += [("SPAN", (0, n), (-1, n)) for n in range(len(grid), len(rows))]
    table.setStyle(TableStyle(commands))
    return table


def _docto_row(d: DoctoRelacionado, st: Styles) -> list[object]:
    serie_folio = "-".join(p for p in (d.serie, d.folio) if p)
    equivalencia = f" / {d.equivalencia_dr:f}" if d.equivalencia_dr is not None else ""
    first: list[Flowable] = [plain(d.id_documento, st, st.small)]
    if d.impuestos:
        lines = "\n".join(_tax_text(t, d.moneda_dr) for t in d.impuestos)
        first.append(plain(lines, st, st.tiny))
    return [
        first,
        plain(serie_folio, st, st.small) if len(serie_folio) > 12 else serie_folio,
        f"{d.moneda_dr}{equivalencia}",
        d.num_parcialidad or "",
        amount(d.imp_saldo_ant, d.moneda_dr),
        amount(d.imp_pagado, d.moneda_dr),
        amount(d.imp_saldo_insoluto, d.moneda_dr),
        d.objeto_imp_dr or "",
    ]


def _doctos_table(pago: Pago, st: Styles) -> LongTable:
    heads = [
        L.COL_DOCUMENTO,
        L.COL_SERIE_FOLIO,
        L.COL_MONEDA_EQ,
        L.COL_PARCIALIDAD,
        L.COL_SALDO_ANTERIOR,
        L.COL_PAGADO,
        L.COL_INSOLUTO,
        L.COL_OBJETO_IMP,
    ]
    header = [plain(h, st, st.head_right if 3 <= i <= 6 else st.head) for i, h in enumerate(heads)]
    rows = [header] + [_docto_row(d, st) for d in pago.doctos]
    table = LongTable(rows, colWidths=_DOCTO_WIDTHS, repeatRows=1)
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("FONT", (0, 1), (-1, -1), st.regular, 6.8),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (3, 1), (6, -1), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, BORDER),
        ("BOX", (0, 0), (-1, -1), 0.6, BORDER),
    ]
    commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, ZEBRA]))
    table.setStyle(TableStyle(commands))
    return table


def _totales(pagos: Pagos, st: Styles) -> Flowable | None:
    if not pagos.totales:
        return None
    parts = []
    for name, value in pagos.totales:
        label = L.MONTO_TOTAL_PAGOS if name == "MontoTotalPagos" else name
        label = L.TOTALES_PAGOS_CAMPOS.get(name, label)
        parts.append(f"{label}: {amount(value, 'MXN')}")
    return kv(L.TOTALES_PAGOS, "  ·  ".join(parts), st)


def pagos_flowables(pagos: Pagos, st: Styles) -> list[Flowable]:
    out: list[Flowable] = [Spacer(1, 4 * mm), section_bar(L.PAGOS, st)]
    for n, pago in enumerate(pagos.pagos, start=1):
        out += [
            Spacer(1, 2 * mm),
            plain(L.PAGO_N.format(n=n), st, st.section),
            _pago_data(pago, st),
        ]
        if pago.doctos:
            out += [Spacer(1, 1.5 * mm), _doctos_table(pago, st)]
        if pago.impuestos:
            lines = "\n".join(_tax_text(t, pago.moneda_p) for t in pago.impuestos)
            out += [Spacer(1, 1.2 * mm), kv(L.IMPUESTOS_P, lines, st, st.small)]
    totales = _totales(pagos, st)
    if totales is not None:
        out += [Spacer(1, 2.5 * mm), totales]
    return out
