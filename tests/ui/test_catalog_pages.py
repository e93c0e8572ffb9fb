"""Catálogos: add a client and a product through their dialogs, with field checks."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from facturador.services import directory
from facturador.ui import messages as M
from facturador.ui.dialogs.client_dialog import ClientDialog
from facturador.ui.dialogs.product_dialog import ProductDialog
from tests.ui.conftest import create_eku
from tests.ui.helpers import type_into


@pytest.fixture
def seed(services):
    return create_eku(services)


def _save(dialog):
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_add_client(qtbot, window, shown_errors):
    page = window.show_page("clientes")
    assert page.empty_label.isVisibleTo(page)
    page.add_button.click()
    dialog = page.dialog
    assert isinstance(dialog, ClientDialog)

    type_into(qtbot, dialog.rfc_edit, "ABC")
    assert "debe tener 12 caracteres" in dialog.boxes["rfc"].message.text()
    type_into(qtbot, dialog.rfc_edit, "cacx7605101p8")
    type_into(qtbot, dialog.nombre_edit, "XOCHILT CASAS CHAVEZ")
    type_into(qtbot, dialog.regimen_edit, "601")  # personas morales only
    assert "no aplica a personas físicas" in dialog.boxes["regimen_fiscal_receptor"].message.text()
    _save(dialog)
    assert dialog.isVisible()  # nothing saved while a field is wrong

    type_into(qtbot, dialog.regimen_edit, "612")
    type_into(qtbot, dialog.cp_edit, "36257")
    type_into(qtbot, dialog.uso_edit, "G03")
    type_into(qtbot, dialog.emails_edit, "xochilt@example.com")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        _save(dialog)

    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    client = page.model.row_at(0)
    assert client.rfc == "CACX7605101P8"
    assert client.emails == ("xochilt@example.com",)
    assert not page.empty_label.isVisibleTo(page)
    assert shown_errors == []


def test_generic_rfc_fills_regimen_and_uso(qtbot, window):
    page = window.show_page("clientes")
    page.add_button.click()
    dialog = page.dialog
    assert "XAXX010101000" in dialog.boxes["rfc"].message.text()
    type_into(qtbot, dialog.rfc_edit, "XAXX010101000")
    assert dialog.nombre_edit.text() == "PUBLICO EN GENERAL"
    assert dialog.regimen_edit.text() == "616"
    assert dialog.uso_edit.text() == "S01"
    assert dialog.cp_edit.text() == "42501"
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        _save(dialog)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)


def test_a_foreign_client_has_its_ids_and_is_refused_without_the_country(
    qtbot, window, services, shown_errors
):
    page = window.show_page("clientes")
    page.add_button.click()
    dialog = page.dialog
    residencia, numero = dialog.foreign_boxes.values()
    assert not residencia.isVisibleTo(dialog)  # only for XEXX010101000
    type_into(qtbot, dialog.rfc_edit, "XEXX010101000")
    assert residencia.isVisibleTo(dialog)
    assert numero.isVisibleTo(dialog)
    assert (dialog.regimen_edit.text(), dialog.uso_edit.text()) == ("616", "S01")
    assert dialog.cp_edit.text() == "42501"  # a generic RFC: the LugarExpedicion
    type_into(qtbot, dialog.nombre_edit, "ACME INC")
    type_into(qtbot, dialog.num_reg_edit, "123456789")
    _save(dialog)
    qtbot.waitUntil(lambda: bool(residencia.message.text()) and dialog.buttons.isEnabled())
    assert "País de residencia fiscal: es obligatorio cuando registra el número de registro" in (
        residencia.message.text()
    )
    dialog.grab().save("/tmp/client_dialog_refused.png")
    assert dialog.isVisible()  # refused: nothing saved
    dialog.residencia_edit.setFocus()
    qtbot.keyClicks(dialog.residencia_edit, "estados")
    dialog.residencia_edit.completer().activated.emit("USA — Estados Unidos (los)")
    assert dialog.residencia_edit.code() == "USA"
    assert residencia.message.text() == M.CLIENT_RESIDENCIA_HINT  # the error went with the edit
    dialog.grab().save("/tmp/client_dialog_extranjero.png")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        _save(dialog)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    client = page.model.row_at(0)
    from facturador.services.receptors import foreign_ids

    ids = foreign_ids(services.engine, window.ctx.company.id, client.id)
    assert ids == {"ResidenciaFiscal": "USA", "NumRegIdTrib": "123456789"}
    assert shown_errors == []

    page.table.selectRow(0)
    page.edit_button.click()
    edit = page.dialog
    qtbot.waitUntil(lambda: edit.residencia_edit.text() == "USA", timeout=10_000)
    assert edit.num_reg_edit.text() == "123456789"
    type_into(qtbot, edit.rfc_edit, "CACX7605101P8")
    assert not edit.foreign_boxes["residencia_fiscal"].isVisibleTo(edit)


def test_search_clients(qtbot, window, services):
    from facturador.services.directory import client_data

    for rfc, nombre in (("CACX7605101P8", "XOCHILT CASAS CHAVEZ"), ("XAXX010101000", "PUBLICO")):
        regimen, uso = ("612", "G03") if rfc.startswith("C") else ("616", "S01")
        directory.save_client(
            services,
            client_data(
                rfc=rfc,
                nombre=nombre,
                regimen_fiscal_receptor=regimen,
                domicilio_fiscal_receptor="42501",
                uso_cfdi=uso,
            ),
        )
    page = window.show_page("clientes")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    qtbot.keyClicks(page.search_edit, "casas")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert page.model.row_at(0).rfc == "CACX7605101P8"


def test_add_product(qtbot, window, shown_errors):
    page = window.show_page("productos")
    page.add_button.click()
    dialog = page.dialog
    assert isinstance(dialog, ProductDialog)

    type_into(qtbot, dialog.descripcion_edit, "Consultoría contable mensual")
    type_into(qtbot, dialog.clave_edit, "99999999")
    assert "no existe en el catálogo" in dialog.boxes["clave_prod_serv"].message.text()
    type_into(qtbot, dialog.clave_edit, "84111500")
    type_into(qtbot, dialog.unidad_clave_edit, "E48")
    assert dialog.boxes["clave_unidad"].message.text().startswith("✔")
    type_into(qtbot, dialog.precio_edit, "abc")
    assert "no es un importe válido" in dialog.boxes["valor_unitario"].message.text()
    type_into(qtbot, dialog.precio_edit, "1,500.50")
    assert dialog.objeto_combo.currentData() == "02"
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        _save(dialog)

    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    product = page.model.row_at(0)
    assert product.clave_prod_serv == "84111500"
    assert str(product.valor_unitario) == "1500.50"
    assert product.impuestos["Traslados"][0]["TasaOCuota"] == "0.160000"
    assert page.model.data(page.model.index(0, 3)) == "$1,500.50"
    assert shown_errors == []


def test_edit_product_keeps_its_taxes(qtbot, window):
    page = window.show_page("productos")
    page.add_button.click()
    dialog = page.dialog
    type_into(qtbot, dialog.descripcion_edit, "Libro")
    type_into(qtbot, dialog.clave_edit, "55101500")
    type_into(qtbot, dialog.unidad_clave_edit, "H87")
    type_into(qtbot, dialog.precio_edit, "250")
    dialog.tax_combo.setCurrentIndex(2)  # IVA 0 %
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        _save(dialog)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)

    page.table.selectRow(0)
    page.edit_button.click()
    dialog = page.dialog
    assert dialog.tax_combo.currentIndex() == 2
    type_into(qtbot, dialog.precio_edit, "260")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        _save(dialog)
    qtbot.waitUntil(lambda: str(page.model.row_at(0).valor_unitario) == "260", timeout=10_000)
