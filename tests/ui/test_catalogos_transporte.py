"""Catálogos > Vehículos, Operadores, Ubicaciones frecuentes: add, edit and delete through
the dialogs as a user would; a wrong value is refused at its field in Spanish and nothing
is saved. The client dialog keeps a foreign address, the product dialog its customs keys."""

from __future__ import annotations

import os
import tempfile

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from facturador.services import complementos, directory
from facturador.ui.dialogs.driver_dialog import DriverDialog
from facturador.ui.dialogs.location_dialog import LocationDialog
from facturador.ui.dialogs.vehicle_dialog import VehicleDialog
from tests.ui.conftest import create_eku
from tests.ui.helpers import type_into

# FACTURADOR_SCREENSHOTS=docs/screenshots renders the pictures in docs/.
SCREENSHOTS = os.environ.get("FACTURADOR_SCREENSHOTS", tempfile.gettempdir())

pytestmark = pytest.mark.usefixtures("themed_page")


@pytest.fixture
def seed(services):
    return create_eku(services)


def _save(dialog):
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def _saved(qtbot, dialog):
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        _save(dialog)


def _refused(qtbot, dialog, box):
    """Save; the services' answer comes back to `box` and the dialog stays open."""
    _save(dialog)
    qtbot.waitUntil(lambda: box.has_error and dialog.buttons.isEnabled(), timeout=10_000)
    assert dialog.isVisible()
    return box.message.text()


def _choose(qtbot, edit, typed, row):
    """Type into a catalog field and pick a suggestion, as with the mouse."""
    edit.setFocus()
    edit.clear()
    qtbot.keyClicks(edit, typed)
    edit.completer().activated.emit(row)


def test_add_edit_delete_a_vehicle(qtbot, window, services, shown_errors):
    window.resize(1024, 700)
    page = window.show_page("vehiculos")
    assert page.empty_label.isVisibleTo(page)
    page.add_button.click()
    dialog = page.dialog
    assert isinstance(dialog, VehicleDialog)
    assert dialog.delete_button is None  # nothing to delete yet
    type_into(qtbot, dialog.alias_edit, "Camion rojo")
    _choose(qtbot, dialog.perm_edit, "TPAF0", "TPAF01 — ")
    assert dialog.perm_edit.text() == "TPAF01"
    type_into(qtbot, dialog.num_perm_edit, "0X2XTXZ0X5X0X3X2X1X0")
    _choose(qtbot, dialog.config_edit, "C2", "C2 — ")
    type_into(qtbot, dialog.peso_edit, "mucho")
    type_into(qtbot, dialog.placa_edit, "abc 1234")
    type_into(qtbot, dialog.anio_edit, "2020")
    type_into(qtbot, dialog.insurance_edits["asegura_resp_civil"], "Seguros Atlas")
    type_into(qtbot, dialog.insurance_edits["poliza_resp_civil"], "123456")
    subtipo, placa = dialog.trailer_edits[0]
    type_into(qtbot, subtipo, "CTR004")
    type_into(qtbot, placa, "xyz987")

    text = _refused(qtbot, dialog, dialog.boxes["peso_bruto_vehicular"])
    assert (
        text == "Peso bruto (t): «mucho» no es un número válido: escriba solo números, p. ej. 26.5."
    )
    assert complementos.vehiculos(services) == []  # nothing saved
    qtbot.wait(50)
    dialog.grab().save(f"{SCREENSHOTS}/vehicle_dialog_refused.png")

    type_into(qtbot, dialog.peso_edit, "3.5")
    assert not dialog.boxes["peso_bruto_vehicular"].has_error  # the error went with the edit
    second_subtipo, _placa = dialog.trailer_edits[1]
    type_into(qtbot, second_subtipo, "CTR007")  # a trailer without its plate
    text = _refused(qtbot, dialog, dialog.boxes["remolques"])
    assert text == "Remolques: cada remolque lleva su subtipo y su placa."
    type_into(qtbot, second_subtipo, "")
    _saved(qtbot, dialog)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    vehicle = page.model.row_at(0)
    assert (vehicle.data.placa_vm, vehicle.data.perm_sct) == ("ABC1234", "TPAF01")
    assert vehicle.data.remolques == [{"SubTipoRem": "CTR004", "Placa": "XYZ987"}]
    assert not page.empty_label.isVisibleTo(page)
    qtbot.wait(50)
    page.grab().save(f"{SCREENSHOTS}/vehicles_page.png")

    page.table.selectRow(0)
    page.edit_button.click()
    edit = page.dialog
    assert edit.placa_edit.text() == "ABC1234"
    assert edit.trailer_edits[0][1].text() == "XYZ987"
    qtbot.wait(50)
    edit.grab().save(f"{SCREENSHOTS}/vehicle_dialog.png")
    type_into(qtbot, edit.config_edit, "ZZZ")
    assert "no existe en el catálogo del SAT" in _refused(
        qtbot, edit, edit.boxes["config_vehicular"]
    )
    type_into(qtbot, edit.config_edit, "C3")
    type_into(qtbot, edit.insurance_edits["asegura_carga"], "Seguros Carga SA")
    type_into(qtbot, edit.insurance_edits["poliza_carga"], "C-1")
    _saved(qtbot, edit)
    qtbot.waitUntil(lambda: page.model.row_at(0).data.config_vehicular == "C3", timeout=10_000)
    assert page.model.row_at(0).data.poliza_carga == "C-1"

    page.table.selectRow(0)
    page.edit_button.click()
    doomed = page.dialog
    asked = []
    doomed.confirm = lambda _parent, text: asked.append(text) or True
    doomed.delete_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10_000)
    assert asked == ["¿Eliminar el vehículo «Camion rojo»? Las facturas ya emitidas no cambian."]
    assert complementos.vehiculos(services) == []
    assert shown_errors == []


