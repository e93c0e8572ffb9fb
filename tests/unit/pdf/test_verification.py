"""SAT's verification URL (pac-protocols.md §4), demo detection and the TFD cadena."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

import pytest
from lxml import etree

from facturador.pdf import format_total_tt, is_demo_timbre, verification_url
from facturador.pdf.verification import tfd_cadena
from facturador.sat.cadena import tfd_cadena_xslt
from facturador.sat.comprobante import TimbreFiscalDigital
from facturador.sat.xml_reader import TFD_NS, parse_comprobante
from tests.unit.pdf.conftest import SAMPLE_FILES


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        ("123.45", "123.45"),
        ("0.123456", "0.123456"),
        ("0.1234561", "0.123456"),
        ("0.1234565", "0.123457"),
        ("1000.00000", "1000.0"),
        ("0", "0.0"),
        ("0.00", "0.0"),
        ("", "0.0"),
        ("1160.00", "1160.0"),
        ("3327.01", "3327.01"),
        ("999999999999999999.999999", "999999999999999999.999999"),
    ],
)
def test_tt_follows_phpcfdi_vectors(total: str, expected: str) -> None:
    assert format_total_tt(total) == expected
    if total:
        assert format_total_tt(Decimal(total)) == expected


def _sample(name: str) -> bytes:
    return next(p for p in SAMPLE_FILES if p.name == name).read_bytes()


def test_url_of_a_stamped_sample() -> None:
    c = parse_comprobante(_sample("cfdi40_ingreso_iva16_timbrado.xml"))
    assert c.sello is not None
    assert verification_url(c) == (
        "https://verificacfdi.facturaelectronica.sat.gob.mx/default.aspx"
        "?id=6F35D3B5-3651-5370-BC2C-14CDBE384CD7&re=EKU9003173C9&rr=MCI7306249Y1"
        f"&tt=3327.01&fe={c.sello[-8:]}"
    )


def test_url_parameters_in_order_and_rfc_ampersand_xml_escaped() -> None:
    c = parse_comprobante(_sample("cfdi40_ingreso_iva16_timbrado.xml"))
    c = dataclasses.replace(
        c,
        emisor=dataclasses.replace(c.emisor, rfc="Ñ&A010101AAA"),
        total=Decimal("1000.500000"),
        sello="abc/OAgdg==",
    )
    url = verification_url(c)
    assert "&re=Ñ&amp;A010101AAA&rr=MCI7306249Y1&tt=1000.5&fe=/OAgdg==" in url
    query = urlsplit(url).query
    assert [k for k, _ in parse_qsl(query.replace("&amp;", "%26"))] == [
        "id", "re", "rr", "tt", "fe"
    ]  # fmt: skip


def _timbre(**changes: str | None) -> TimbreFiscalDigital:
    base = TimbreFiscalDigital(
        version="1.1",
        uuid="6F35D3B5-3651-5370-BC2C-14CDBE384CD7",
        fecha_timbrado="2025-02-19T08:37:30",
        rfc_prov_certif="CVD110412TF6",
        sello_cfd="abc",
        no_certificado_sat="30001000000500003456",
        sello_sat="def",
    )
    return dataclasses.replace(base, **changes)


def test_demo_timbre_detection() -> None:
    assert is_demo_timbre(None)  # not stamped: no fiscal validity either
    assert not is_demo_timbre(_timbre())
    assert is_demo_timbre(_timbre(no_certificado_sat="99999000000000000001"))
    assert is_demo_timbre(_timbre(leyenda="Timbre de prueba, sin validez fiscal"))
    assert not is_demo_timbre(_timbre(leyenda="Leyenda normal"))


@pytest.mark.parametrize("path", [p for p in SAMPLE_FILES if "timbrado" in p.name], ids=str)
def test_tfd_cadena_equals_sat_xslt_and_stored_cadena(path) -> None:
    c = parse_comprobante(path.read_bytes())
    assert c.timbre is not None
    tfd = etree.fromstring(path.read_bytes()).find(f".//{{{TFD_NS}}}TimbreFiscalDigital")
    expected = tfd_cadena_xslt()(etree.ElementTree(etree.fromstring(etree.tostring(tfd))))
    assert tfd_cadena(c.timbre) == expected
    stored = path.with_suffix(".tfd_cadena.txt").read_text(encoding="utf-8")
    assert tfd_cadena(c.timbre) == stored.strip("\n")


def test_tfd_cadena_with_leyenda_and_spaces() -> None:
    cadena = tfd_cadena(_timbre(leyenda="  SIN   VALIDEZ FISCAL "))
    assert cadena == (
        "||1.1|6F35D3B5-3651-5370-BC2C-14CDBE384CD7|2025-02-19T08:37:30|CVD110412TF6|"
        "SIN VALIDEZ FISCAL|abc|30001000000500003456||"
    )
