"""Pagos 2.0: SAT's sealed sample round-trips; a PPD invoice paid in three parcialidades.

The invoice is 2 × 500.00 + IVA 16 % = 1,160.00 MXN. It is paid 400.00 MXN, then 20.00 USD
at TipoCambioP 17.50 (EquivalenciaDR 17.50: MXN per USD, so 350.00 MXN), then the remaining
410.00 MXN. Each receipt passes the Pagos20 XSD, the CRP20xxx rules and the seal check.
"""

from __future__ import annotations

import copy
import dataclasses
from decimal import Decimal as D

import pytest

from facturador.sat.build import build_comprobante
from facturador.sat.cadena import cadena_xslt
from facturador.sat.errors import ComprobanteInputError
from facturador.sat.pagos import (
    PAGOS_TAG,
    find_pagos,
    pagos_to_raw,
    pagos_to_xml,
    parse_pagos,
)
from facturador.sat.sello import seal
from facturador.sat.validation import validate_rules, validate_xml
from facturador.sat.xml_reader import parse_comprobante
from facturador.sat.xml_safety import parse_xml
from facturador.sat.xml_writer import to_xml
from tests.unit.sat.conftest import FECHA

INVOICE_UUID = "6F35D3B5-3651-5370-BC2C-14CDBE384CD7"
IVA16 = {"ImpuestoDR": "002", "TipoFactorDR": "Tasa", "TasaOCuotaDR": "0.160000"}


def payment_input(docto: dict, **pago: object) -> dict:
    """A payment receipt of one Pago for one related document (envelope left to the app)."""
    return {
        "Serie": "P",
        "TipoDeComprobante": "P",
        "LugarExpedicion": "42501",
        "Emisor": {
            "Rfc": "EKU9003173C9",
            "Nombre": "ESCUELA KEMPER URGATE",
            "RegimenFiscal": "601",
        },
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
                        **pago,
                        "DoctoRelacionado": [docto],
                    }
                ]
            }
        },
    }


def docto(parcialidad: int, saldo: str, pagado: str, **extra: object) -> dict:
    return {
        "IdDocumento": INVOICE_UUID,
        "Serie": "A",
        "Folio": "1",
        "MonedaDR": "MXN",
        "NumParcialidad": parcialidad,
        "ImpSaldoAnt": saldo,
        "ImpPagado": pagado,
        "ObjetoImpDR": "02",
        "ImpuestosDR": {"TrasladosDR": [dict(IVA16)]},
        **extra,
    }


CONCEPTO = {"ClaveProdServ": "01010101", "Cantidad": "1", "ClaveUnidad": "H87",
            "Descripcion": "Venta", "ValorUnitario": "1.00", "ObjetoImp": "01"}  # fmt: skip
PARCIALIDADES = [
    payment_input(docto(1, "1160.00", "400.00"), Monto="400.00"),
    payment_input(
        docto(2, "760.00", "350.00", EquivalenciaDR="17.50"),
        MonedaP="USD",
        TipoCambioP="17.50",
        Monto="20.00",
    ),
    payment_input(docto(3, "410.00", "410.00")),
]


def build(data: dict):
    return build_comprobante(copy.deepcopy(data), fecha=FECHA, folio="1")


# ---------------------------------------------------------------- SAT's sample


def test_sample_parses_reserializes_to_the_same_cadena_and_validates(shared_sat):
    folder = shared_sat / "samples"
    data = (folder / "cfdi40_pagos20_sellado.xml").read_bytes()
    expected = (folder / "cfdi40_pagos20_sellado.cadena.txt").read_text().strip()
    report = validate_xml(data)
    assert report.valido, report.errores
    assert report.sello_valido
    comprobante = parse_comprobante(data)
    pagos = find_pagos(comprobante)
    assert pagos is not None
    assert [d.num_parcialidad for d in pagos.pagos[0].doctos] == [2, 1]
    assert pagos.totales.total_traslados_base_iva16 == D("12931.04")
    rebuilt = dataclasses.replace(comprobante, complementos=(pagos_to_raw(pagos),))
    again = to_xml(rebuilt)
    assert cadena_xslt()(parse_xml(again)) == expected
    assert parse_pagos(pagos_to_xml(pagos)) == pagos
    assert validate_xml(again).valido


# ---------------------------------------------------------------- three parcialidades


def test_three_parcialidades_end_with_zero_balance_and_pass_xsd_rules_and_seal(credential):
    doctos = []
    for number, data in enumerate(PARCIALIDADES, start=1):
        sealed = seal(build(data), credential)
        report = validate_xml(sealed.xml)
        assert report.valido, (number, report.errores)
        assert report.sello_valido
        pagos = find_pagos(sealed.comprobante)
        assert pagos is not None
        doctos.append(pagos.pagos[0].doctos[0])
    assert [d.num_parcialidad for d in doctos] == [1, 2, 3]
    assert [str(d.imp_saldo_insoluto) for d in doctos] == ["760.00", "410.00", "0.00"]
    bases = [d.traslados_dr[0].base_dr for d in doctos]
    importes = [d.traslados_dr[0].importe_dr for d in doctos]
    assert [str(b) for b in bases] == ["344.83", "301.72", "353.45"]
    assert sum(bases) == D("1000.00")
    assert sum(importes) == D("160.00")


