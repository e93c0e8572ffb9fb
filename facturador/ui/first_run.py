"""The first-run wizard: company, CSD, PAC — or the demo company in one click.

Each step saves as soon as it is right (in a worker), so closing the wizard half-way keeps
what was done. `validatePage` starts the work and says "not yet"; the worker's success
marks the page done and moves the wizard on.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from facturador.services import company_setup
from facturador.ui import messages as M
from facturador.ui.errors import show_error
from facturador.ui.widgets.company_form import CompanyForm
from facturador.ui.widgets.csd_form import CsdForm
from facturador.ui.widgets.fields import FormMessage, new_form
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.views import CompanyInfo
    from facturador.ui.context import AppContext

__all__ = ["FirstRunWizard"]


def _title(text: str) -> str:
    return f"<span style='font-size:15pt; font-weight:600'>{text}</span>"


class _StepPage(QWizardPage):
    """A page whose work runs in a worker before the wizard may leave it."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.done = False
        self.busy = False
        self.message = FormMessage()

    def wizard_(self) -> FirstRunWizard:
        return self.wizard()  # type: ignore[return-value]

    def start(self, fn: object, *args: object) -> None:
        self.busy = True
        self.message.show_state(M.WORKING, "info")
        run_in_background(
            fn,  # type: ignore[arg-type]
            *args,
            on_success=self._succeeded,
            on_failure=self._failed,
            parent=self,
        )

    def _succeeded(self, company: CompanyInfo) -> None:
        self.busy = False
        self.done = True
        self.message.show_state("", "")
        self.wizard_().company = company
        self.ctx.set_company(company)
        self.after_success()

    def after_success(self) -> None:
        self.wizard_().next()

    def _failed(self, error: object) -> None:
        self.busy = False
        self.message.show_state("", "")
        show_error(self, error, inline=self.message)


class WelcomePage(_StepPage):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setTitle(_title(M.WIZARD_WELCOME_TITLE))
        self.setSubTitle(M.WIZARD_WELCOME)
        self.demo_button = QPushButton(M.WIZARD_DEMO)
        self.demo_button.setObjectName("bigChoicePrimary")
        self.own_button = QPushButton(M.WIZARD_OWN)
        self.own_button.setObjectName("bigChoice")
        for button in (self.demo_button, self.own_button):
            button.setAutoDefault(False)
            button.setMinimumHeight(52)
        layout = QVBoxLayout(self)
        layout.setSpacing(6)
        layout.addWidget(self.own_button)
        layout.addWidget(_hint(M.WIZARD_OWN_HINT))
        layout.addSpacing(16)
        layout.addWidget(self.demo_button)
        layout.addWidget(_hint(M.WIZARD_DEMO_HINT))
        layout.addStretch(1)
        layout.addWidget(self.message)
        self.demo_button.clicked.connect(self.start_demo)
        self.own_button.clicked.connect(lambda: self.wizard_().next())

    def start_demo(self) -> None:
        if self.busy:
            return
        self.demo_button.setEnabled(False)
        self.start(company_setup.create_demo_company, self.ctx.services)
        self.message.show_state(M.WIZARD_CREATING_DEMO, "info")

    def _failed(self, error: object) -> None:
        self.demo_button.setEnabled(True)
        super()._failed(error)

    def after_success(self) -> None:
        self.wizard_().demo = True
        self.wizard_().accept()


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("hint")
    label.setWordWrap(True)
    label.setContentsMargins(4, 0, 4, 0)
    return label


