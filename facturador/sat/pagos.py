"""Complemento para recepción de pagos 2.0: the model, its amounts, its XML and its JSON input.

Amounts follow SAT's "Guía de llenado del CFDI con complemento para recepción de pagos":

- ImpSaldoInsoluto = ImpSaldoAnt − ImpPagado, in the related document's currency (MonedaDR).
- EquivalenciaDR is how many units of MonedaDR make one unit of MonedaP (an MXN invoice
  paid in USD at 17.50 has EquivalenciaDR 17.50), so ImpPagado / EquivalenciaDR is the
  amount in the payment's currency; it is 1 when both currencies are the same.
- ImpuestosDR are the paid invoice's taxes in proportion to ImpPagado. When the input does
  not state BaseDR, every tax of the document is taken on one base: BaseDR = ImpPagado /
  (1 + Σ transferred rates − Σ withheld rates), rounded to MonedaDR's decimals. A stated
  BaseDR (the services compute it from the stored invoice when its taxes have different
  bases) is used as given. ImporteDR = BaseDR × TasaOCuotaDR, rounded.
- ImpuestosP group the DR taxes of one Pago (traslados by impuesto, factor and rate,
  retenciones by impuesto) converted to MonedaP (÷ EquivalenciaDR), with six decimals.
- Totales are in MXN (× TipoCambioP) rounded to two decimals; MontoTotalPagos = Σ Monto ×
  TipoCambioP.

Rounding is half-up, always through `money.quantize`. The JSON input (`Complemento.Pagos`)
is read by `facturador.sat._pagos_input`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from lxml import etree

from facturador.sat._xml_attrs import (
    decimal_attr,
    node_path,
    required_attr,
    required_decimal_attr,
)
from facturador.sat.comprobante import Comprobante, RawXml
from facturador.sat.errors import ComprobanteInputError
from facturador.sat.money import ZERO, quantize
from facturador.sat.xml_safety import parse_xml

__all__ = [
    "CLAVE_PROD_SERV_PAGO",
    "EXENTO",
    "FECHA_FORMAT",
    "ONE",
    "PAGOS_NS",
    "PAGOS_TAG",
    "DoctoRelacionado",
    "Pago",
    "Pagos",
    "RetencionDR",
    "RetencionP",
    "Totales",
    "TrasladoDR",
    "TrasladoP",
    "compute_totales",
    "find_pagos",
    "impuestos_p",
    "pagos_to_raw",
    "pagos_to_xml",
    "parse_pagos",
]

PAGOS_NS = "http://www.sat.gob.mx/Pagos20"
PAGOS_TAG = f"{{{PAGOS_NS}}}Pagos"
CLAVE_PROD_SERV_PAGO = "84111506"
_P = f"{{{PAGOS_NS}}}"
ONE = Decimal(1)
_P_PLACES = 6  # BaseP and ImporteP carry six decimals, as in SAT's sample
_MXN_PLACES = 2
_IVA, _ISR, _IEPS = "002", "001", "003"
EXENTO, _TASA = "Exento", "Tasa"
FECHA_FORMAT = "%Y-%m-%dT%H:%M:%S"


@dataclass(frozen=True, slots=True, kw_only=True)
class TrasladoDR:
    base_dr: Decimal
    impuesto_dr: str
    tipo_factor_dr: str
    tasa_o_cuota_dr: Decimal | None = None
    importe_dr: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RetencionDR:
    base_dr: Decimal
    impuesto_dr: str
    tipo_factor_dr: str
    tasa_o_cuota_dr: Decimal
    importe_dr: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class DoctoRelacionado:
    id_documento: str
    moneda_dr: str
    num_parcialidad: int
    imp_saldo_ant: Decimal
    imp_pagado: Decimal
    imp_saldo_insoluto: Decimal
    objeto_imp_dr: str
    serie: str | None = None
    folio: str | None = None
    equivalencia_dr: Decimal | None = None
    retenciones_dr: tuple[RetencionDR, ...] = ()
    traslados_dr: tuple[TrasladoDR, ...] = ()

    @property
    def equivalencia(self) -> Decimal:
        """EquivalenciaDR, 1 when omitted."""
        return self.equivalencia_dr if self.equivalencia_dr is not None else ONE

    @property
    def has_impuestos(self) -> bool:
        return bool(self.retenciones_dr or self.traslados_dr)


@dataclass(frozen=True, slots=True, kw_only=True)
class RetencionP:
    impuesto_p: str
    importe_p: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class TrasladoP:
    base_p: Decimal
    impuesto_p: str
    tipo_factor_p: str
    tasa_o_cuota_p: Decimal | None = None
    importe_p: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Pago:
    fecha_pago: datetime
    forma_de_pago_p: str
    moneda_p: str
    monto: Decimal
    doctos: tuple[DoctoRelacionado, ...]
    tipo_cambio_p: Decimal | None = None
    num_operacion: str | None = None
    rfc_emisor_cta_ord: str | None = None
    nom_banco_ord_ext: str | None = None
    cta_ordenante: str | None = None
    rfc_emisor_cta_ben: str | None = None
    cta_beneficiario: str | None = None
    tipo_cad_pago: str | None = None
    cert_pago: str | None = None
    cad_pago: str | None = None
    sello_pago: str | None = None
    retenciones_p: tuple[RetencionP, ...] = ()
    traslados_p: tuple[TrasladoP, ...] = ()

    @property
    def tipo_cambio(self) -> Decimal:
        """TipoCambioP, 1 when omitted."""
        return self.tipo_cambio_p if self.tipo_cambio_p is not None else ONE


@dataclass(frozen=True, slots=True, kw_only=True)
class Totales:
    monto_total_pagos: Decimal
    total_retenciones_iva: Decimal | None = None
    total_retenciones_isr: Decimal | None = None
    total_retenciones_ieps: Decimal | None = None
    total_traslados_base_iva16: Decimal | None = None
    total_traslados_impuesto_iva16: Decimal | None = None
    total_traslados_base_iva8: Decimal | None = None
    total_traslados_impuesto_iva8: Decimal | None = None
    total_traslados_base_iva0: Decimal | None = None
    total_traslados_impuesto_iva0: Decimal | None = None
    total_traslados_base_iva_exento: Decimal | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Pagos:
    totales: Totales
    pagos: tuple[Pago, ...]
    version: str = "2.0"


# ---------------------------------------------------------------- amounts


def impuestos_p(
    doctos: Iterable[DoctoRelacionado],
) -> tuple[tuple[RetencionP, ...], tuple[TrasladoP, ...]]:
    """The Pago's RetencionesP (by impuesto) and TrasladosP (by impuesto, factor, rate)."""
    retenciones: dict[str, Decimal] = {}
    traslados: dict[tuple[str, str, Decimal | None], list[Decimal]] = {}
    for d in doctos:
        eq = d.equivalencia
        for r in d.retenciones_dr:
            retenciones[r.impuesto_dr] = retenciones.get(r.impuesto_dr, ZERO) + r.importe_dr / eq
        for t in d.traslados_dr:
            sums = traslados.setdefault(
                (t.impuesto_dr, t.tipo_factor_dr, t.tasa_o_cuota_dr), [ZERO, ZERO]
            )
            sums[0] += t.base_dr / eq
            sums[1] += (t.importe_dr or ZERO) / eq
    return (
        tuple(
            RetencionP(impuesto_p=impuesto, importe_p=quantize(importe, _P_PLACES))
            for impuesto, importe in sorted(retenciones.items())
        ),
        tuple(
            TrasladoP(
                base_p=quantize(base, _P_PLACES),
                impuesto_p=impuesto,
                tipo_factor_p=factor,
                tasa_o_cuota_p=tasa,
                importe_p=None if factor == EXENTO else quantize(importe, _P_PLACES),
            )
            for (impuesto, factor, tasa), (base, importe) in traslados.items()
        ),
    )


