"""`Complemento.Pagos` of the JSON input for a payment receipt (tipo P), amounts computed.

Computed fields (ImpSaldoInsoluto, BaseDR, ImporteDR, ImpuestosP, Totales, Monto) may be
left out; if stated they must agree. See `facturador.sat.pagos` for how each is computed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from facturador.sat._input_reader import InputNode
from facturador.sat.catalogs import Catalogs
from facturador.sat.money import RATE_STEP, ZERO, quantize
from facturador.sat.pagos import (
    CLAVE_PROD_SERV_PAGO,
    EXENTO,
    FECHA_FORMAT,
    ONE,
    DoctoRelacionado,
    Pago,
    Pagos,
    RetencionDR,
    RetencionP,
    TrasladoDR,
    TrasladoP,
    compute_totales,
    impuestos_p,
)

__all__ = ["complete_pago_input", "pagos_from_input"]

_IVA, _IEPS = "002", "003"
_CUOTA = "Cuota"

_PAGO_CONCEPTO = {
    "ClaveProdServ": CLAVE_PROD_SERV_PAGO,
    "Cantidad": "1",
    "ClaveUnidad": "ACT",
    "Descripcion": "Pago",
    "ValorUnitario": "0",
    "ObjetoImp": "01",
}
_COMPLEMENTO_KEYS = frozenset({"Pagos"})
_PAGOS_KEYS = frozenset({"Version", "Totales", "Pago"})
_TOTALES_KEYS = frozenset(
    [
        "TotalRetencionesIVA",
        "TotalRetencionesISR",
        "TotalRetencionesIEPS",
        "TotalTrasladosBaseIVA16",
        "TotalTrasladosImpuestoIVA16",
        "TotalTrasladosBaseIVA8",
        "TotalTrasladosImpuestoIVA8",
        "TotalTrasladosBaseIVA0",
        "TotalTrasladosImpuestoIVA0",
        "TotalTrasladosBaseIVAExento",
        "MontoTotalPagos",
    ]
)
_PAGO_TEXT_KEYS = (
    "NumOperacion",
    "RfcEmisorCtaOrd",
    "NomBancoOrdExt",
    "CtaOrdenante",
    "RfcEmisorCtaBen",
    "CtaBeneficiario",
    "TipoCadPago",
    "CertPago",
    "CadPago",
    "SelloPago",
)
_PAGO_KEYS = frozenset(
    {"FechaPago", "FormaDePagoP", "MonedaP", "TipoCambioP", "Monto", "DoctoRelacionado",
     "ImpuestosP", *_PAGO_TEXT_KEYS}
)  # fmt: skip
_DOCTO_KEYS = frozenset(
    [
        "IdDocumento",
        "Serie",
        "Folio",
        "MonedaDR",
        "EquivalenciaDR",
        "NumParcialidad",
        "ImpSaldoAnt",
        "ImpPagado",
        "ImpSaldoInsoluto",
        "ObjetoImpDR",
        "ImpuestosDR",
    ]
)
_IMPUESTOS_DR_KEYS = frozenset({"TrasladosDR", "RetencionesDR"})
_TAX_DR_KEYS = frozenset({"BaseDR", "ImpuestoDR", "TipoFactorDR", "TasaOCuotaDR", "ImporteDR"})
_IMPUESTOS_P_KEYS = frozenset({"TrasladosP", "RetencionesP"})
_TAX_P_KEYS = frozenset({"BaseP", "ImpuestoP", "TipoFactorP", "TasaOCuotaP", "ImporteP"})


def complete_pago_input(data: Mapping[str, object]) -> dict[str, object]:
    """A tipo P input with the fixed envelope filled in where omitted (CRP20101–CRP20124):
    Moneda XXX, Exportacion 01, the single "Pago" concept and UsoCFDI CP01."""
    result = dict(data)
    result.setdefault("Moneda", "XXX")
    result.setdefault("Exportacion", "01")
    result.setdefault("Conceptos", [dict(_PAGO_CONCEPTO)])
    receptor = result.get("Receptor")
    if isinstance(receptor, Mapping) and "UsoCFDI" not in receptor:
        result["Receptor"] = {**receptor, "UsoCFDI": "CP01"}
    return result


def pagos_from_input(complemento: InputNode, catalogs: Catalogs) -> Pagos:
    """The Pagos described by `Complemento` of a tipo P input, every amount computed."""
    node = InputNode(complemento.data, complemento.path, _COMPLEMENTO_KEYS).child(
        "Pagos", _PAGOS_KEYS
    )
    if node is None:
        raise complemento.error("Pagos", "es obligatorio en un comprobante de pago (tipo P)")
    version = node.text("Version", required=False)
    if version not in (None, "2.0"):
        raise node.error("Version", "debe ser 2.0")
    pagos = tuple(_pago(p, catalogs) for p in node.children("Pago", _PAGO_KEYS))
    if not pagos:
        raise node.error("Pago", "agrega al menos un pago")
    totales = compute_totales(pagos)
    stated = node.child("Totales", _TOTALES_KEYS)
    if stated is not None:
        for key in _TOTALES_KEYS:
            stated.check_computed(key, getattr(totales, _snake(key)))
    return Pagos(totales=totales, pagos=pagos)


def _snake(name: str) -> str:
    """Anexo 20's name as a field name (`TotalTrasladosBaseIVA16` -> `..._base_iva16`)."""
    return re.sub(
        r"(?<=[a-z0-9])(?=[A-Z])",
        "_",
        name.replace("IVA", "Iva").replace("ISR", "Isr").replace("IEPS", "Ieps"),
    ).lower()