def test_usd_payment_converts_taxes_and_totals():
    c = build(PARCIALIDADES[1])
    assert (c.moneda, c.sub_total, c.total, c.exportacion) == ("XXX", 0, 0, "01")
    assert c.receptor.uso_cfdi == "CP01"
    assert c.forma_pago is None
    assert c.metodo_pago is None
    pagos = find_pagos(c)
    assert pagos is not None
    pago = pagos.pagos[0]
    assert pago.doctos[0].equivalencia_dr == D("17.50")
    traslado = pago.traslados_p[0]
    assert (str(traslado.base_p), str(traslado.importe_p)) == ("17.241143", "2.758857")
    t = pagos.totales
    assert (t.monto_total_pagos, t.total_traslados_base_iva16) == (D("350.00"), D("301.72"))
    assert t.total_traslados_impuesto_iva16 == D("48.28")
    assert c.complementos[0].tag == PAGOS_TAG


def test_mxn_payment_writes_tipo_cambio_1_and_equivalencia_1():
    pago = find_pagos(build(PARCIALIDADES[0])).pagos[0]
    assert (pago.tipo_cambio_p, pago.doctos[0].equivalencia_dr) == (D(1), D(1))


def test_monto_defaults_to_the_amount_applied():
    assert find_pagos(build(PARCIALIDADES[2])).pagos[0].monto == D("410.00")


def test_withholdings_exempt_and_stated_amounts():
    taxes = {
        "TrasladosDR": [dict(IVA16, BaseDR="500.00", ImporteDR="80.00")],
        "RetencionesDR": [
            {"ImpuestoDR": "002", "TipoFactorDR": "Tasa", "TasaOCuotaDR": "0.106667"},
            {"ImpuestoDR": "001", "TipoFactorDR": "Tasa", "TasaOCuotaDR": "0.100000"},
        ],
    }
    exento = docto(1, "300.00", "300.00", IdDocumento="7F35D3B5-3651-5370-BC2C-14CDBE384CD7")
    exento["ImpuestosDR"] = {"TrasladosDR": [{"ImpuestoDR": "002", "TipoFactorDR": "Exento"}]}
    data = payment_input(docto(1, "953.33", "476.67", ImpuestosDR=taxes, ImpSaldoInsoluto="476.66"))
    data["Complemento"]["Pagos"]["Pago"][0]["DoctoRelacionado"].append(exento)
    data["Complemento"]["Pagos"]["Totales"] = {"MontoTotalPagos": "776.67"}
    _pago(data)["ImpuestosP"] = {"RetencionesP": [{"ImpuestoP": "002", "ImporteP": "53.330000"}]}
    sin_impuestos = docto(1, "10.00", "10.00", IdDocumento="8F35D3B5-3651-5370-BC2C-14CDBE384CD7")
    sin_impuestos.update(ObjetoImpDR="01", ImpuestosDR=None)
    _pago(data)["DoctoRelacionado"].append(sin_impuestos)
    data["Complemento"]["Pagos"]["Totales"]["MontoTotalPagos"] = "786.67"
    c = build(data)
    assert validate_rules(c) == []
    pagos = find_pagos(c)
    assert pagos is not None
    t = pagos.totales
    assert (t.total_retenciones_iva, t.total_retenciones_isr) == (D("53.33"), D("50.00"))
    assert t.total_traslados_base_iva_exento == D("300.00")
    assert [r.impuesto_p for r in pagos.pagos[0].retenciones_p] == ["001", "002"]
    assert parse_pagos(pagos_to_xml(pagos)) == pagos


