"""Small conveniences of the forms: PPD takes Forma de pago 99 by itself (and gives the old
one back), RFC fields take an RFC as it is pasted ("cacx-760510-1p8"), and a discount may be
written as a percentage ("10%")."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import create_eku


@pytest.fixture
def seed(services):
    create_eku(services)


def test_ppd_sets_forma_de_pago_99_and_back(qtbot, window):
    page = window.show_page("cfdi")
    page.forma_combo.set_code("04")  # tarjeta de crédito
    page.metodo_combo.set_code("PPD")
    assert page.forma_combo.code() == "99"
    assert not page.forma_combo.isEnabled()  # SAT allows nothing else with PPD
    assert page.data()["FormaPago"] == "99"
    page.metodo_combo.set_code("PUE")
    assert page.forma_combo.code() == "04"
    assert page.forma_combo.isEnabled()
    page.metodo_combo.set_code("PPD")
    page.clear()  # a new invoice starts as PUE with transferencia
    assert (page.metodo_combo.code(), page.forma_combo.code()) == ("PUE", "03")
    assert page.forma_combo.isEnabled()


def _paste(edit, text: str) -> str:
    QApplication.clipboard().setText(text)
    edit.clear()
    edit.paste()
    return edit.text()


def test_rfc_fields_normalize_a_pasted_rfc(qtbot, window):
    clients = window.show_page("clientes")
    clients.add_button.click()
    dialog = clients.dialog
    assert _paste(dialog.rfc_edit, "cacx-760510-1p8") == "CACX7605101P8"
    assert _paste(dialog.rfc_edit, " EKU 900317 3C9 ") == "EKU9003173C9"
    dialog.reject()
    company = window.show_page("empresa")
    assert _paste(company.form.rfc_edit, "eku-900317-3c9") == "EKU9003173C9"
    registros = window.show_page("registros")
    assert _paste(registros.client_edit, "cacx-760510-1p8") == "CACX7605101P8"


def test_a_discount_may_be_a_percentage(qtbot, window):
    page = window.show_page("cfdi")
    page.load_data(
        {
            "Receptor": {
                "Rfc": "CACX7605101P8",
                "Nombre": "XOCHILT CASAS CHAVEZ",
                "DomicilioFiscalReceptor": "36257",
                "RegimenFiscalReceptor": "612",
                "UsoCFDI": "G03",
            }
        }
    )
    row = page.concepts.add_concept()
    for column, text in enumerate(("2", "H87", "01010101", "Papelería", "33.33", "7.5 %")):
        page.concepts.editor(row, column).setText(text)
    preview = page.recompute()
    assert page.data()["Conceptos"][0]["Descuento"] == "5.00"  # 7.5 % of 66.66 = 4.9995
    assert preview.descuento == Decimal("5.00")
    assert page.totals["desc"].text() == "$5.00"
    page.concepts.editor(row, 5).setText("10%")
    assert page.recompute().descuento == Decimal("6.67")
    assert page.concepts.editor(row, 5).text() == "10%"  # what the user wrote stays