_RETENCION_TOTAL = {_IVA: "total_retenciones_iva", _ISR: "total_retenciones_isr",
                    _IEPS: "total_retenciones_ieps"}  # fmt: skip
_IVA_TOTAL = {
    Decimal("0.160000"): "iva16",
    Decimal("0.080000"): "iva8",
    Decimal("0.000000"): "iva0",
}


def totales_fields(pagos: Iterable[Pago]) -> dict[str, Decimal]:
    """Unrounded Totales, in MXN, by field name; a field is present only if something adds to it."""
    sums: dict[str, Decimal] = {"monto_total_pagos": ZERO}
    for pago in pagos:
        tc = pago.tipo_cambio
        sums["monto_total_pagos"] += pago.monto * tc
        for r in pago.retenciones_p:
            if r.impuesto_p in _RETENCION_TOTAL:
                key = _RETENCION_TOTAL[r.impuesto_p]
                sums[key] = sums.get(key, ZERO) + r.importe_p * tc
        for t in pago.traslados_p:
            if t.impuesto_p != _IVA:
                continue
            if t.tipo_factor_p == EXENTO:
                key = "total_traslados_base_iva_exento"
                sums[key] = sums.get(key, ZERO) + t.base_p * tc
                continue
            suffix = _IVA_TOTAL.get(t.tasa_o_cuota_p) if t.tasa_o_cuota_p is not None else None
            if t.tipo_factor_p != _TASA or suffix is None:
                continue
            for kind, amount in (("base", t.base_p), ("impuesto", t.importe_p or ZERO)):
                key = f"total_traslados_{kind}_{suffix}"
                sums[key] = sums.get(key, ZERO) + amount * tc
    return sums


