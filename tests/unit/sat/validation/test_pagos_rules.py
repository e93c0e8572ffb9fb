"""One test per covered CRP20xxx rule: a valid payment receipt broken in exactly that way.

The valid receipt pays 476.67 MXN of an invoice of 953.33 MXN (1,000.00 + IVA 16 % − IVA
retenido 10.6667 % − ISR retenido 10 %), so traslados and retenciones are both present.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from decimal import Decimal as D

import pytest

from facturador.sat.comprobante import Comprobante, Impuestos, RawXml
from facturador.sat.pagos import Pagos, find_pagos, pagos_to_raw
from facturador.sat.sello import seal
from facturador.sat.validation import validate_rules, validate_xml
from tests.unit.sat.validation.conftest import build, replace, replace_concepto

TAXES = {
    "TrasladosDR": [{"ImpuestoDR": "002", "TipoFactorDR": "Tasa", "TasaOCuotaDR": "0.160000"}],
    "RetencionesDR": [
        {"ImpuestoDR": "002", "TipoFactorDR": "Tasa", "TasaOCuotaDR": "0.106667"},
        {"ImpuestoDR": "001", "TipoFactorDR": "Tasa", "TasaOCuotaDR": "0.100000"},
    ],
}
PAYMENT = {
    "Serie": "P",
    "TipoDeComprobante": "P",
    "LugarExpedicion": "42501",
    "Emisor": {"Rfc": "EKU9003173C9", "Nombre": "ESCUELA KEMPER URGATE", "RegimenFiscal": "601"},
    "Receptor": {
        "Rfc": "CACX7605101P8",
        "Nombre": "XOCHILT CASAS CHAVEZ",
        "DomicilioFiscalReceptor": "36257",
        "RegimenFiscalReceptor": "612",
    },
    "Complemento": {
        "Pagos": {
            "Pago": [
                {
                    "FechaPago": "2026-11-24T12:00:00",
                    "FormaDePagoP": "03",
                    "MonedaP": "MXN",
                    "Monto": "476.67",
                    "DoctoRelacionado": [
                        {
                            "IdDocumento": "6F35D3B5-3651-5370-BC2C-14CDBE384CD7",
                            "MonedaDR": "MXN",
                            "NumParcialidad": 1,
                            "ImpSaldoAnt": "953.33",
                            "ImpPagado": "476.67",
                            "ObjetoImpDR": "02",
                            "ImpuestosDR": TAXES,
                        }
                    ],
                }
            ]
        }
    },
}


@pytest.fixture(scope="module")
def receipt() -> Comprobante:
    return build(copy.deepcopy(PAYMENT))


def test_the_valid_receipt_has_no_findings_and_its_seal_verifies(receipt, credential):
    assert validate_rules(receipt) == []
    report = validate_xml(seal(receipt, credential).xml)
    assert report.valido, report.errores
    assert report.sello_valido


def _pagos(c: Comprobante, change: Callable[[Pagos], Pagos]) -> Comprobante:
    pagos = find_pagos(c)
    assert pagos is not None
    return replace(c, complementos=(pagos_to_raw(change(pagos)),))


def _pago(**kw) -> Callable[[Comprobante], Comprobante]:
    def change(p: Pagos) -> Pagos:
        return replace(p, pagos=(replace(p.pagos[0], **kw),))

    return lambda c: _pagos(c, change)


def _pago_with(c: Comprobante, **kw) -> Comprobante:
    return _pago(**kw)(c)


def _first(c: Comprobante):
    return find_pagos(c).pagos[0]


def _dr(**kw) -> Callable[[Comprobante], Comprobante]:
    return lambda c: _pago_with(c, doctos=(replace(_first(c).doctos[0], **kw),))


def _tdr(**kw) -> Callable[[Comprobante], Comprobante]:
    def change(c: Comprobante) -> Comprobante:
        d = _first(c).doctos[0]
        return _dr(traslados_dr=(replace(d.traslados_dr[0], **kw),))(c)

    return change


def _rdr(**kw) -> Callable[[Comprobante], Comprobante]:
    def change(c: Comprobante) -> Comprobante:
        d = _first(c).doctos[0]
        return _dr(retenciones_dr=(replace(d.retenciones_dr[0], **kw), d.retenciones_dr[1]))(c)

    return change


def _tp(**kw) -> Callable[[Comprobante], Comprobante]:
    return lambda c: _pago_with(c, traslados_p=(replace(_first(c).traslados_p[0], **kw),))


def _rp(**kw) -> Callable[[Comprobante], Comprobante]:
    def change(c: Comprobante) -> Comprobante:
        rp = _first(c).retenciones_p
        return _pago_with(c, retenciones_p=(replace(rp[0], **kw), rp[1]))

    return change


def _tot(**kw) -> Callable[[Comprobante], Comprobante]:
    return lambda c: _pagos(c, lambda p: replace(p, totales=replace(p.totales, **kw)))


def _c(**kw) -> Callable[[Comprobante], Comprobante]:
    return lambda c: replace(c, **kw)


def _x(**kw) -> Callable[[Comprobante], Comprobante]:
    return lambda c: replace_concepto(c, 0, **kw)


def _twice(field: str) -> Callable[[Comprobante], Comprobante]:
    return lambda c: _pago_with(
        c, **{field: (*getattr(_first(c), field), getattr(_first(c), field)[0])}
    )


ONE = D(1)
CASES: list[tuple[str, Callable[[Comprobante], Comprobante]]] = [
    ("CRP20101", _c(tipo_de_comprobante="I")),
    ("PAGOS01", _c(complementos=())),
    ("CRP20102", _c(exportacion="02")),
    ("CRP20103", _c(sub_total=ONE)),
    ("CRP20104", _c(moneda="MXN")),
    ("CRP20105", _c(forma_pago="03")),
    ("CRP20106", _c(metodo_pago="PUE")),
    ("CRP20107", _c(condiciones_de_pago="Contado")),
    ("CRP20108", _c(descuento=D(0))),
    ("CRP20109", _c(tipo_cambio=ONE)),
    ("CRP20110", _c(total=ONE)),
    ("CRP20111", lambda c: replace(c, conceptos=c.conceptos * 2)),
    ("CRP20112", _x(cuenta_predial=("12345",))),
    ("CRP20113", _x(clave_prod_serv="01010101")),
    ("CRP20114", _x(no_identificacion="X1")),
    ("CRP20115", _x(cantidad=D(2))),
    ("CRP20116", _x(clave_unidad="H87")),
    ("CRP20117", _x(unidad="Pieza")),
    ("CRP20118", _x(descripcion="Abono")),
    ("CRP20119", _x(valor_unitario=ONE)),
    ("CRP20120", _x(importe=ONE)),
    ("CRP20121", _x(descuento=D(0))),
    ("CRP20122", _x(objeto_imp="02")),
    ("CRP20123", _c(impuestos=Impuestos())),
    ("CRP20201", _tot(total_retenciones_iva=D("53.00"))),
    ("CRP20202", _tot(total_retenciones_isr=D("49.99"))),
    ("CRP20203", _tot(total_retenciones_ieps=D("1.00"))),
    ("CRP20204", _tot(total_traslados_base_iva16=D("500.01"))),
    ("CRP20204", _tot(total_traslados_base_iva16=None, total_traslados_base_iva0=D("0.00"))),
    ("CRP20205", _tot(total_traslados_impuesto_iva16=D("79.99"))),
    ("CRP20206", _tot(total_traslados_base_iva8=D("1.00"))),
    ("CRP20207", _tot(total_traslados_impuesto_iva8=D("1.00"))),
    ("CRP20208", _tot(total_traslados_base_iva0=D("1.00"))),
    ("CRP20209", _tot(total_traslados_impuesto_iva0=D("1.00"))),
    ("CRP20210", _tot(total_traslados_base_iva_exento=D("1.00"))),
    ("CRP20211", _tot(monto_total_pagos=D("476.68"))),
    ("CRP20212", _pago(forma_de_pago_p="99")),
    ("CRP20213", _pago(moneda_p="XXX")),
    ("CRP20214", _pago(moneda_p="USD", tipo_cambio_p=None)),
    ("CRP20215", _pago(tipo_cambio_p=D("17.50"))),
    ("CRP20217", _pago(monto=D("476.66"))),
    ("CRP20218", _pago(monto=D(0))),
    ("CRP20219", _pago(monto=D("476.670"))),
    ("CRP20223", _pago(rfc_emisor_cta_ord="XEXX010101000")),
    ("CRP20236", _dr(moneda_dr="XXX")),
    ("CRP20237", _dr(moneda_dr="USD", equivalencia_dr=None)),
    ("CRP20238", _dr(equivalencia_dr=D(2))),
    ("CRP20239", _dr(imp_saldo_ant=D(0))),
    ("CRP20240", _dr(imp_saldo_ant=D("953.330"), imp_saldo_insoluto=D("476.660"))),
    ("CRP20241", _dr(imp_pagado=D(0))),
    ("CRP20242", _dr(imp_pagado=D("476.670"), imp_saldo_insoluto=D("476.660"))),
    ("CRP20243", _dr(imp_saldo_insoluto=D("476.660"))),
    ("CRP20244", _dr(imp_saldo_insoluto=D("476.65"))),
    ("CRP20245", _dr(objeto_imp_dr="09")),
    ("CRP20246", _dr(traslados_dr=(), retenciones_dr=())),
    ("CRP20247", _dr(objeto_imp_dr="01")),
    ("CRP20249", _rdr(base_dr=D(0))),
    ("CRP20250", _rdr(impuesto_dr="009")),
    ("CRP20251", _rdr(tipo_factor_dr="Otro")),
    ("CRP20252", _rdr(tipo_factor_dr="Exento")),
    ("CRP20253", _rdr(tasa_o_cuota_dr=D("0.500000"))),
    ("CRP20254", _rdr(importe_dr=D("53.50"))),
    ("CRP20255", _tdr(base_dr=D(0))),
    ("CRP20256", _tdr(impuesto_dr="009")),
    ("CRP20257", _tdr(tipo_factor_dr="Otro")),
    ("CRP20258", _tdr(tipo_factor_dr="Exento")),
    ("CRP20259", _tdr(tasa_o_cuota_dr=D("0.170000"))),
    ("CRP20261", _tdr(importe_dr=D("80.50"))),
    ("CRP20261", _tdr(importe_dr=None)),
    ("CRP20262", _rp(impuesto_p="009")),
    ("CRP20263", _twice("retenciones_p")),
    ("CRP20264", _tot(total_retenciones_iva=None, total_retenciones_isr=None)),
    ("CRP20265", _rp(importe_p=D("53.50"))),
    ("CRP20265", _pago(retenciones_p=())),
    ("CRP20267", _tot(total_traslados_base_iva16=None)),
    ("CRP20268", _tp(base_p=D("500.50"))),
    ("CRP20268", _pago(traslados_p=())),
    ("CRP20270", _tp(impuesto_p="009")),
    ("CRP20271", _twice("traslados_p")),
    ("CRP20272", _tp(tasa_o_cuota_p=D("0.170000"))),
    ("CRP20273", _tot(total_traslados_impuesto_iva16=None)),
    ("CRP20274", _tp(importe_p=D("80.50"))),
]


def _ids() -> list[str]:
    """The code, then `code-2`, `code-3` for further cases of the same rule."""
    seen: dict[str, int] = {}
    ids = []
    for code, _ in CASES:
        seen[code] = seen.get(code, 0) + 1
        ids.append(code if seen[code] == 1 else f"{code}-{seen[code]}")
    return ids


@pytest.mark.parametrize(("code", "change"), CASES, ids=_ids())
def test_rule(receipt, code, change):
    codes = [f.codigo for f in validate_rules(change(receipt))]
    assert code in codes


def test_findings_point_at_the_node_and_speak_spanish(receipt):
    [finding] = validate_rules(_dr(imp_saldo_insoluto=D("476.65"))(receipt))
    assert finding.ruta == (
        "/cfdi:Comprobante/cfdi:Complemento/pago20:Pagos/pago20:Pago[1]"
        "/pago20:DoctoRelacionado[1]/@ImpSaldoInsoluto"
    )
    assert "ImpSaldoAnt − ImpPagado (476.66)" in finding.mensaje


def test_a_missing_total_group_is_reported_once(receipt):
    codes = [f.codigo for f in validate_rules(_tot(total_traslados_base_iva16=None)(receipt))]
    assert codes == ["CRP20267"]


def test_converted_sums_within_one_unit_are_accepted(receipt):
    assert validate_rules(_tp(base_p=D("500.004"))(receipt)) == []


def test_an_unreadable_amount_in_the_complement_is_said_once_with_what_to_do(receipt):
    raw = receipt.complementos[0]
    broken = RawXml(xml=raw.xml.replace(b'Monto="476.67"', b'Monto="x"'), tag=raw.tag)
    findings = validate_rules(dataclasses.replace(receipt, complementos=(broken,)))
    assert [f.codigo for f in findings] == ["XML04"]
    assert findings[0].ruta.endswith("/pago20:Pago/@Monto")
    assert "«x» no es un número" in findings[0].mensaje


def test_unknown_currencies_and_zero_equivalencia_are_left_to_the_xsd(receipt):
    broken = _pago(moneda_p="ZZZ", monto=D("1.001"))(receipt)
    assert "CRP20219" not in [f.codigo for f in validate_rules(broken)]
    codes = [f.codigo for f in validate_rules(_dr(equivalencia_dr=D(0))(receipt))]
    assert "CRP20217" not in codes