def _as_invoice(data: dict) -> None:
    data.update(TipoDeComprobante="I", Moneda="MXN", Exportacion="01", Conceptos=[CONCEPTO])
    data["Receptor"]["UsoCFDI"] = "G03"


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (_as_invoice, "Complemento"),
        (lambda d: d.pop("Complemento"), "Complemento"),
        (lambda d: d.update(Complemento={}), "Complemento.Pagos"),
        (lambda d: d["Complemento"].update(Otro={}), "Complemento.Otro"),
        (lambda d: d["Complemento"].update(Pagos={"Pago": []}), "Complemento.Pagos.Pago"),
        (lambda d: d["Complemento"].update(Pagos={"Version": "1.0"}), "Complemento.Pagos.Version"),
        (lambda d: _pago(d).update(MonedaP="USD"), "TipoCambioP"),
        (lambda d: _pago(d).update(MonedaP="XXX"), "MonedaP"),
        (lambda d: _pago(d).update(FechaPago="24/11/2026"), "FechaPago"),
        (lambda d: _pago(d).update(Monto="399.99"), "Monto"),
        (lambda d: _pago(d).update(DoctoRelacionado=[]), "DoctoRelacionado"),
        (lambda d: _docto(d).update(ImpSaldoInsoluto="1.00"), "ImpSaldoInsoluto"),
        (lambda d: _docto(d).update(ImpPagado="0"), "ImpPagado"),
        (lambda d: _docto(d).update(ImpPagado="2000.00"), "ImpPagado"),
        (lambda d: _docto(d).update(NumParcialidad=0), "NumParcialidad"),
        (lambda d: _docto(d).update(MonedaDR="USD"), "EquivalenciaDR"),
        (lambda d: _docto(d).update(EquivalenciaDR="0"), "EquivalenciaDR"),
        (lambda d: _docto(d).update(ImpuestosDR={}), "ImpuestosDR"),
        (lambda d: _taxes(d)[0].update(ImporteDR="55.00"), "ImporteDR"),
        (lambda d: _taxes(d)[0].update(TipoFactorDR="Exento"), "TasaOCuotaDR"),
        (
            lambda d: _taxes(d).append({**IVA16, "ImpuestoDR": "003", "TasaOCuotaDR": "0.080000"}),
            "ImpuestosDR",
        ),
        (lambda d: _taxes(d)[0].update(TipoFactorDR="Cuota"), "ImpuestosDR"),
        (
            lambda d: d["Complemento"]["Pagos"].update(Totales={"MontoTotalPagos": "1.00"}),
            "MontoTotalPagos",
        ),
        (
            lambda d: _pago(d).update(
                ImpuestosP={
                    "TrasladosP": [
                        {
                            "ImpuestoP": "002",
                            "TipoFactorP": "Tasa",
                            "TasaOCuotaP": "0.16",
                            "BaseP": "1.00",
                        }
                    ]
                }
            ),
            "BaseP",
        ),
        (
            lambda d: _pago(d).update(
                ImpuestosP={
                    "TrasladosP": [
                        {"ImpuestoP": "003", "TipoFactorP": "Tasa", "TasaOCuotaP": "0.16"}
                    ]
                }
            ),
            "ImpuestoP",
        ),
        (
            lambda d: _pago(d).update(
                ImpuestosP={"RetencionesP": [{"ImpuestoP": "001", "ImporteP": "1.00"}]}
            ),
            "ImpuestoP",
        ),
    ],
)
def test_wrong_input_is_refused_with_its_path(change, where):
    data = copy.deepcopy(PARCIALIDADES[0])
    change(data)
    with pytest.raises(ComprobanteInputError) as error:
        build(data)
    assert where in error.value.path


def test_stated_computed_fields_that_agree_are_accepted():
    data = copy.deepcopy(PARCIALIDADES[0])
    _docto(data).update(ImpSaldoInsoluto="760.00")
    _taxes(data)[0].update(BaseDR="344.83", ImporteDR="55.17")
    _pago(data)["ImpuestosP"] = {"TrasladosP": [{"ImpuestoP": "002", "TipoFactorP": "Tasa",
        "TasaOCuotaP": "0.160000", "BaseP": "344.83", "ImporteP": "55.17"}]}  # fmt: skip
    data["Complemento"]["Pagos"]["Totales"] = {
        "MontoTotalPagos": "400.00",
        "TotalTrasladosBaseIVA16": "344.83",
        "TotalTrasladosImpuestoIVA16": "55.17",
    }
    assert build(data) == build(PARCIALIDADES[0])


def test_an_invoice_without_the_complement_has_no_pagos(invoice_input):
    assert find_pagos(build(invoice_input)) is None


def test_unreadable_complement_is_an_input_error():
    with pytest.raises(ComprobanteInputError):
        parse_pagos(b'<x:Otro xmlns:x="urn:x"/>')
    with pytest.raises(ComprobanteInputError, match="Totales"):
        parse_pagos(b'<p:Pagos xmlns:p="http://www.sat.gob.mx/Pagos20" Version="2.0"/>')
    xml = pagos_to_xml(find_pagos(build(PARCIALIDADES[0])))
    for old, new in ((b'Monto="400.00"', b'Monto="x"'), (b'Monto="400.00"', b""),
                     (b'NumParcialidad="1"', b'NumParcialidad="uno"'),
                     (b'FormaDePagoP="03"', b""),
                     (b"2026-11-24T12:00:00", b"24/11/2026")):  # fmt: skip
        with pytest.raises(ComprobanteInputError):
            parse_pagos(xml.replace(old, new, 1))


def _pago(data: dict) -> dict:
    return data["Complemento"]["Pagos"]["Pago"][0]


def _docto(data: dict) -> dict:
    return _pago(data)["DoctoRelacionado"][0]


def _taxes(data: dict) -> list:
    return _docto(data)["ImpuestosDR"]["TrasladosDR"]
