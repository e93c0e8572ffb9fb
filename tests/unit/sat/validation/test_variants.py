"""Valid variants (Exento, foreign currency, impuestos locales, unsealed) and rule variants."""

from __future__ import annotations

import copy
from decimal import Decimal as D

from facturador.sat.comprobante import RawXml
from facturador.sat.validation import validate_rules, validate_xml
from facturador.sat.xml_writer import to_xml
from tests.unit.sat.validation.conftest import GLOBAL, INVOICE, build, replace

IMPLOCAL_NS = "http://www.sat.gob.mx/implocal"


def _codes(report) -> set[str]:
    return {f.codigo for f in report.errores}


def test_exento_and_foreign_currency_are_valid(sealed):
    data = copy.deepcopy(INVOICE)
    data["Moneda"] = "USD"
    data["TipoCambio"] = "17.2512"
    data["Conceptos"][0]["Impuestos"]["Traslados"] = [{"Impuesto": "002", "TipoFactor": "Exento"}]
    report = validate_xml(sealed(build(data)))
    assert report.errores == ()


def test_impuestos_locales_count_in_the_total(invoice, sealed):
    implocal = (
        f'<implocal:ImpuestosLocales xmlns:implocal="{IMPLOCAL_NS}" version="1.0"'
        ' TotaldeRetenciones="0.00" TotaldeTraslados="14.00">'
        '<implocal:TrasladosLocales ImpLocTrasladado="ISH" TasadeTraslado="2.00" Importe="14.00"/>'
        "</implocal:ImpuestosLocales>"
    ).encode()
    raw = RawXml(xml=implocal, tag=f"{{{IMPLOCAL_NS}}}ImpuestosLocales")
    with_local = replace(invoice, complementos=(raw,), total=invoice.total + D("14.00"))
    assert validate_xml(sealed(with_local)).errores == ()
    without = replace(with_local, total=invoice.total)
    assert "CFDI40119" in _codes(validate_xml(sealed(without)))


def test_unsealed_document_has_a_sello_that_does_not_verify(invoice):
    report = validate_xml(to_xml(invoice))
    assert report.sello_valido is False
    assert "SELLO03" in {f.codigo for f in report.errores}
    assert report.timbre_valido is None
    assert not report.valido  # the schema requires Sello, NoCertificado and Certificado


def test_generic_rfc_needs_uso_s01(global_invoice):
    broken = replace(global_invoice, receptor=replace(global_invoice.receptor, uso_cfdi="G03"))
    messages = [f.mensaje for f in validate_rules(broken) if f.codigo == "CFDI40161"]
    assert any("debe ser S01" in m for m in messages)


def test_uso_cfdi_for_the_other_person_type(invoice):
    receptor = replace(invoice.receptor, rfc="EKU9003173C9", regimen_fiscal_receptor="601",
                       uso_cfdi="D01")  # fmt: skip
    findings = [f for f in validate_rules(replace(invoice, receptor=receptor))]
    assert [f.codigo for f in findings] == ["CFDI40161"]
    assert "persona moral" in findings[0].mensaje


def test_global_input_example_of_the_architecture_is_valid(sealed):
    data = copy.deepcopy(GLOBAL)
    data["Conceptos"] = data["Conceptos"][:1]
    assert validate_xml(sealed(build(data))).errores == ()


def test_sello_sat_not_base64(shared_sat):
    data = (shared_sat / "samples" / "cfdi40_ingreso_iva16_timbrado.xml").read_bytes()
    start = data.index(b'SelloSAT="') + len(b'SelloSAT="')
    tampered = data[:start] + b"%" + data[start + 1 :]
    report = validate_xml(tampered)
    assert [f.codigo for f in report.errores] == ["TFD02"]


def test_clave_prod_serv_listed_only_by_sat_xsd_is_accepted(invoice):
    from facturador.sat.validation.xsd import xsd_only_claves

    assert "46111500" in xsd_only_claves("c_ClaveProdServ")
    assert xsd_only_claves("c_Nada") == frozenset()
    from tests.unit.sat.validation.conftest import replace_concepto

    codes = {
        f.codigo for f in validate_rules(replace_concepto(invoice, clave_prod_serv="46111500"))
    }
    assert "CFDI40162" not in codes