def _decimals(node: InputNode, key: str, moneda: str, catalogs: Catalogs) -> int:
    if not catalogs.contains("c_Moneda", moneda) or moneda == "XXX":
        raise node.error(
            key, f"«{moneda}» no es una moneda del catálogo c_Moneda válida para pagos"
        )
    return catalogs.moneda_decimales(moneda)


def _pago(node: InputNode, catalogs: Catalogs) -> Pago:
    moneda_p = node.required_text("MonedaP")
    decimals_p = _decimals(node, "MonedaP", moneda_p, catalogs)
    tipo_cambio = node.decimal("TipoCambioP", required=moneda_p != "MXN")
    if tipo_cambio is None:
        tipo_cambio = ONE
    raw_fecha = node.required_text("FechaPago")
    try:
        fecha = datetime.strptime(raw_fecha, FECHA_FORMAT)
    except ValueError:
        raise node.error("FechaPago", "debe tener la forma AAAA-MM-DDThh:mm:ss") from None
    doctos = tuple(
        _docto(d, moneda_p, catalogs) for d in node.children("DoctoRelacionado", _DOCTO_KEYS)
    )
    if not doctos:
        raise node.error("DoctoRelacionado", "indica al menos un documento pagado")
    applied = quantize(sum((d.imp_pagado / d.equivalencia for d in doctos), ZERO), decimals_p)
    monto = node.decimal("Monto", required=False, max_places=decimals_p)
    if monto is None:
        monto = applied
    elif monto < applied:
        raise node.error(
            "Monto", f"({monto}) es menor que lo pagado a los documentos relacionados ({applied})"
        )
    retenciones, traslados = impuestos_p(doctos)
    _check_impuestos_p(node, retenciones, traslados)
    return Pago(
        fecha_pago=fecha,
        forma_de_pago_p=node.required_text("FormaDePagoP"),
        moneda_p=moneda_p,
        tipo_cambio_p=tipo_cambio,
        monto=monto,
        doctos=doctos,
        retenciones_p=retenciones,
        traslados_p=traslados,
        **{_snake(key): node.text(key, required=False) for key in _PAGO_TEXT_KEYS},
    )


def _check_impuestos_p(
    node: InputNode, retenciones: tuple[RetencionP, ...], traslados: tuple[TrasladoP, ...]
) -> None:
    stated = node.child("ImpuestosP", _IMPUESTOS_P_KEYS)
    if stated is None:
        return
    by_impuesto = {r.impuesto_p: r for r in retenciones}
    for item in stated.children("RetencionesP", _TAX_P_KEYS):
        match = by_impuesto.get(item.required_text("ImpuestoP"))
        if match is None:
            raise item.error("ImpuestoP", "no corresponde a las retenciones de los documentos")
        item.check_computed("ImporteP", match.importe_p)
    by_key = {(t.impuesto_p, t.tipo_factor_p, t.tasa_o_cuota_p): t for t in traslados}
    for item in stated.children("TrasladosP", _TAX_P_KEYS):
        rate = item.decimal("TasaOCuotaP", required=False)
        key = (
            item.required_text("ImpuestoP"),
            item.required_text("TipoFactorP"),
            None if rate is None else rate.quantize(RATE_STEP),
        )
        found = by_key.get(key)
        if found is None:
            raise item.error("ImpuestoP", "no corresponde a los traslados de los documentos")
        item.check_computed("BaseP", found.base_p)
        item.check_computed("ImporteP", found.importe_p)


