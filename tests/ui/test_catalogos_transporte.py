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
    assert text == "Peso bruto (t): «mucho» no es un número válido: escriba solo números, p. ej. 26.5."
    assert complementos.vehiculos(services) == []  # nothing saved
    qtbot.wait(50)
    dialog.grab().save(f"{SCREENSHOTS}/vehicle_dialog_refused.png")

    type_into(qtbot, dialog.peso_edit, "3.5")
    assert not dialog.boxes["peso_bruto_vehicular"].has_error  # the error went with the edit
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
    assert "no existe en el catálogo del SAT" in _refused(qtbot, edit, edit.boxes["config_vehicular"])
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
