"""A Descuento written as a percentage becomes Anexo 20's amount, in the currency's decimals."""

from __future__ import annotations

import pytest

from facturador.services.discounts import percent_discount, resolve_percent_discounts


def _concepto(descuento: str, cantidad: str = "3", valor: str = "19.99") -> dict[str, str]:
    return {"Cantidad": cantidad, "ValorUnitario": valor, "Descuento": descuento}


@pytest.mark.parametrize(
    ("descuento", "moneda", "amount"),
    [
        ("10%", "MXN", "6.00"),  # 10 % of 59.97 = 5.997
        (" 12.5 % ", "MXN", "7.50"),  # 7.49625, half-up
        ("100%", "MXN", "59.97"),
        ("150%", "MXN", "89.96"),  # larger than the Importe: the input checks refuse it
        ("10%", "JPY", "6"),  # no decimals
        ("10%", "ZZZ", "6.00"),  # unknown currency: reported by the input checks, not here
    ],
)
def test_a_percentage_becomes_the_amount(descuento: str, moneda: str, amount: str) -> None:
    assert percent_discount(_concepto(descuento), moneda) == amount


@pytest.mark.parametrize("descuento", ["15.00", "", "10 por ciento", "%", "-5%", "1e2%"])
def test_anything_else_is_left_as_written(descuento: str) -> None:
    assert percent_discount(_concepto(descuento), "MXN") is None
    assert resolve_percent_discounts([_concepto(descuento)], "MXN") == [_concepto(descuento)]


def test_a_percentage_of_an_unreadable_quantity_is_left_for_the_checks() -> None:
    assert percent_discount(_concepto("10%", cantidad="dos"), "MXN") is None


def test_every_concept_is_resolved_and_the_input_is_not_changed() -> None:
    conceptos = [_concepto("10%"), _concepto("1.00"), _concepto("50%", "1", "10.00")]
    resolved = resolve_percent_discounts(conceptos, "MXN")
    assert [c["Descuento"] for c in resolved] == ["6.00", "1.00", "5.00"]
    assert conceptos[0]["Descuento"] == "10%"
