import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facturador.sat.errors import RfcError
from facturador.sat.rfc import (
    RFC_EXTRANJERO,
    RFC_PUBLICO_GENERAL,
    Rfc,
    compute_check_digit,
    is_valid_rfc,
    normalize_rfc,
)

# Real RFCs: SAT test certificates, PACs, SAT itself and the issuers of the samples.
REAL_RFCS_WITH_GOOD_DIGIT = [
    "EKU9003173C9",
    "CACX7605101P8",
    "XIA190128J61",
    "ISD950921HE5",
    "SAT970701NN3",
    "CVD110412TF6",
    "FIN1203015JA",
    "SPR190613I52",
    "COSC8001137NA",
    "ICV060329BY0",
]
# Receptor of a stamped sample (Municipio de Cuautitlán Izcalli): SAT-issued, bad digit.
REAL_RFC_WITH_BAD_DIGIT = "MCI7306249Y1"

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZÑ&"
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


@pytest.mark.parametrize("text", REAL_RFCS_WITH_GOOD_DIGIT)
def test_real_rfcs_satisfy_the_check_digit(text):
    rfc = Rfc.parse(text, strict_check_digit=True)
    assert rfc.value == text
    assert rfc.check_digit_ok


def test_sample_rfcs_parse(shared_sat: Path):
    found = set()
    for xml in (shared_sat / "samples").glob("*.xml"):
        found |= set(re.findall(r'\bRfc="([^"]+)"', xml.read_text(encoding="utf-8")))
    assert REAL_RFC_WITH_BAD_DIGIT in found
    for text in found:
        assert Rfc.parse(text).value == text


def test_real_rfc_with_wrong_check_digit_is_accepted_by_default_only():
    rfc = Rfc.parse(REAL_RFC_WITH_BAD_DIGIT)
    assert not rfc.check_digit_ok
    with pytest.raises(RfcError) as caught:
        Rfc.parse(REAL_RFC_WITH_BAD_DIGIT, strict_check_digit=True)
    assert caught.value.reason == "digito_verificador"
    assert "dígito verificador" in caught.value.message


@pytest.mark.parametrize("text", [RFC_PUBLICO_GENERAL, RFC_EXTRANJERO])
def test_generic_rfcs_are_always_accepted(text):
    rfc = Rfc.parse(text, strict_check_digit=True)
    assert rfc.is_generic
    assert rfc.check_digit_ok
    assert rfc.is_persona_fisica


def test_kinds_of_persona():
    moral, fisica = Rfc.parse("EKU9003173C9"), Rfc.parse("CACX7605101P8")
    assert moral.is_persona_moral
    assert not moral.is_persona_fisica
    assert fisica.is_persona_fisica
    assert not fisica.is_persona_moral
    assert not moral.is_generic
    assert str(moral) == "EKU9003173C9"


@pytest.mark.parametrize(
    ("text", "reason", "fragment"),
    [
        ("", "vacio", "vacío"),
        ("   ", "vacio", "vacío"),
        ("ABC", "longitud", "tiene 3"),
        ("EKU9003173C9X9", "longitud", "tiene 14"),
        ("E1U9003173C9", "letras", "3 letras"),
        ("CAC17605101P8", "letras", "4 letras"),
        ("EKU9013173C9", "fecha", "«901317»"),
        ("EKU900230AC9", "fecha", "AAMMDD"),
        ("EKUA003173C9", "fecha", "«A00317»"),
        ("EKU90031X3C9", "fecha", "AAMMDD"),
        ("EKU9003173-9", "homoclave", "«3-9»"),
    ],
)
def test_reason_codes_and_messages(text, reason, fragment):
    with pytest.raises(RfcError) as caught:
        Rfc.parse(text)
    assert caught.value.reason == reason
    assert fragment in caught.value.message
    assert not is_valid_rfc(text)


def test_length_message_is_the_documented_one():
    assert RfcError("ABC", "longitud").message == (
        "El RFC «ABC» debe tener 12 caracteres (persona moral) o 13 (persona física); tiene 3."
    )
    assert "no es válido" in RfcError("X", "otra").message


def test_february_29_of_a_leap_year_is_a_date():
    assert is_valid_rfc("ABC000229AB1")
    assert not is_valid_rfc("ABC010229AB1")


def test_constructor_validates_too():
    with pytest.raises(RfcError):
        Rfc("nope")


def test_compute_check_digit_rejects_wrong_length():
    with pytest.raises(ValueError, match="11 or 12"):
        compute_check_digit("ABC")
    assert compute_check_digit("FIN1203015J") == "A"
    assert compute_check_digit("ICV060329BY") == "0"


@st.composite
def valid_rfcs(draw):
    letters = draw(st.text(alphabet=LETTERS, min_size=3, max_size=4))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
    homoclave = draw(st.text(alphabet=ALNUM, min_size=2, max_size=2))
    base = f"{letters}{born:%y%m%d}{homoclave}"
    return base + compute_check_digit(base)


@given(valid_rfcs())
def test_rfc_built_from_valid_parts_parses(text):
    rfc = Rfc.parse(text, strict_check_digit=True)
    assert rfc.check_digit_ok
    assert rfc.is_persona_moral == (len(text) == 12)


@given(valid_rfcs(), st.sampled_from(["month", "day"]), st.data())
def test_impossible_date_fails_with_fecha(text, part, data):
    start = len(text) - 9
    if part == "month":  # months 20-99 do not exist
        position, digit = start + 2, data.draw(st.sampled_from("23456789"))
    else:  # days 40-99 do not exist
        position, digit = start + 4, data.draw(st.sampled_from("456789"))
    mutated = text[:position] + digit + text[position + 1 :]
    with pytest.raises(RfcError) as caught:
        Rfc.parse(mutated)
    assert caught.value.reason == "fecha"


@given(st.text(alphabet=ALNUM, min_size=1, max_size=30).filter(lambda t: len(t) not in (12, 13)))
def test_wrong_length_fails_with_longitud(text):
    with pytest.raises(RfcError) as caught:
        Rfc.parse(text)
    assert caught.value.reason == "longitud"


@given(valid_rfcs(), st.text(alphabet=" \t", max_size=2))
def test_lowercase_and_padding_normalize(text, padding):
    assert Rfc.parse(padding + text.lower() + padding) == Rfc.parse(text)


@pytest.mark.parametrize(
    ("pasted", "rfc"),
    [
        ("cacx-760510-1p8", "CACX7605101P8"),
        (" CACX 760510 1P8 ", "CACX7605101P8"),
        ("eku.900317.3c9", "EKU9003173C9"),
        ("EKU_900317/3C9", "EKU9003173C9"),
        ("ñ&a-010101-aaa", "Ñ&A010101AAA"),
    ],
)
def test_pasted_rfcs_are_normalized(pasted, rfc):
    assert normalize_rfc(pasted) == rfc