def compute_totales(pagos: Iterable[Pago]) -> Totales:
    fields = {k: quantize(v, _MXN_PLACES) for k, v in totales_fields(pagos).items()}
    return Totales(**fields)


# ---------------------------------------------------------------- XML


def _attrs(pairs: Iterable[tuple[str, str | Decimal | int | None]]) -> str:
    parts = []
    for name, value in pairs:
        if value is None:
            continue
        text = format(value, "f") if isinstance(value, Decimal) else str(value)
        parts.append(f' {name}="{escape(text, {chr(34): "&quot;"})}"')
    return "".join(parts)


def _fecha(value: datetime) -> str:
    return value.strftime(FECHA_FORMAT)


def pagos_to_xml(pagos: Pagos) -> bytes:
    """The `pago20:Pagos` element, with its namespace declaration."""
    t = pagos.totales
    out = [
        f'<pago20:Pagos xmlns:pago20="{PAGOS_NS}" Version="{pagos.version}">',
        "<pago20:Totales"
        + _attrs(
            (
                ("TotalRetencionesIVA", t.total_retenciones_iva),
                ("TotalRetencionesISR", t.total_retenciones_isr),
                ("TotalRetencionesIEPS", t.total_retenciones_ieps),
                ("TotalTrasladosBaseIVA16", t.total_traslados_base_iva16),
                ("TotalTrasladosImpuestoIVA16", t.total_traslados_impuesto_iva16),
                ("TotalTrasladosBaseIVA8", t.total_traslados_base_iva8),
                ("TotalTrasladosImpuestoIVA8", t.total_traslados_impuesto_iva8),
                ("TotalTrasladosBaseIVA0", t.total_traslados_base_iva0),
                ("TotalTrasladosImpuestoIVA0", t.total_traslados_impuesto_iva0),
                ("TotalTrasladosBaseIVAExento", t.total_traslados_base_iva_exento),
                ("MontoTotalPagos", t.monto_total_pagos),
            )
        )
        + "/>",
    ]
    out.extend(_pago_xml(p) for p in pagos.pagos)
    out.append("</pago20:Pagos>")
    return "".join(out).encode("utf-8")


def _pago_xml(p: Pago) -> str:
    out = [
        "<pago20:Pago"
        + _attrs(
            (
                ("FechaPago", _fecha(p.fecha_pago)),
                ("FormaDePagoP", p.forma_de_pago_p),
                ("MonedaP", p.moneda_p),
                ("TipoCambioP", p.tipo_cambio_p),
                ("Monto", p.monto),
                ("NumOperacion", p.num_operacion),
                ("RfcEmisorCtaOrd", p.rfc_emisor_cta_ord),
                ("NomBancoOrdExt", p.nom_banco_ord_ext),
                ("CtaOrdenante", p.cta_ordenante),
                ("RfcEmisorCtaBen", p.rfc_emisor_cta_ben),
                ("CtaBeneficiario", p.cta_beneficiario),
                ("TipoCadPago", p.tipo_cad_pago),
                ("CertPago", p.cert_pago),
                ("CadPago", p.cad_pago),
                ("SelloPago", p.sello_pago),
            )
        )
        + ">"
    ]
    out.extend(_docto_xml(d) for d in p.doctos)
    if p.retenciones_p or p.traslados_p:
        out.append("<pago20:ImpuestosP>")
        if p.retenciones_p:
            out.append("<pago20:RetencionesP>")
            out.extend(
                "<pago20:RetencionP"
                + _attrs((("ImpuestoP", r.impuesto_p), ("ImporteP", r.importe_p)))
                + "/>"
                for r in p.retenciones_p
            )
            out.append("</pago20:RetencionesP>")
        if p.traslados_p:
            out.append("<pago20:TrasladosP>")
            out.extend(
                "<pago20:TrasladoP"
                + _attrs(
                    (
                        ("BaseP", t.base_p),
                        ("ImpuestoP", t.impuesto_p),
                        ("TipoFactorP", t.tipo_factor_p),
                        ("TasaOCuotaP", t.tasa_o_cuota_p),
                        ("ImporteP", t.importe_p),
                    )
                )
                + "/>"
                for t in p.traslados_p
            )
            out.append("</pago20:TrasladosP>")
        out.append("</pago20:ImpuestosP>")
    out.append("</pago20:Pago>")
    return "".join(out)


