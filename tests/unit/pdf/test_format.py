"""Amounts, dates and totals in words as printed."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from facturador.pdf._format import amount, fecha, fecha_text, quantity, rate, total_en_letra


@pytest.mark.parametrize(
    ("value", "moneda", "expected"),
    [
        ("1160", "MXN", "1,160.00"),
        ("1160.00", "MXN", "1,160.00"),
        ("1234567.5", "MXN", "1,234,567.50"),
        ("2068.960000", "MXN", "2,068.96"),
        ("0.125", "MXN", "0.125"),
        ("15000", "JPY", "15,000"),
        ("-956.04", "MXN", "-956.04"),
        ("12.5", None, "12.50"),
    ],
)
def test_amount(value: str, moneda: str | None, expected: str) -> None:
    assert amount(Decimal(value), moneda) == expected


def test_quantity_rate_and_dates() -> None:
    assert quantity(Decimal("1500")) == "1,500"
    assert quantity(Decimal("2.50")) == "2.50"
    assert rate(Decimal("0.160000"), "Tasa") == "16 %"
    assert rate(Decimal("0.106667"), "Tasa") == "10.6667 %"
    assert rate(Decimal("6.455500"), "Cuota") == "6.4555"
    assert rate(None, "Exento") == "Exento"
    assert fecha(datetime(2026, 11, 25, 10, 0, 0)) == "25/11/2026 10:00:00"
    assert fecha_text("2026-11-25T10:00:05") == "25/11/2026 10:00:05"
    assert fecha_text("no es fecha") == "no es fecha"


@pytest.mark.parametrize(
    ("total", "moneda", "expected"),
    [
        ("1160.00", "MXN", "UN MIL CIENTO SESENTA PESOS 00/100 M.N."),
        ("1.00", "MXN", "UN PESO 00/100 M.N."),
        ("0.50", "MXN", "CERO PESOS 50/100 M.N."),
        ("21.00", "MXN", "VEINTIÚN PESOS 00/100 M.N."),
        ("101.99", "MXN", "CIENTO UN PESOS 99/100 M.N."),
        ("21000", "MXN", "VEINTIÚN MIL PESOS 00/100 M.N."),
        ("1000000", "MXN", "UN MILLÓN DE PESOS 00/100 M.N."),
        ("2500000.10", "MXN", "DOS MILLONES QUINIENTOS MIL PESOS 10/100 M.N."),
        ("3327.005", "MXN", "TRES MIL TRESCIENTOS VEINTISIETE PESOS 01/100 M.N."),
        ("1160.00", "USD", "UN MIL CIENTO SESENTA DÓLARES 00/100 USD"),
        ("1.00", "USD", "UN DÓLAR 00/100 USD"),
        ("250.75", "EUR", "DOSCIENTOS CINCUENTA EUROS 75/100 EUR"),
        ("15000", "JPY", "QUINCE MIL YENES JPY"),
        ("10.5", "CLF", "DIEZ 5000/10000 CLF"),
        ("0", "XXX", ""),
    ],
)
def test_total_en_letra(total: str, moneda: str, expected: str) -> None:
    assert total_en_letra(Decimal(total), moneda) == expected
