"""One test per covered SAT rule: a valid invoice broken in exactly that way, sealed again.

Each case names the SAT code (or ours) and a change to a valid Comprobante; the sealed XML is
run through `validate_xml` (XSD, rules, sello) and must report that code. The unchanged
documents must be valid, so any code reported comes from the change.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from facturador.sat.comprobante import (
    ACuentaTerceros,
    CfdiRelacionados,
    Comprobante,
    Impuestos,
    InformacionGlobal,
    Parte,
    RawXml,
    Receptor,
)
from facturador.sat.validation import validate_rules, validate_xml
from tests.unit.sat.validation.conftest import replace, replace_concepto

PARTE = Parte(clave_prod_serv="01010101", cantidad=D("1"), descripcion="Pieza",
              valor_unitario=D("10.00"), importe=D("10.00"))  # fmt: skip
UUID = "6F35D3B5-3651-5370-BC2C-14CDBE384CD7"
EXTRANJERO = Receptor(
    rfc="XEXX010101000",
    nombre="CLIENTE EXTRANJERO",
    domicilio_fiscal_receptor="42501",
    regimen_fiscal_receptor="616",
    uso_cfdi="S01",
    residencia_fiscal="USA",
    num_reg_id_trib="123456789",
)


def _receptor(c: Comprobante, **kw) -> Comprobante:
    return replace(c, receptor=replace(c.receptor, **kw))


def _emisor(c: Comprobante, **kw) -> Comprobante:
    return replace(c, emisor=replace(c.emisor, **kw))


def _global(c: Comprobante, **kw) -> Comprobante:
    return replace(c, informacion_global=replace(c.informacion_global, **kw))


def _traslado(c: Comprobante, index: int = 0, **kw) -> Comprobante:
    i = c.conceptos[index].impuestos
    t = replace(i.traslados[0], **kw)
    return replace_concepto(c, index, impuestos=replace(i, traslados=(t,)))


def _retencion(c: Comprobante, **kw) -> Comprobante:
    i = c.conceptos[1].impuestos
    r = replace(i.retenciones[0], **kw)
    return replace_concepto(c, 1, impuestos=replace(i, retenciones=(r,)))


def _doc_taxes(c: Comprobante, **kw) -> Comprobante:
    return replace(c, impuestos=replace(c.impuestos, **kw))


def _doc_traslado(c: Comprobante, **kw) -> Comprobante:
    t = replace(c.impuestos.traslados[0], **kw)
    return _doc_taxes(c, traslados=(t,))


def _doc_retencion(c: Comprobante, **kw) -> Comprobante:
    r = replace(c.impuestos.retenciones[0], **kw)
    return _doc_taxes(c, retenciones=(r,))


def _terceros(c: Comprobante, rfc: str = "CACX7605101P8", regimen: str = "612") -> Comprobante:
    t3 = ACuentaTerceros(rfc_a_cuenta_terceros=rfc, nombre_a_cuenta_terceros="TERCERO",
                         regimen_fiscal_a_cuenta_terceros=regimen,
                         domicilio_fiscal_a_cuenta_terceros="36257")  # fmt: skip
    return replace_concepto(c, a_cuenta_terceros=t3)


PEDIMENTO = "23  47  3807  8003832"
CCE_NS = "http://www.sat.gob.mx/ComercioExterior20"
COMERCIO_EXTERIOR = RawXml(
    xml=f'<cce20:ComercioExterior xmlns:cce20="{CCE_NS}" Version="2.0"/>'.encode(),
    tag=f"{{{CCE_NS}}}ComercioExterior",
)


def _con_comercio_exterior(c: Comprobante, **kw) -> Comprobante:
    return replace_concepto(replace(c, complementos=(COMERCIO_EXTERIOR,)), **kw)


def _parte(c: Comprobante, **kw) -> Comprobante:
    return replace_concepto(c, partes=(replace(PARTE, **kw),))


CASES = {
    # 7.1 Comprobante
    "CFDI40103": ("I", lambda c: replace(c, tipo_de_comprobante="T")),
    "CFDI40104": ("I", lambda c: replace(c, forma_pago="77")),
    "CFDI40105": ("I", lambda c: replace(c, metodo_pago="PPD")),
    "CFDI40107": ("I", lambda c: replace(c, sub_total=c.sub_total + D("0.001"))),
    "CFDI40108": ("I", lambda c: replace(c, sub_total=c.sub_total + 1, total=c.total + 1)),
    "CFDI40109": ("I", lambda c: replace(c, tipo_de_comprobante="T", forma_pago=None,
                                         metodo_pago=None, impuestos=None)),
    "CFDI40110": ("I", lambda c: replace(c, descuento=c.sub_total + 1)),
    "CFDI40111": ("I", lambda c: replace_concepto(replace(c, tipo_de_comprobante="T"),
                                                  descuento=D("1.00"))),
    "CFDI40112": ("I", lambda c: replace(c, descuento=D("0.001"))),
    "CFDI40113": ("I", lambda c: replace(c, moneda="ZZZ")),
    "CFDI40114": ("I", lambda c: replace(c, tipo_cambio=D("2"))),
    "CFDI40115": ("I", lambda c: replace(c, moneda="USD")),
    "CFDI40116": ("I", lambda c: replace(c, moneda="XXX", tipo_cambio=D("1"))),
    "CFDI40117": ("I", lambda c: replace(c, moneda="USD", tipo_cambio=D("17.1234567"))),
    "CFDI40119": ("I", lambda c: replace(c, total=c.total + D("0.01"))),
    "CFDI40120": ("I", lambda c: replace(c, tipo_de_comprobante="T", total=D("1"))),
    "CFDI40121": ("I", lambda c: replace(c, tipo_de_comprobante="Z")),
    "CFDI40122": ("I", lambda c: replace(c, exportacion="02")),
    "CFDI40123": ("I", lambda c: replace(c, exportacion="09")),
    "CFDI40124": ("I", lambda c: replace(c, metodo_pago="PPX")),
    "CFDI40125": ("I", lambda c: replace(c, tipo_de_comprobante="T", forma_pago=None)),
    "CFDI40126": ("I", lambda c: replace(c, lugar_expedicion="00001")),
    "CFDI40130": ("I", lambda c: replace(c, informacion_global=InformacionGlobal(
        periodicidad="01", meses="11", anio="2026"))),
    "CFDI40131": ("G", lambda c: _global(c, periodicidad="09")),
    "CFDI40132": ("G", lambda c: _global(c, periodicidad="05", meses="13")),
    "CFDI40133": ("G", lambda c: _global(c, meses="99")),
    "CFDI40134": ("G", lambda c: _global(c, meses="13")),
    "CFDI40135": ("G", lambda c: _global(c, periodicidad="05", meses="01")),
    "CFDI40136": ("G", lambda c: _global(c, anio="2020")),
    "CFDI40137": ("I", lambda c: replace(c, cfdi_relacionados=(
        CfdiRelacionados(tipo_relacion="99", uuids=(UUID,)),))),
    # 7.2 Emisor / Receptor
    "CFDI40138": ("I", lambda c: _emisor(c, nombre="OTRA EMPRESA")),
    "CFDI40140": ("I", lambda c: _emisor(c, regimen_fiscal="999")),
    "CFDI40141": ("I", lambda c: _emisor(c, regimen_fiscal="612")),
    "CFDI40149": ("G", lambda c: _receptor(c, domicilio_fiscal_receptor="01000")),
    "CFDI40150": ("I", lambda c: replace(c, receptor=replace(EXTRANJERO, residencia_fiscal="QQQ"))),
    "CFDI40151": ("I", lambda c: _receptor(c, residencia_fiscal="USA")),
    "CFDI40152": ("I", lambda c: replace(c, receptor=replace(EXTRANJERO, residencia_fiscal="MEX"))),
    "CFDI40153": ("I", lambda c: replace(c, receptor=replace(EXTRANJERO, residencia_fiscal=None))),
    "CFDI40154": ("I", lambda c: _receptor(c, num_reg_id_trib="123456789")),
    "CFDI40156": ("I", lambda c: replace(c, receptor=replace(EXTRANJERO, num_reg_id_trib="12AB"))),
    "CFDI40157": ("I", lambda c: _receptor(c, regimen_fiscal_receptor="999")),
    "CFDI40158": ("I", lambda c: _receptor(c, regimen_fiscal_receptor="601")),
    "CFDI40159": ("G", lambda c: _receptor(c, regimen_fiscal_receptor="612")),
    "CFDI40160": ("I", lambda c: _receptor(c, uso_cfdi="Z99")),
    "CFDI40161": ("I", lambda c: _receptor(c, regimen_fiscal_receptor="605")),
    # 7.3 Conceptos
    "CFDI40162": ("I", lambda c: replace_concepto(c, clave_prod_serv="99999999")),
    "CFDI40165": ("I", lambda c: replace_concepto(c, clave_unidad="ZZZ")),
    "CFDI40166": ("I", lambda c: replace_concepto(c, valor_unitario=D("0"))),
    "CFDI40167": ("I", lambda c: replace_concepto(c, importe=D("300.00"))),
    "CFDI40168": ("I", lambda c: replace_concepto(c, descuento=D("1.001"))),
    "CFDI40169": ("I", lambda c: replace_concepto(c, descuento=D("300.00"))),
    "CFDI40170": ("I", lambda c: replace_concepto(c, objeto_imp="99")),
    "CFDI40171": ("I", lambda c: replace_concepto(c, impuestos=None)),
    "CFDI40172": ("I", lambda c: replace_concepto(c, objeto_imp="01")),
    "CFDI40173": ("I", lambda c: replace_concepto(c, impuestos=Impuestos())),
    "CFDI40174": ("I", lambda c: _traslado(c, base=D("0"))),
    "CFDI40175": ("I", lambda c: _traslado(c, impuesto="009")),
    "CFDI40176": ("I", lambda c: _traslado(c, tipo_factor="Otro")),
    "CFDI40177": ("I", lambda c: _traslado(c, tipo_factor="Exento")),
    "CFDI40178": ("I", lambda c: _traslado(c, importe=None)),
    "CFDI40179": ("I", lambda c: _traslado(c, tasa_o_cuota=D("0.170000"))),
    "CFDI40180": ("I", lambda c: _traslado(c, importe=D("33.00"))),
    "CFDI40181": ("I", lambda c: _retencion(c, base=D("0"))),
    "CFDI40182": ("I", lambda c: _retencion(c, impuesto="009")),
    "CFDI40183": ("I", lambda c: _retencion(c, tipo_factor="Otro")),
    "CFDI40184": ("I", lambda c: _retencion(c, tipo_factor="Exento")),
    "CFDI40185": ("I", lambda c: _retencion(c, tasa_o_cuota=D("0.400000"))),
    "CFDI40186": ("I", lambda c: _retencion(c, importe=D("60.00"))),
    "CFDI40188": ("I", lambda c: _terceros(c, rfc="EKU9003173C9")),
    "CFDI40191": ("I", lambda c: _terceros(c, regimen="999")),
    "CFDI40194": ("I", lambda c: replace_concepto(c, informacion_aduanera=("123",))),
    "CFDI40195": ("I", lambda c: _con_comercio_exterior(c, informacion_aduanera=(PEDIMENTO,))),
    "CFDI40196": ("I", lambda c: _parte(c, clave_prod_serv="99999999")),
    "CFDI40197": ("I", lambda c: _parte(c, valor_unitario=D("0"), importe=D("0"))),
    "CFDI40198": ("I", lambda c: _parte(c, importe=D("20.00"))),
    "CFDI40199": ("I", lambda c: _parte(c, informacion_aduanera=("123",))),
    "CFDI40200": ("I", lambda c: _con_comercio_exterior(
        c, partes=(replace(PARTE, informacion_aduanera=(PEDIMENTO,)),))),
    # 7.4 Impuestos
    "CFDI40201": ("I", lambda c: replace(c, tipo_de_comprobante="T", forma_pago=None,
                                         metodo_pago=None)),
    "CFDI40202": ("I", lambda c: _doc_taxes(c, total_impuestos_retenidos=D("50.001"))),
    "CFDI40203": ("I", lambda c: _doc_taxes(c, total_impuestos_retenidos=D("51.00"))),
    "CFDI40204": ("I", lambda c: _doc_taxes(c, total_impuestos_trasladados=D("111.999"))),
    "CFDI40205": ("I", lambda c: _doc_taxes(c, total_impuestos_trasladados=D("1.00"))),
    "CFDI40206": ("I", lambda c: _doc_taxes(c, total_impuestos_retenidos=None)),
    "CFDI40207": ("I", lambda c: _doc_retencion(c, impuesto="009")),
    "CFDI40208": ("I", lambda c: _doc_taxes(c, retenciones=c.impuestos.retenciones * 2)),
    "CFDI40210": ("I", lambda c: _doc_retencion(c, importe=D("50.001"))),
    "CFDI40211": ("I", lambda c: _doc_retencion(c, importe=D("51.00"))),
    "CFDI40212": ("I", lambda c: _doc_taxes(c, total_impuestos_trasladados=None)),
    "CFDI40214": ("I", lambda c: _doc_traslado(c, base=D("699.995"))),
    "CFDI40215": ("I", lambda c: _doc_traslado(c, base=D("600.00"))),
    "CFDI40217": ("I", lambda c: _doc_traslado(c, impuesto="009")),
    "CFDI40218": ("I", lambda c: _doc_taxes(c, traslados=c.impuestos.traslados * 2)),
    "CFDI40219": ("I", lambda c: _doc_traslado(c, tasa_o_cuota=D("0.170000"))),
    "CFDI40220": ("I", lambda c: _doc_traslado(c, importe=D("111.999"))),
    "CFDI40221": ("I", lambda c: _doc_traslado(c, importe=D("1.00"))),
    "DESCUENTO01": ("I", lambda c: replace(c, descuento=D("1.00"))),
}  # fmt: skip


def test_the_unchanged_documents_are_valid(invoice, global_invoice, sealed):
    for document in (invoice, global_invoice):
        report = validate_xml(sealed(document))
        assert report.errores == ()
        assert report.valido
        assert report.sello_valido is True
        assert report.timbre_valido is None


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_rule_reports_its_code(code, invoice, global_invoice, sealed):
    base, change = CASES[code]
    broken = change(invoice if base == "I" else global_invoice)
    report = validate_xml(sealed(broken))
    codes = [f.codigo for f in report.errores]
    assert code in codes, report.errores
    assert report.sello_valido is True  # re-sealed: only the rule is broken
    for finding in report.errores:
        assert finding.mensaje
        assert finding.ruta.startswith("/cfdi:Comprobante")
    if code != "CFDI40138":  # needs the Certificado: only after sealing
        assert code in {f.codigo for f in validate_rules(broken)}


def test_all_findings_are_returned_not_just_the_first(invoice, sealed):
    broken = replace(_emisor(invoice, regimen_fiscal="999"), forma_pago="77", moneda="USD")
    codes = {f.codigo for f in validate_xml(sealed(broken)).errores}
    assert {"CFDI40104", "CFDI40115", "CFDI40140"} <= codes


def test_findings_point_at_the_attribute(invoice, sealed):
    broken = replace_concepto(invoice, 1, importe=D("600.00"))
    (finding,) = [f for f in validate_xml(sealed(broken)).errores if f.codigo == "CFDI40167"]
    assert finding.ruta == "/cfdi:Comprobante/cfdi:Conceptos/cfdi:Concepto[2]/@Importe"
    assert "600.00" in finding.mensaje
    assert "483.32 a 516.67" in finding.mensaje


def test_an_xsd_finding_is_dropped_when_a_sat_code_says_the_same(invoice, sealed):
    report = validate_xml(sealed(replace(invoice, forma_pago="77")))
    assert [f.codigo for f in report.errores] == ["CFDI40104"]


def test_importe_limits_accept_sat_rounding(invoice, sealed):
    # 1.5 × 333.33 = 499.995: both 499.99 and 500.00 are within SAT's limits
    for importe in (D("499.99"), D("500.00"), D("499.995")):
        broken = replace_concepto(invoice, 1, importe=importe)
        codes = {f.codigo for f in validate_rules(broken)}
        assert "CFDI40167" not in codes


def _sin_global(c: Comprobante, **receptor) -> Comprobante:
    return replace(c, informacion_global=None, receptor=replace(c.receptor, **receptor))


def test_an_ingreso_to_publico_en_general_without_informacion_global_is_not_valid(
    global_invoice, sealed
):
    report = validate_xml(sealed(_sin_global(global_invoice)))
    assert not report.valido
    (finding,) = [f for f in report.errores if f.codigo == "CFDI40130"]
    assert finding.ruta == "/cfdi:Comprobante/cfdi:InformacionGlobal"
    assert "InformacionGlobal" in finding.mensaje
    assert "Periodicidad" in finding.mensaje


def test_xaxx_with_the_customers_own_name_needs_no_informacion_global(global_invoice, sealed):
    # A sale to the público en general with a named customer: not a CFDI global.
    report = validate_xml(sealed(_sin_global(global_invoice, nombre="JUAN PEREZ LOPEZ")))
    assert report.errores == ()
    assert report.valido


def test_informacion_global_is_required_of_ingresos_only(global_invoice):
    egreso = replace(_sin_global(global_invoice), tipo_de_comprobante="E")
    assert "CFDI40130" not in {f.codigo for f in validate_rules(egreso)}
    assert "CFDI40130" in {f.codigo for f in validate_rules(_sin_global(global_invoice))}


@pytest.mark.parametrize(
    ("residencia", "numero", "expected"),
    [
        (None, None, {"CFDI40153", "CFDI40155"}),
        ("USA", None, {"CFDI40155"}),
        (None, "123456789", {"CFDI40153"}),
        ("USA", "123456789", set()),
    ],
)
def test_with_comercio_exterior_a_foreign_receptor_needs_both_ids(
    invoice, sealed, residencia, numero, expected
):
    receptor = replace(EXTRANJERO, residencia_fiscal=residencia, num_reg_id_trib=numero)
    document = replace(invoice, receptor=receptor, complementos=(COMERCIO_EXTERIOR,))
    codes = {f.codigo for f in validate_xml(sealed(document)).errores}
    assert codes & {"CFDI40153", "CFDI40155"} == expected
    assert {f.codigo for f in validate_rules(document)} & {"CFDI40153", "CFDI40155"} == expected


def test_without_comercio_exterior_a_foreign_receptor_may_omit_both_ids(invoice):
    receptor = replace(EXTRANJERO, residencia_fiscal=None, num_reg_id_trib=None)
    codes = {f.codigo for f in validate_rules(replace(invoice, receptor=receptor))}
    assert not codes & {"CFDI40150", "CFDI40153", "CFDI40155", "CFDI40156"}
