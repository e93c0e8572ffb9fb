"""A persona moral's name written with its régimen de capital ("SA DE CV", as inside its CSD)
is flagged at the field, with the name as SAT registers it one click away."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.ui.conftest import create_eku
from tests.ui.helpers import type_into


@pytest.fixture
def seed(services):
    return create_eku(services)


def _shot(widget, name: str) -> None:
    folder = os.environ.get("FACTURADOR_SCREENSHOTS")
    if folder:
        widget.grab().save(str(Path(folder) / name))


def test_the_company_name_with_sa_de_cv_is_flagged_and_fixed_in_one_click(qtbot, window):
    page = window.show_page("empresa")
    form = page.form
    type_into(qtbot, form.nombre_edit, "ESCUELA KEMPER URGATE SA DE CV")
    warning = form.name_warning
    assert warning.isVisibleTo(page)
    assert warning.label.text() == "El SAT registra la razón social sin «SA DE CV»."
    assert warning.fix_button.text() == "Usar «ESCUELA KEMPER URGATE»"
    _shot(page, "datos_fiscales_sa_de_cv.png")
    warning.fix_button.click()
    assert form.nombre_edit.text() == "ESCUELA KEMPER URGATE"
    assert not warning.isVisibleTo(page)


def test_a_client_is_flagged_only_when_it_is_a_persona_moral(qtbot, window):
    page = window.show_page("clientes")
    page.add_button.click()
    dialog = page.dialog
    type_into(qtbot, dialog.rfc_edit, "CACX7605101P8")  # persona física: 13 characters
    type_into(qtbot, dialog.nombre_edit, "XOCHILT CASAS CHAVEZ SC")
    assert not dialog.name_warning.isVisibleTo(dialog)
    type_into(qtbot, dialog.rfc_edit, "EKU9003173C9")
    type_into(qtbot, dialog.nombre_edit, "ESCUELA KEMPER URGATE, S.A. DE C.V.")
    assert dialog.name_warning.isVisibleTo(dialog)
    dialog.name_warning.fix_button.click()
    assert dialog.nombre_edit.text() == "ESCUELA KEMPER URGATE"
    dialog.reject()