def _docto(node: InputNode, moneda_p: str, catalogs: Catalogs) -> DoctoRelacionado:
    moneda_dr = node.required_text("MonedaDR")
    decimals = _decimals(node, "MonedaDR", moneda_dr, catalogs)
    equivalencia = node.decimal("EquivalenciaDR", required=moneda_dr != moneda_p, max_places=10)
    if equivalencia is None:
        equivalencia = ONE
    elif equivalencia <= 0:
        raise node.error("EquivalenciaDR", "debe ser mayor que 0")
    saldo_ant = node.required_decimal("ImpSaldoAnt", max_places=decimals)
    pagado = node.required_decimal("ImpPagado", max_places=decimals)
    if pagado <= 0:
        raise node.error("ImpPagado", "debe ser mayor que 0")
    if pagado > saldo_ant:
        raise node.error(
            "ImpPagado", f"({pagado}) no puede ser mayor que ImpSaldoAnt ({saldo_ant})"
        )
    insoluto = saldo_ant - pagado
    node.check_computed("ImpSaldoInsoluto", insoluto)
    parcialidad = node.required_text("NumParcialidad")
    if not parcialidad.isdigit() or int(parcialidad) < 1:
        raise node.error("NumParcialidad", "debe ser un entero mayor que 0")
    retenciones, traslados = _impuestos_dr(node, pagado, decimals)
    return DoctoRelacionado(
        id_documento=node.required_text("IdDocumento").upper(),
        serie=node.text("Serie", required=False),
        folio=node.text("Folio", required=False),
        moneda_dr=moneda_dr,
        equivalencia_dr=equivalencia,
        num_parcialidad=int(parcialidad),
        imp_saldo_ant=saldo_ant,
        imp_pagado=pagado,
        imp_saldo_insoluto=insoluto,
        objeto_imp_dr=node.required_text("ObjetoImpDR"),
        retenciones_dr=retenciones,
        traslados_dr=traslados,
    )


def _impuestos_dr(
    node: InputNode, pagado: Decimal, decimals: int
) -> tuple[tuple[RetencionDR, ...], tuple[TrasladoDR, ...]]:
    impuestos = node.child("ImpuestosDR", _IMPUESTOS_DR_KEYS)
    if impuestos is None:
        return (), ()
    stated = [
        *((t, False) for t in impuestos.children("TrasladosDR", _TAX_DR_KEYS)),
        *((r, True) for r in impuestos.children("RetencionesDR", _TAX_DR_KEYS)),
    ]
    if not stated:
        raise node.error("ImpuestosDR", "indica al menos un traslado o una retención")
    requests = [_tax_dr_request(tax, retencion) for tax, retencion in stated]
    retenciones: list[RetencionDR] = []
    traslados: list[TrasladoDR] = []
    for (tax, _), (impuesto, factor, rate, retencion) in zip(stated, requests, strict=True):
        base = tax.decimal("BaseDR", required=False)
        if base is None:
            base = _shared_base(node, pagado, requests, decimals)
        importe = None if rate is None else quantize(base * rate, decimals)
        tax.check_computed("ImporteDR", importe)
        if retencion:
            assert rate is not None
            assert importe is not None
            retenciones.append(RetencionDR(base_dr=base, impuesto_dr=impuesto,
                                           tipo_factor_dr=factor, tasa_o_cuota_dr=rate,
                                           importe_dr=importe))  # fmt: skip
        else:
            traslados.append(TrasladoDR(base_dr=base, impuesto_dr=impuesto, tipo_factor_dr=factor,
                                        tasa_o_cuota_dr=rate, importe_dr=importe))  # fmt: skip
    return tuple(retenciones), tuple(traslados)


_TaxRequest = tuple[str, str, Decimal | None, bool]  # impuesto, factor, rate, retención


def _tax_dr_request(tax: InputNode, retencion: bool) -> _TaxRequest:
    factor = tax.required_text("TipoFactorDR")
    rate = tax.decimal("TasaOCuotaDR", required=factor != EXENTO or retencion)
    if factor == EXENTO and rate is not None and not retencion:
        raise tax.error("TasaOCuotaDR", "no aplica cuando el TipoFactorDR es Exento")
    impuesto = tax.required_text("ImpuestoDR")
    return impuesto, factor, None if rate is None else rate.quantize(RATE_STEP), retencion


def _shared_base(
    node: InputNode, pagado: Decimal, requests: list[_TaxRequest], decimals: int
) -> Decimal:
    """The guide's base when every tax is on one base: ImpPagado / (1 + Σ traslados − Σ
    retenciones); impuestos by Cuota, or IEPS together with IVA, need BaseDR stated."""
    impuestos = {impuesto for impuesto, factor, _, _ in requests if factor != EXENTO}
    if any(factor == _CUOTA for _, factor, _, _ in requests) or {_IEPS, _IVA} <= impuestos:
        raise node.error(
            "ImpuestosDR", "con IEPS e IVA o impuestos por cuota indica BaseDR de cada impuesto"
        )
    factor = ONE
    for _, tipo, rate, retencion in requests:
        if tipo != EXENTO and rate is not None:
            factor += -rate if retencion else rate
    return quantize(pagado / factor, decimals)
