"""Every computed amount, case by case, against hand-worked figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from facturador.sat.build import build_comprobante
from facturador.sat.errors import ComprobanteInputError
from tests.unit.sat.conftest import FECHA

D = Decimal


def _concept(valor="100.00", cantidad="1", traslados=(), retenciones=(), **extra):
    concept = {
        "ClaveProdServ": "01010101",
        "Cantidad": cantidad,
        "ClaveUnidad": "H87",
        "Descripcion": "Artículo",
        "ValorUnitario": valor,
        "ObjetoImp": "02",
        **extra,
    }
    taxes = {}
    if traslados:
        taxes["Traslados"] = [
            {"Impuesto": i, "TipoFactor": f, **({"TasaOCuota": t} if t else {})}
            for i, f, t in traslados
        ]
    if retenciones:
        taxes["Retenciones"] = [
            {"Impuesto": i, "TipoFactor": "Tasa", "TasaOCuota": t} for i, t in retenciones
        ]
    if taxes:
        concept["Impuestos"] = taxes
    return concept


def _build(invoice_input, *concepts, **fields):
    invoice_input["Conceptos"] = list(concepts)
    invoice_input.update(fields)
    return build_comprobante(invoice_input, fecha=FECHA)


IVA16 = ("002", "Tasa", "0.160000")


def test_iva_16_single_concept(invoice_input):
    c = build_comprobante(invoice_input, fecha=FECHA)
    assert (c.sub_total, c.total) == (D("1000.00"), D("1160.00"))
    assert c.impuestos.total_impuestos_trasladados == D("160.00")
    (traslado,) = c.impuestos.traslados
    assert (traslado.base, traslado.importe) == (D("1000.00"), D("160.00"))
    assert c.impuestos.total_impuestos_retenidos is None


def test_half_up_rounding_not_bankers(invoice_input):
    # 0.125 * 16 % = 0.02 exactly on a half: half-up gives 0.02; 1.5625 rounds 1.56 (half-even too)
    c = _build(invoice_input, _concept("0.125", traslados=[IVA16]))
    assert c.conceptos[0].importe == D("0.13")  # 0.125 -> 0.13 (half-to-even would give 0.12)
    assert c.conceptos[0].impuestos.traslados[0].importe == D("0.02")  # 0.13 x 0.16 = 0.0208


def test_taxes_are_computed_per_concept_then_summed(invoice_input):
    # Three lines of 0.03 x 16 % = 0.0048 -> 0.00 each: the document says 0.00, not 0.01.
    lines = [_concept("0.03", traslados=[IVA16]) for _ in range(3)]
    c = _build(invoice_input, *lines)
    assert c.impuestos.traslados[0].base == D("0.09")
    assert c.impuestos.total_impuestos_trasladados == D("0.00")
    assert c.total == D("0.09")


def test_iva_8_frontera_and_0_and_exento_grouped_apart(invoice_input):
    c = _build(
        invoice_input,
        _concept("100.00", traslados=[("002", "Tasa", "0.080000")]),
        _concept("50.00", traslados=[("002", "Tasa", "0.000000")]),
        _concept("25.00", traslados=[("002", "Exento", None)]),
        _concept("10.00", traslados=[("002", "Tasa", "0.080000")]),
    )
    groups = {(t.tipo_factor, t.tasa_o_cuota): t for t in c.impuestos.traslados}
    assert groups["Tasa", D("0.080000")].base == D("110.00")
    assert groups["Tasa", D("0.080000")].importe == D("8.80")
    assert groups["Tasa", D("0.000000")].importe == D("0.00")
    exento = groups["Exento", None]
    assert (exento.base, exento.importe) == (D("25.00"), None)
    assert c.impuestos.total_impuestos_trasladados == D("8.80")
    assert c.total == D("193.80")


def test_only_exento_has_no_total_trasladados(invoice_input):
    c = _build(invoice_input, _concept("100.00", traslados=[("002", "Exento", None)]))
    assert c.impuestos.total_impuestos_trasladados is None
    assert c.total == D("100.00")


def test_ieps_tasa_is_part_of_the_iva_base(invoice_input):
    # LIVA art. 12: IVA on (price + IEPS). 1000 + 26.5 % IEPS = 265; IVA 16 % of 1265 = 202.40
    c = _build(invoice_input, _concept("1000.00", traslados=[("003", "Tasa", "0.265000"), IVA16]))
    ieps, iva = c.conceptos[0].impuestos.traslados
    assert (ieps.base, ieps.importe) == (D("1000.00"), D("265.00"))
    assert (iva.base, iva.importe) == (D("1265.00"), D("202.40"))
    assert c.total == D("1467.40")


def test_ieps_cuota_uses_quantity_as_base(invoice_input):
    # 12 liters at 6.4555 per liter of IEPS cuota; IVA base includes the IEPS.
    c = _build(
        invoice_input,
        _concept("20.00", cantidad="12", traslados=[("003", "Cuota", "6.455500"), IVA16]),
    )
    ieps, iva = c.conceptos[0].impuestos.traslados
    assert (ieps.base, ieps.importe) == (D("12"), D("77.47"))  # 12 x 6.4555 = 77.466
    assert iva.base == D("317.47")
    assert iva.importe == D("50.80")  # 317.47 x 0.16 = 50.7952


def test_retenciones_isr_10_and_two_thirds_of_iva(invoice_input):
    c = _build(
        invoice_input,
        _concept(
            "1250.30",
            traslados=[IVA16],
            retenciones=[("001", "0.100000"), ("002", "0.106667")],
        ),
    )
    # SAT's own sample (cfdi40_ingreso_retenciones_timbrado.xml) has exactly these figures.
    assert c.impuestos.total_impuestos_trasladados == D("200.05")
    assert [r.importe for r in c.impuestos.retenciones] == [D("125.03"), D("133.37")]
    assert c.impuestos.total_impuestos_retenidos == D("258.40")
    assert c.total == D("1191.95")


def test_resico_isr_1_25(invoice_input):
    c = _build(
        invoice_input, _concept("10000.00", traslados=[IVA16], retenciones=[("001", "0.012500")])
    )
    assert c.impuestos.retenciones[0].importe == D("125.00")
    assert c.total == D("11475.00")


def test_descuento_reduces_the_base(invoice_input):
    c = _build(invoice_input, _concept("1000.00", traslados=[IVA16], Descuento="100.00"))
    assert (c.sub_total, c.descuento) == (D("1000.00"), D("100.00"))
    assert c.impuestos.traslados[0].base == D("900.00")
    assert c.total == D("1044.00")


def test_objeto_imp_01_has_no_taxes(invoice_input):
    c = _build(invoice_input, _concept("100.00", ObjetoImp="01"))
    assert c.impuestos is None
    assert c.total == D("100.00")


def test_zero_decimal_currency(invoice_input):
    c = _build(
        invoice_input, _concept("1234.50", traslados=[IVA16]), Moneda="JPY", TipoCambio="0.1234"
    )
    assert c.sub_total == D("1235")  # JPY has no decimals in c_Moneda
    assert c.impuestos.traslados[0].importe == D("198")  # 1235 x 0.16 = 197.6
    assert c.total == D("1433")


def test_four_decimal_currency(invoice_input):
    c = _build(invoice_input, _concept("10.12345", traslados=[IVA16]), Moneda="CLF")
    assert c.sub_total == D("10.1235")


def test_usd_keeps_tipo_cambio(invoice_input):
    c = _build(
        invoice_input, _concept("99.99", traslados=[IVA16]), Moneda="USD", TipoCambio="17.2345"
    )
    assert c.tipo_cambio == D("17.2345")
    assert c.total == D("115.99")


def test_traslado_type_has_zero_totals(invoice_input):
    invoice_input.pop("FormaPago")
    invoice_input.pop("MetodoPago")
    c = _build(invoice_input, _concept("1500.00", ObjetoImp="01"), TipoDeComprobante="T")
    assert (c.sub_total, c.total, c.impuestos) == (D(0), D(0), None)
    assert c.conceptos[0].importe == D("1500.00")


@pytest.mark.parametrize(
    ("field", "value"),
    [("SubTotal", "999.99"), ("Total", "1160.01"), ("Descuento", "1.00")],
)
def test_stated_document_amount_that_disagrees_is_an_error(invoice_input, field, value):
    invoice_input[field] = value
    with pytest.raises(ComprobanteInputError) as error:
        build_comprobante(invoice_input, fecha=FECHA)
    assert error.value.path == field
    assert "no coincide con el cálculo" in error.value.message


def test_stated_amounts_that_agree_are_accepted(invoice_input):
    invoice_input.update({"SubTotal": "1000", "Total": "1160.00"})
    invoice_input["Conceptos"][0]["Importe"] = "1000.00"
    invoice_input["Conceptos"][0]["Impuestos"]["Traslados"][0].update(
        {"Base": "1000.00", "Importe": "160.00"}
    )
    invoice_input["Impuestos"] = {
        "TotalImpuestosTrasladados": "160.00",
        "Traslados": [
            {"Base": "1000.00", "Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.16",
             "Importe": "160.00"}
        ],
    }  # fmt: skip
    assert build_comprobante(invoice_input, fecha=FECHA).total == D("1160.00")


def test_stated_tax_importe_that_disagrees_names_its_path(invoice_input):
    invoice_input["Conceptos"][0]["Impuestos"]["Traslados"][0]["Importe"] = "160.01"
    with pytest.raises(ComprobanteInputError) as error:
        build_comprobante(invoice_input, fecha=FECHA)
    assert error.value.path == "Conceptos[0].Impuestos.Traslados[0].Importe"


def test_float_amounts_are_refused(invoice_input):
    invoice_input["Conceptos"][0]["ValorUnitario"] = 500.1
    with pytest.raises(ComprobanteInputError, match="como texto"):
        build_comprobante(invoice_input, fecha=FECHA)


@pytest.mark.parametrize(
    ("mutate", "path"),
    [
        (lambda d: d.update(Descuentos="1"), "Descuentos"),
        (lambda d: d.pop("Emisor"), "Emisor"),
        (lambda d: d.update(Moneda="PESOS"), "Moneda"),
        (lambda d: d["Conceptos"][0].update(Cantidad="dos"), "Conceptos[0].Cantidad"),
        (lambda d: d["Conceptos"][0].update(Descuento="1000.01"), "Conceptos[0].Descuento"),
        (
            lambda d: d["Conceptos"][0].update(ValorUnitario="1.1234567"),
            "Conceptos[0].ValorUnitario",
        ),
        (lambda d: d.update(Conceptos=[]), "Conceptos"),
        (lambda d: d.update(Fecha="25/11/2026"), "Fecha"),
    ],
)
def test_bad_input_names_the_field(invoice_input, mutate, path):
    mutate(invoice_input)
    with pytest.raises(ComprobanteInputError) as error:
        build_comprobante(invoice_input, fecha=FECHA if path != "Fecha" else None)
    assert error.value.path.startswith(path)
