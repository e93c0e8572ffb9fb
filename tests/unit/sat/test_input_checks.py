"""What XML cannot carry is refused in the input; XSD paths are told as the input's paths."""

from __future__ import annotations

import pytest

from facturador.sat.build import build_comprobante
from facturador.sat.errors import ComprobanteInputError
from facturador.sat.sello import seal
from facturador.sat.validation.sealed import check_sealed_xml, input_path
from tests.unit.sat.conftest import FECHA


@pytest.mark.parametrize(
    ("xpath", "expected"),
    [
        ("/cfdi:Comprobante/@Serie", "Serie"),
        ("/cfdi:Comprobante/cfdi:Receptor/@Rfc", "Receptor.Rfc"),
        ("/cfdi:Comprobante/cfdi:Conceptos/cfdi:Concepto/@Descripcion",
         "Conceptos[0].Descripcion"),
        ("/cfdi:Comprobante/cfdi:Conceptos/cfdi:Concepto[3]/cfdi:Impuestos/cfdi:Traslados"
         "/cfdi:Traslado[2]/@Base", "Conceptos[2].Impuestos.Traslados[1].Base"),
        ("/cfdi:Comprobante/cfdi:CfdiRelacionados[2]/cfdi:CfdiRelacionado[4]/@UUID",
         "CfdiRelacionados[1].CfdiRelacionado[3].UUID"),
        ("/cfdi:Comprobante", "Comprobante"),
    ],
)  # fmt: skip
def test_input_path_names_the_field_of_the_json_input(xpath, expected):
    assert input_path(xpath) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [("a\x00b", "U+0000"), ("a\x1fb", "U+001F"), ("\ud800", "U+D800"), ("a\uffffb", "U+FFFF")],
)
def test_text_xml_cannot_carry_is_refused_naming_the_field(invoice_input, text, code):
    invoice_input["Receptor"]["Nombre"] = text
    with pytest.raises(ComprobanteInputError) as raised:
        build_comprobante(invoice_input, fecha=FECHA)
    assert raised.value.path == "Receptor.Nombre"
    assert code in raised.value.message


def test_tabs_and_newlines_are_still_accepted(invoice_input, credential):
    invoice_input["Conceptos"][0]["Descripcion"] = "Venta\tde\nlibros"
    check_sealed_xml(seal(build_comprobante(invoice_input, fecha=FECHA), credential).xml)


def test_a_key_with_a_control_character_is_refused(invoice_input):
    invoice_input["Receptor"]["Nom\x01bre"] = "X"
    with pytest.raises(ComprobanteInputError) as raised:
        build_comprobante(invoice_input, fecha=FECHA)
    assert "U+0001" in raised.value.message


def test_the_sealed_check_refuses_xml_that_is_not_well_formed():
    with pytest.raises(ComprobanteInputError) as raised:
        check_sealed_xml(b"<cfdi:Comprobante")
    assert raised.value.path == "Comprobante"
