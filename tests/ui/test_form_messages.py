"""What the forms say is in the window's words: every problem at once, each field named as
the form labels it, in usted, and never a command to run."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout

from facturador.services import messages as S
from facturador.services.errors import FieldError
from facturador.ui import messages as M
from facturador.ui.dialogs.client_dialog import ClientDialog
from facturador.ui.dialogs.product_dialog import ProductDialog
from facturador.ui.errors import error_text
from facturador.ui.widgets.company_form import CompanyForm
from tests.ui.conftest import create_eku
from tests.ui.helpers import type_into


@pytest.fixture
def seed(services):
    return create_eku(services)


def _form_labels(form: QFormLayout) -> dict[object, str]:
    labels = {}
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if label is not None and field is not None and field.widget() is not None:
            labels[field.widget()] = label.widget().text()
    return labels


def test_three_wrong_fields_are_all_shown_at_once_with_the_forms_labels(qtbot, window):
    page = window.show_page("clientes")
    page.add_button.click()
    dialog = page.dialog
    assert isinstance(dialog, ClientDialog)
    type_into(qtbot, dialog.rfc_edit, "CACX7605101P8")
    type_into(qtbot, dialog.nombre_edit, "XOCHILT CASAS CHAVEZ")
    type_into(qtbot, dialog.regimen_edit, "601")  # personas morales only
    type_into(qtbot, dialog.cp_edit, "1234")  # no such código postal
    type_into(qtbot, dialog.uso_edit, "G03")
    type_into(qtbot, dialog.emails_edit, "xochilt@")  # checked only on saving, before
    for box in dialog.boxes.values():
        box.clear()  # as if nothing had been checked yet: Guardar must find all three

    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    assert dialog.isVisible()
    labels = _form_labels(dialog.form)
    wrong = {
        "regimen_fiscal_receptor": dialog.boxes["regimen_fiscal_receptor"],
        "domicilio_fiscal_receptor": dialog.boxes["domicilio_fiscal_receptor"],
        "emails": dialog.emails_box,
    }
    for name, box in wrong.items():
        assert box.has_error, (name, box.message.text(), dialog.message.text())
        assert box.message.text().startswith(labels[box] + ":")
    assert "Régimen fiscal del cliente: «601» no aplica a personas físicas." in (
        wrong["regimen_fiscal_receptor"].message.text()
    )
    summary = dialog.message.text()
    assert summary == (
        "Revise 3 campo(s) marcados: Régimen fiscal del cliente, Código postal del domicilio "
        "fiscal, Correos electrónicos."
    )
    for sat_name in ("RégimenFiscalReceptor", "DomicilioFiscalReceptor", "correo electrónico:"):
        assert all(sat_name not in b.message.text() for b in wrong.values())
    qtbot.wait(100)  # the layout settles as the event loop runs
    dialog.grab().save("/tmp/e/client_three_errors.png")
    dialog.reject()


def _form_fields(window) -> dict[str, str]:
    """Every field name a GUI form checks, with the label the form shows for it."""
    page = window.show_page("clientes")
    page.add_button.click()
    client = page.dialog
    fields = {}
    labels = _form_labels(client.form)
    for name, box in {
        **client.boxes,
        "emails": client.emails_box,
        **client.foreign_boxes,
    }.items():
        fields[name] = labels[box]
    client.reject()
    product = ProductDialog(window.ctx, parent=window)
    labels = _form_labels(product.findChild(QFormLayout))
    fields.update({name: labels[box] for name, box in product.boxes.items()})
    product.reject()
    company = CompanyForm(window.ctx)
    labels = _form_labels(company.findChild(QFormLayout))
    fields.update({name: labels[box] for name, box in company.boxes.items()})
    return fields


ANEXO_20_NAMES = re.compile(
    r"RégimenFiscal|RegimenFiscal|LugarExpedicion|DomicilioFiscal|UsoCFDI|ResidenciaFiscal"
    r"|NumRegIdTrib|ClaveProdServ|ClaveUnidad|ObjetoImp|ValorUnitario"
)
COMMAND = re.compile(r"facturador [a-z]|--[a-z]")


def test_no_field_message_the_gui_shows_names_a_sat_attribute(window):
    fields = _form_fields(window)
    assert len(fields) >= 14
    for name, label in fields.items():
        for reason in S.FIELD_REASONS:
            shown = error_text(FieldError(name, reason, "X", "Y"))
            assert shown.text.startswith(f"{label}: "), (name, reason, shown.text)
            assert not ANEXO_20_NAMES.search(shown.text), (name, reason, shown.text)
            assert not COMMAND.search(shown.text)


def _services_sentences() -> list[str]:
    """Every sentence of the services' and the PAC's messages that may reach the window."""
    from facturador.models import messages as models_messages
    from facturador.pac import messages as pac_messages
    from facturador.services import email

    texts: list[str] = []
    for module in (S, pac_messages, models_messages, email):
        for value in vars(module).values():
            if isinstance(value, str):
                texts.append(value)
            elif isinstance(value, dict):
                for item in value.values():
                    texts.extend(item if isinstance(item, tuple) else [item])
            elif isinstance(value, tuple):
                texts.extend(v for v in value if isinstance(v, str))
    return [t for t in texts if isinstance(t, str) and " " in t]


def test_no_message_reaching_the_window_tells_the_user_to_run_a_command():
    from facturador.services.email import EmailNotConfiguredError, NoRecipientsError
    from facturador.services.errors import NoActiveCompanyError
    from facturador.services.redating import RedateRefusedError
    from facturador.ui.messages_fields import gui_sentence

    sentences = _services_sentences()
    assert any("facturador " in s for s in sentences)  # the CLI's words are there...
    for sentence in sentences:
        assert not COMMAND.search(gui_sentence(sentence)), sentence  # ...the window's are not
    for error in (
        NoActiveCompanyError(),
        EmailNotConfiguredError("EKU9003173C9"),
        NoRecipientsError("CACX7605101P8"),
        RedateRefusedError("needs_confirmation", "A-1"),
    ):
        assert not COMMAND.search(error_text(error).text), error_text(error).text
    assert "Configuración → Correo" in error_text(EmailNotConfiguredError("EKU9003173C9")).text


def test_tu_never_appears_in_the_windows_texts():
    from facturador.ui import messages_config, messages_documents, messages_fields

    tu = re.compile(r"\b(tú|tu|tus|te|configúralo|revísalo|elígelo|escríbela|agrégalo)\b", re.I)
    for module in (M, messages_config, messages_documents, messages_fields):
        for name, value in vars(module).items():
            if isinstance(value, str) and not name.startswith("_"):
                assert not tu.search(value), (module.__name__, name, value)