class CompanyStep(_StepPage):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setTitle(_title(M.WIZARD_COMPANY_TITLE))
        self.setSubTitle(M.WIZARD_COMPANY_SUB)
        self.form = CompanyForm(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.form.rfc_edit.setFocus()

    def validatePage(self) -> bool:
        if self.done:
            return True
        if self.busy or not self.form.validator.check_all(self.message):
            return False
        ctx = self.ctx.services
        self.start(lambda values: company_setup.create_company(ctx, **values), self.form.values())
        return False

    def _failed(self, error: object) -> None:
        self.busy = False
        self.message.show_state("", "")
        if not self.form.validator.show_field_error(error):
            show_error(self, error, inline=self.message)


class CsdStep(_StepPage):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setTitle(_title(M.WIZARD_CSD_TITLE))
        self.setSubTitle(M.WIZARD_CSD_SUB)
        self.form = CsdForm(ctx.services)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.form.verified.connect(lambda _facts: self.completeChanged.emit())
        # an install's refusal is about the files it was given: new files, a new verdict
        self.form.changed.connect(lambda: self.message.show_state("", ""))

    def validatePage(self) -> bool:
        if self.done or self.form.is_empty():
            return True  # installed, or left for later (Configuración > Certificado)
        if self.busy:
            return False
        if self.form.facts is None:
            self.form.verify()
            return False
        cer, key, password = self.form.inputs()
        services = self.ctx.services

        def install() -> CompanyInfo:
            return company_setup.install_csd(
                services, Path(cer).read_bytes(), Path(key).read_bytes(), password
            )

        self.start(install)
        return False


PROVIDERS = (("sandbox", M.PAC_SANDBOX), ("finkok", M.PAC_FINKOK), ("sw", M.PAC_SW))


class PacStep(_StepPage):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setTitle(_title(M.WIZARD_PAC_TITLE))
        self.setSubTitle(M.WIZARD_PAC_SUB)
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        for index, (_code, label) in enumerate(PROVIDERS):
            radio = QRadioButton(label)
            self.group.addButton(radio, index)
            layout.addWidget(radio)
        self.group.button(0).setChecked(True)
        self.environment = QComboBox()
        self.environment.addItem(M.ENV_TEST, "pruebas")
        self.environment.addItem(M.ENV_PROD, "produccion")
        self.user_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = new_form()
        form.addRow("Ambiente", self.environment)
        form.addRow(M.PAC_USER, self.user_edit)
        form.addRow(M.PAC_PASSWORD, self.password_edit)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.group.idToggled.connect(self._on_provider)
        self._on_provider(0, True)

    def provider(self) -> str:
        return PROVIDERS[self.group.checkedId()][0]

    def _on_provider(self, _index: int, checked: bool) -> None:
        if not checked:
            return
        real = self.provider() != "sandbox"
        for widget in (self.environment, self.user_edit, self.password_edit):
            widget.setEnabled(real)
        if not real:
            self.environment.setCurrentIndex(0)

    def validatePage(self) -> bool:
        if self.done:
            return True
        if self.busy or self.ctx.company is None:
            return self.ctx.company is None
        from facturador.services.pac_connection import save_pac

        provider = self.provider()
        user = password = ""
        if provider != "sandbox":
            user, password = self.user_edit.text().strip(), self.password_edit.text()
            if not user or not password:
                self.message.show_state(M.PAC_CREDENTIALS_REQUIRED, "error")
                return False
        environment = self.environment.currentData()
        self.start(save_pac, self.ctx.services, provider, environment, "", user, password)
        return False

    def _failed(self, error: object) -> None:
        """ "Demostración" for the user's own company: ask, in words, then save it again."""
        from facturador.ui.dialogs.demo_confirm_dialog import (
            ask_demo_confirmation,
            needs_demo_confirmation,
        )

        if not needs_demo_confirmation(error):
            super()._failed(error)
            return
        self.busy = False
        self.message.show_state("", "")
        nombre = self.ctx.company.nombre if self.ctx.company else ""
        from facturador.services.pac_connection import save_pac

        ctx = self.ctx.services
        self.dialog = ask_demo_confirmation(
            self,
            error,
            nombre,
            lambda: self.start(save_pac, ctx, "sandbox", "pruebas", "", "", "", True),
        )

    def after_success(self) -> None:
        self.wizard_().accept()


class FirstRunWizard(QWizard):
    finished_setup = Signal(object)  # CompanyInfo | None

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.company: CompanyInfo | None = None
        self.demo = False
        self.setWindowTitle(M.WIZARD_TITLE)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setButtonText(QWizard.WizardButton.NextButton, "Siguiente >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< Atrás")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Terminar")
        self.setButtonText(QWizard.WizardButton.CancelButton, M.CANCEL)
        self.welcome = WelcomePage(ctx)
        self.company_step = CompanyStep(ctx)
        self.csd_step = CsdStep(ctx)
        self.pac_step = PacStep(ctx)
        for page in (self.welcome, self.company_step, self.csd_step, self.pac_step):
            self.addPage(page)
        self.resize(760, 540)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.accepted.connect(lambda: self.finished_setup.emit(self.company))
