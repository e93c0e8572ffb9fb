"""Pins the exception tree drawn in facturador/sat/errors.py."""

import pytest

from facturador.sat import errors

TREE = {
    "FacturadorError": Exception,
    "InvalidInputError": errors.FacturadorError,
    "RfcError": errors.InvalidInputError,
    "ComprobanteInputError": errors.InvalidInputError,
    "AmountInputError": errors.ComprobanteInputError,
    "UnsafeXmlError": errors.InvalidInputError,
    "CsfError": errors.InvalidInputError,
    "CredentialError": errors.FacturadorError,
    "NotACertificateError": errors.CredentialError,
    "NotAPrivateKeyError": errors.CredentialError,
    "UnencryptedKeyError": errors.CredentialError,
    "WrongPasswordError": errors.CredentialError,
    "KeyCertificateMismatchError": errors.CredentialError,
    "CertificateNotValidNowError": errors.CredentialError,
    "NotACsdError": errors.CredentialError,
    "CatalogError": errors.FacturadorError,
}


@pytest.mark.parametrize(("name", "base"), TREE.items())
def test_each_class_has_its_base(name, base):
    cls = getattr(errors, name)
    assert cls.__bases__ == (base,)


def test_all_lists_exactly_the_tree():
    assert sorted(errors.__all__) == sorted(TREE)


def test_messages_are_spanish_and_built_from_data():
    assert "«ABC»" in errors.RfcError("ABC", "longitud").message
    assert errors.ComprobanteInputError("Conceptos[0]", "falta").message == "Conceptos[0]: falta"
    assert "no es un XML válido" in errors.UnsafeXmlError("entidad").message
    assert "c_FormaPago" in errors.CatalogError("c_FormaPago", "99").message
    assert errors.FacturadorError("texto").message == "texto"


def test_dates_in_messages_are_dd_mm_yyyy():
    from datetime import datetime

    from facturador.sat.messages import format_date

    assert format_date(datetime(2027, 5, 9, 21, 37)) == "09/05/2027"
    assert format_date("pronto") == "pronto"