def test_add_a_driver_and_a_foreign_one_needs_his_country(qtbot, window, services, shown_errors):
    page = window.show_page("operadores")
    page.add_button.click()
    dialog = page.dialog
    assert isinstance(dialog, DriverDialog)
    type_into(qtbot, dialog.nombre_edit, "JOHN SMITH")
    type_into(qtbot, dialog.licencia_edit, "D1234567")
    text = _refused(qtbot, dialog, dialog.boxes["rfc_figura"])
    assert text == (
        "RFC: es obligatorio; si el operador es extranjero y no tiene RFC, escriba abajo su "
        "registro fiscal y su país."
    )
    type_into(qtbot, dialog.num_reg_edit, "123456789")
    text = _refused(qtbot, dialog, dialog.boxes["residencia_fiscal_figura"])
    assert text == (
        "País de residencia: es obligatorio cuando registra el registro fiscal extranjero."
    )
    assert complementos.operadores(services) == []
    qtbot.wait(50)
    dialog.grab().save(f"{SCREENSHOTS}/driver_dialog_refused.png")
    _choose(qtbot, dialog.residencia_edit, "estados", "USA — Estados Unidos (los)")
    _saved(qtbot, dialog)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    driver = page.model.row_at(0).data
    assert (driver.num_reg_id_trib_figura, driver.residencia_fiscal_figura) == ("123456789", "USA")

    page.add_button.click()
    second = page.dialog
    type_into(qtbot, second.rfc_edit, "cacx-760510-1p8")
    type_into(qtbot, second.nombre_edit, "XOCHILT CASAS CHAVEZ")
    type_into(qtbot, second.licencia_edit, "A234567890")
    _saved(qtbot, second)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=10_000)
    assert [d.data.rfc_figura for d in page.model.rows] == [None, "CACX7605101P8"]
    window.resize(1024, 700)
    qtbot.wait(50)
    page.grab().save(f"{SCREENSHOTS}/drivers_page.png")
    qtbot.keyClicks(page.search_edit, "casas")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    assert shown_errors == []


def test_add_edit_delete_a_location(qtbot, window, services, shown_errors):
    page = window.show_page("ubicaciones")
    page.add_button.click()
    dialog = page.dialog
    assert isinstance(dialog, LocationDialog)
    assert dialog.address.edits["pais"].text() == "MEX"  # the default
    type_into(qtbot, dialog.alias_edit, "Bodega Pachuca")
    type_into(qtbot, dialog.rfc_edit, "EKU9003173C9")
    address = dialog.address.edits
    type_into(qtbot, address["calle"], "Av. Juarez")
    type_into(qtbot, address["numero_exterior"], "100")
    type_into(qtbot, address["municipio"], "048")
    type_into(qtbot, address["estado"], "XX")
    type_into(qtbot, address["codigo_postal"], "42501")
    text = _refused(qtbot, dialog, dialog.address.boxes["estado"])
    assert text == "Estado: «XX» no existe en el catálogo del SAT."
    assert complementos.ubicaciones(services) == []
    _choose(qtbot, address["estado"], "hidalgo", "HID — Hidalgo")
    assert not dialog.address.boxes["estado"].has_error
    qtbot.wait(50)
    dialog.grab().save(f"{SCREENSHOTS}/location_dialog.png")
    _saved(qtbot, dialog)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    place = page.model.row_at(0)
    assert (place.data.estado, place.data.pais, place.data.calle) == ("HID", "MEX", "Av. Juarez")
    window.resize(1024, 700)
    qtbot.wait(50)
    page.grab().save(f"{SCREENSHOTS}/locations_page.png")

    page.table.selectRow(0)
    page.edit_button.click()
    edit = page.dialog
    assert edit.address.edits["calle"].text() == "Av. Juarez"
    type_into(qtbot, edit.alias_edit, "Planta Pachuca")
    _saved(qtbot, edit)
    qtbot.waitUntil(lambda: page.model.row_at(0).data.alias == "Planta Pachuca", timeout=10_000)

    page.table.selectRow(0)
    page.edit_button.click()
    doomed = page.dialog
    doomed.confirm = lambda _parent, _text: False  # the user says no: nothing happens
    doomed.delete_button.click()
    assert doomed.isVisible()
    doomed.confirm = lambda _parent, _text: True
    with qtbot.waitSignal(doomed.accepted, timeout=10_000):
        doomed.delete_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=10_000)
    assert complementos.ubicaciones(services) == []
    assert shown_errors == []


