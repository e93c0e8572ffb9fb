"""Every computed amount of a Comprobante: concept Importe, tax Base and Importe, the grouped
document-level taxes, SubTotal, Descuento and Total.

Taxes are computed per Concepto and rounded half-up to the currency's decimals; document-level
amounts are sums of the already-rounded concept amounts (what SAT's CFDI40108, 40119, 40203,
40205, 40211, 40215 and 40221 check). Where IEPS is charged, the IVA base includes it (LIVA
art. 12). An IEPS Cuota has the quantity as Base and quantity x cuota as Importe.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from facturador.sat.comprobante import Concepto, Impuestos, Retencion, Traslado
from facturador.sat.money import ZERO, quantize

__all__ = [
    "IEPS",
    "ISR",
    "IVA",
    "DocumentTotals",
    "TaxRequest",
    "concept_importe",
    "concept_taxes",
    "document_totals",
]

ISR, IVA, IEPS = "001", "002", "003"
EXENTO, CUOTA = "Exento", "Cuota"
ZERO_TOTAL_TYPES = frozenset({"T", "P"})


@dataclass(frozen=True, slots=True)
class TaxRequest:
    """A tax the user asked for on a concept: what to charge, not how much."""

    impuesto: str
    tipo_factor: str
    tasa_o_cuota: Decimal | None
    retencion: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class DocumentTotals:
    sub_total: Decimal
    descuento: Decimal | None
    total: Decimal
    impuestos: Impuestos | None


def concept_importe(cantidad: Decimal, valor_unitario: Decimal, decimals: int) -> Decimal:
    return quantize(cantidad * valor_unitario, decimals)


def _charge(base: Decimal, tax: TaxRequest, decimals: int) -> Decimal:
    assert tax.tasa_o_cuota is not None
    return quantize(base * tax.tasa_o_cuota, decimals)


def concept_taxes(
    cantidad: Decimal, base: Decimal, taxes: Sequence[TaxRequest], decimals: int
) -> Impuestos:
    """Traslados and Retenciones of one concept whose taxable amount is `base`."""
    ieps_total = ZERO
    computed: dict[int, Traslado | Retencion] = {}
    # IEPS first: the IVA base includes it.
    for index, tax in enumerate(taxes):
        if tax.impuesto == IEPS and not tax.retencion and tax.tipo_factor != EXENTO:
            tax_base = cantidad if tax.tipo_factor == CUOTA else base
            importe = _charge(tax_base, tax, decimals)
            ieps_total += importe
            computed[index] = Traslado(
                base=tax_base,
                impuesto=tax.impuesto,
                tipo_factor=tax.tipo_factor,
                tasa_o_cuota=tax.tasa_o_cuota,
                importe=importe,
            )
    iva_base = base + ieps_total
    for index, tax in enumerate(taxes):
        if index in computed:
            continue
        tax_base = iva_base if tax.impuesto == IVA else base
        if tax.tipo_factor == CUOTA:
            tax_base = cantidad
        computed[index] = _one_tax(tax, tax_base, decimals)
    ordered = [computed[i] for i in range(len(taxes))]
    return Impuestos(
        traslados=tuple(t for t in ordered if isinstance(t, Traslado)),
        retenciones=tuple(r for r in ordered if isinstance(r, Retencion)),
    )


def _one_tax(tax: TaxRequest, base: Decimal, decimals: int) -> Traslado | Retencion:
    if tax.retencion:
        return Retencion(
            base=base,
            impuesto=tax.impuesto,
            tipo_factor=tax.tipo_factor,
            tasa_o_cuota=tax.tasa_o_cuota,
            importe=_charge(base, tax, decimals),
        )
    if tax.tipo_factor == EXENTO:
        return Traslado(base=base, impuesto=tax.impuesto, tipo_factor=EXENTO)
    return Traslado(
        base=base,
        impuesto=tax.impuesto,
        tipo_factor=tax.tipo_factor,
        tasa_o_cuota=tax.tasa_o_cuota,
        importe=_charge(base, tax, decimals),
    )


def document_totals(
    conceptos: Iterable[Concepto], tipo_de_comprobante: str, decimals: int
) -> DocumentTotals:
    conceptos = tuple(conceptos)
    importes = sum((c.importe for c in conceptos), ZERO)
    descuentos = [c.descuento for c in conceptos if c.descuento is not None]
    descuento = quantize(sum(descuentos, ZERO), decimals) if descuentos else None
    if tipo_de_comprobante in ZERO_TOTAL_TYPES:
        return DocumentTotals(sub_total=ZERO, descuento=None, total=ZERO, impuestos=None)
    sub_total = quantize(importes, decimals)
    impuestos = _group_taxes(conceptos, decimals)
    total = sub_total - (descuento or ZERO)
    if impuestos is not None:
        total += (impuestos.total_impuestos_trasladados or ZERO) - (
            impuestos.total_impuestos_retenidos or ZERO
        )
    return DocumentTotals(
        sub_total=sub_total,
        descuento=descuento,
        total=quantize(total, decimals),
        impuestos=impuestos,
    )


def _group_taxes(conceptos: Sequence[Concepto], decimals: int) -> Impuestos | None:
    """Traslados by (Impuesto, TipoFactor, TasaOCuota), Retenciones by Impuesto."""
    traslados: dict[tuple[str, str, Decimal | None], list[Decimal]] = {}
    retenciones: dict[str, Decimal] = {}
    for concepto in conceptos:
        if concepto.impuestos is None:
            continue
        for t in concepto.impuestos.traslados:
            key = (t.impuesto, t.tipo_factor, t.tasa_o_cuota)
            sums = traslados.setdefault(key, [ZERO, ZERO])
            sums[0] += t.base
            sums[1] += t.importe or ZERO
        for r in concepto.impuestos.retenciones:
            retenciones[r.impuesto] = retenciones.get(r.impuesto, ZERO) + r.importe
    if not traslados and not retenciones:
        return None
    grouped_traslados = tuple(
        Traslado(
            base=quantize(base, decimals),
            impuesto=impuesto,
            tipo_factor=factor,
            tasa_o_cuota=tasa,
            importe=None if factor == EXENTO else quantize(importe, decimals),
        )
        for (impuesto, factor, tasa), (base, importe) in traslados.items()
    )
    grouped_retenciones = tuple(
        Retencion(impuesto=impuesto, importe=quantize(importe, decimals))
        for impuesto, importe in sorted(retenciones.items())
    )
    charged = [t.importe for t in grouped_traslados if t.importe is not None]
    return Impuestos(
        traslados=grouped_traslados,
        retenciones=grouped_retenciones,
        total_impuestos_trasladados=quantize(sum(charged, ZERO), decimals) if charged else None,
        total_impuestos_retenidos=(
            quantize(sum((r.importe for r in grouped_retenciones), ZERO), decimals)
            if grouped_retenciones
            else None
        ),
    )