def _docto_xml(d: DoctoRelacionado) -> str:
    head = "<pago20:DoctoRelacionado" + _attrs(
        (
            ("IdDocumento", d.id_documento),
            ("Serie", d.serie),
            ("Folio", d.folio),
            ("MonedaDR", d.moneda_dr),
            ("EquivalenciaDR", d.equivalencia_dr),
            ("NumParcialidad", d.num_parcialidad),
            ("ImpSaldoAnt", d.imp_saldo_ant),
            ("ImpPagado", d.imp_pagado),
            ("ImpSaldoInsoluto", d.imp_saldo_insoluto),
            ("ObjetoImpDR", d.objeto_imp_dr),
        )
    )
    if not d.has_impuestos:
        return head + "/>"
    out = [head, "><pago20:ImpuestosDR>"]
    if d.retenciones_dr:
        out.append("<pago20:RetencionesDR>")
        out.extend("<pago20:RetencionDR" + _tax_dr_attrs(r) + "/>" for r in d.retenciones_dr)
        out.append("</pago20:RetencionesDR>")
    if d.traslados_dr:
        out.append("<pago20:TrasladosDR>")
        out.extend("<pago20:TrasladoDR" + _tax_dr_attrs(t) + "/>" for t in d.traslados_dr)
        out.append("</pago20:TrasladosDR>")
    out.append("</pago20:ImpuestosDR></pago20:DoctoRelacionado>")
    return "".join(out)


def _tax_dr_attrs(t: TrasladoDR | RetencionDR) -> str:
    return _attrs(
        (
            ("BaseDR", t.base_dr),
            ("ImpuestoDR", t.impuesto_dr),
            ("TipoFactorDR", t.tipo_factor_dr),
            ("TasaOCuotaDR", t.tasa_o_cuota_dr),
            ("ImporteDR", t.importe_dr),
        )
    )


def pagos_to_raw(pagos: Pagos) -> RawXml:
    return RawXml(xml=pagos_to_xml(pagos), tag=PAGOS_TAG)


# ---------------------------------------------------------------- reading XML


def parse_pagos(raw: RawXml | bytes) -> Pagos:
    """The Pagos of a `pago20:Pagos` element; ComprobanteInputError if it cannot be read."""
    root = parse_xml(raw.xml if isinstance(raw, RawXml) else raw)
    if root.tag != PAGOS_TAG:
        raise ComprobanteInputError(node_path(root), "no es un complemento pago20:Pagos")
    totales = root.find(f"{_P}Totales")
    if totales is None:
        raise ComprobanteInputError(node_path(root), "falta el nodo Totales")
    return Pagos(
        version=required_attr(root, "Version"),
        totales=Totales(
            monto_total_pagos=required_decimal_attr(totales, "MontoTotalPagos"),
            total_retenciones_iva=decimal_attr(totales, "TotalRetencionesIVA"),
            total_retenciones_isr=decimal_attr(totales, "TotalRetencionesISR"),
            total_retenciones_ieps=decimal_attr(totales, "TotalRetencionesIEPS"),
            total_traslados_base_iva16=decimal_attr(totales, "TotalTrasladosBaseIVA16"),
            total_traslados_impuesto_iva16=decimal_attr(totales, "TotalTrasladosImpuestoIVA16"),
            total_traslados_base_iva8=decimal_attr(totales, "TotalTrasladosBaseIVA8"),
            total_traslados_impuesto_iva8=decimal_attr(totales, "TotalTrasladosImpuestoIVA8"),
            total_traslados_base_iva0=decimal_attr(totales, "TotalTrasladosBaseIVA0"),
            total_traslados_impuesto_iva0=decimal_attr(totales, "TotalTrasladosImpuestoIVA0"),
            total_traslados_base_iva_exento=decimal_attr(totales, "TotalTrasladosBaseIVAExento"),
        ),
        pagos=tuple(_read_pago(p) for p in root.iterfind(f"{_P}Pago")),
    )