def _fill_address(qtbot, client_dialog, values):
    """Open the address dialog from the client dialog, type `values`, accept."""
    client_dialog.address_button.click()
    dialog = client_dialog.address_dialog
    for name, value in values.items():
        type_into(qtbot, dialog.address.edits[name], value)
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    return dialog


def test_a_foreign_client_keeps_its_address_abroad(qtbot, window, services, shown_errors):
    window.resize(1024, 700)
    page = window.show_page("clientes")
    page.add_button.click()
    dialog = page.dialog
    assert not dialog.address_box.isVisibleTo(dialog)  # only for XEXX010101000
    type_into(qtbot, dialog.rfc_edit, "XEXX010101000")
    assert dialog.address_box.isVisibleTo(dialog)
    type_into(qtbot, dialog.nombre_edit, "ACME IMPORTS LLC")
    _choose(qtbot, dialog.residencia_edit, "estados", "USA — Estados Unidos (los)")
    type_into(qtbot, dialog.num_reg_edit, "123456789")

    dialog.address_button.click()
    address = dialog.address_dialog
    assert address.address.edits["pais"].text() == "USA"  # the country of residence
    qtbot.wait(50)
    address.grab().save(f"{SCREENSHOTS}/client_address_dialog.png")
    address.reject()
    values = {"calle": "Main St", "numero_exterior": "500", "municipio": "Laredo",
              "estado": "TX", "codigo_postal": "78040", "pais": "QQQ"}  # fmt: skip
    _fill_address(qtbot, dialog, values)
    assert dialog.address_label.text() == "Main St 500, Laredo, TX, QQQ, C.P. 78040"
    _save(dialog)
    box = dialog.address_box
    qtbot.waitUntil(lambda: box.has_error and dialog.buttons.isEnabled(), timeout=10_000)
    assert box.message.text() == "País: «QQQ» no existe en el catálogo del SAT."
    assert directory.clients(services) == []  # nothing saved
    qtbot.wait(50)
    dialog.grab().save(f"{SCREENSHOTS}/client_dialog_foreign_address.png")
    assert dialog.height() <= 700 - 40  # a 700 px screen, with the title bar
    dialog.address_button.click()
    again = dialog.address_dialog  # the refusal is shown at its field there too
    assert again.address.boxes["pais"].message.text() == box.message.text()
    type_into(qtbot, again.address.edits["pais"], "USA")
    assert not again.address.boxes["pais"].has_error
    with qtbot.waitSignal(again.accepted, timeout=5_000):
        again.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert not box.has_error
    _saved(qtbot, dialog)
    (client,) = directory.clients(services)
    assert client.domicilio == {"calle": "Main St", "numero_exterior": "500",
                                "municipio": "Laredo", "estado": "TX", "pais": "USA",
                                "codigo_postal": "78040"}  # fmt: skip

    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.table.selectRow(0)
    page.edit_button.click()
    edit = page.dialog
    qtbot.waitUntil(lambda: edit.address.get("calle") == "Main St", timeout=10_000)
    assert edit.address_label.text() == "Main St 500, Laredo, TX, USA, C.P. 78040"
    assert shown_errors == []


def test_a_product_keeps_its_customs_keys(qtbot, window, services, shown_errors):
    page = window.show_page("productos")
    page.add_button.click()
    dialog = page.dialog
    type_into(qtbot, dialog.descripcion_edit, "Aceite de aguacate 1 L")
    type_into(qtbot, dialog.clave_edit, "50151513")
    type_into(qtbot, dialog.unidad_clave_edit, "H87")
    type_into(qtbot, dialog.precio_edit, "12.50")
    type_into(qtbot, dialog.fraccion_edit, "99")
    _choose(qtbot, dialog.unidad_aduana_edit, "kilo", "01 — Kilo")
    _save(dialog)
    box = dialog.customs_boxes["fraccion_arancelaria"]
    qtbot.waitUntil(lambda: box.has_error and dialog.buttons.isEnabled(), timeout=10_000)
    assert box.message.text() == "Fracción arancelaria: «99» no existe en el catálogo del SAT."
    assert directory.products(services) == []
    type_into(qtbot, dialog.fraccion_edit, "1515909900")
    qtbot.wait(50)
    dialog.grab().save(f"{SCREENSHOTS}/product_dialog_customs.png")
    _saved(qtbot, dialog)
    (product,) = directory.products(services)
    assert (product.fraccion_arancelaria, product.unidad_aduana) == ("1515909900", "01")

    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=10_000)
    page.table.selectRow(0)
    page.edit_button.click()
    assert page.dialog.fraccion_edit.text() == "1515909900"
    assert page.dialog.unidad_aduana_edit.text() == "01"
    assert shown_errors == []