def _read_pago(e: etree._Element) -> Pago:
    try:
        fecha = datetime.strptime(required_attr(e, "FechaPago"), FECHA_FORMAT)
    except ValueError:
        raise ComprobanteInputError(
            f"{node_path(e)}/@FechaPago", "no es AAAA-MM-DDThh:mm:ss"
        ) from None
    impuestos = f"{_P}ImpuestosP"
    return Pago(
        fecha_pago=fecha,
        forma_de_pago_p=required_attr(e, "FormaDePagoP"),
        moneda_p=required_attr(e, "MonedaP"),
        tipo_cambio_p=decimal_attr(e, "TipoCambioP"),
        monto=required_decimal_attr(e, "Monto"),
        num_operacion=e.get("NumOperacion"),
        rfc_emisor_cta_ord=e.get("RfcEmisorCtaOrd"),
        nom_banco_ord_ext=e.get("NomBancoOrdExt"),
        cta_ordenante=e.get("CtaOrdenante"),
        rfc_emisor_cta_ben=e.get("RfcEmisorCtaBen"),
        cta_beneficiario=e.get("CtaBeneficiario"),
        tipo_cad_pago=e.get("TipoCadPago"),
        cert_pago=e.get("CertPago"),
        cad_pago=e.get("CadPago"),
        sello_pago=e.get("SelloPago"),
        doctos=tuple(_read_docto(d) for d in e.iterfind(f"{_P}DoctoRelacionado")),
        retenciones_p=tuple(
            RetencionP(
                impuesto_p=required_attr(r, "ImpuestoP"),
                importe_p=required_decimal_attr(r, "ImporteP"),
            )
            for r in e.iterfind(f"{impuestos}/{_P}RetencionesP/{_P}RetencionP")
        ),
        traslados_p=tuple(
            TrasladoP(
                base_p=required_decimal_attr(t, "BaseP"),
                impuesto_p=required_attr(t, "ImpuestoP"),
                tipo_factor_p=required_attr(t, "TipoFactorP"),
                tasa_o_cuota_p=decimal_attr(t, "TasaOCuotaP"),
                importe_p=decimal_attr(t, "ImporteP"),
            )
            for t in e.iterfind(f"{impuestos}/{_P}TrasladosP/{_P}TrasladoP")
        ),
    )


def _read_docto(e: etree._Element) -> DoctoRelacionado:
    raw_parcialidad = required_attr(e, "NumParcialidad")
    if not raw_parcialidad.strip().isdigit():
        raise ComprobanteInputError(f"{node_path(e)}/@NumParcialidad", "no es un número entero")
    impuestos = f"{_P}ImpuestosDR"
    return DoctoRelacionado(
        id_documento=required_attr(e, "IdDocumento"),
        serie=e.get("Serie"),
        folio=e.get("Folio"),
        moneda_dr=required_attr(e, "MonedaDR"),
        equivalencia_dr=decimal_attr(e, "EquivalenciaDR"),
        num_parcialidad=int(raw_parcialidad),
        imp_saldo_ant=required_decimal_attr(e, "ImpSaldoAnt"),
        imp_pagado=required_decimal_attr(e, "ImpPagado"),
        imp_saldo_insoluto=required_decimal_attr(e, "ImpSaldoInsoluto"),
        objeto_imp_dr=required_attr(e, "ObjetoImpDR"),
        retenciones_dr=tuple(
            RetencionDR(
                base_dr=required_decimal_attr(r, "BaseDR"),
                impuesto_dr=required_attr(r, "ImpuestoDR"),
                tipo_factor_dr=required_attr(r, "TipoFactorDR"),
                tasa_o_cuota_dr=required_decimal_attr(r, "TasaOCuotaDR"),
                importe_dr=required_decimal_attr(r, "ImporteDR"),
            )
            for r in e.iterfind(f"{impuestos}/{_P}RetencionesDR/{_P}RetencionDR")
        ),
        traslados_dr=tuple(
            TrasladoDR(
                base_dr=required_decimal_attr(t, "BaseDR"),
                impuesto_dr=required_attr(t, "ImpuestoDR"),
                tipo_factor_dr=required_attr(t, "TipoFactorDR"),
                tasa_o_cuota_dr=decimal_attr(t, "TasaOCuotaDR"),
                importe_dr=decimal_attr(t, "ImporteDR"),
            )
            for t in e.iterfind(f"{impuestos}/{_P}TrasladosDR/{_P}TrasladoDR")
        ),
    )


def find_pagos(comprobante: Comprobante) -> Pagos | None:
    """The document's Pagos 2.0 complement, read; None if it has none."""
    for raw in comprobante.complementos:
        if raw.tag == PAGOS_TAG:
            return parse_pagos(raw)
    return None
