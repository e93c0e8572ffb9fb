"""Choose a CSD (.cer, .key, password) and see it checked on the spot, with its facts.

Used by the certificate page and the first-run wizard. Checking runs in a worker; the
result shows as the certificate's facts (RFC, titular, número, vigencia) or as the Spanish
reason it cannot seal (expired, e.firma, wrong password, .key of another .cer...).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facturador.ui import messages as M
from facturador.ui.errors import show_error
from facturador.ui.widgets.fields import FormMessage, new_form
from facturador.ui.widgets.files import documents_folder
from facturador.ui.workers import network_pool, run_in_background

if TYPE_CHECKING:
    from facturador.services.context import Context
    from facturador.services.views import CertificateFacts

__all__ = ["FILE_FIELD_MIN_WIDTH", "CsdForm", "format_day"]

FILE_FIELD_MIN_WIDTH = 240  # the end of a path, e.g. «…/CSD/00001000000500003416.cer»


def format_day(value: object) -> str:
    strftime = getattr(value, "strftime", None)
    return strftime("%d/%m/%Y") if strftime else str(value)


def _read(path: str) -> bytes:
    return Path(path).expanduser().read_bytes()


class FactsCard(QFrame):
    """The certificate's facts in a card."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        form = QFormLayout(self)
        form.setContentsMargins(16, 12, 16, 12)
        self.rfc = QLabel()
        self.nombre = QLabel()
        self.numero = QLabel()
        self.vigencia = QLabel()
        for label, value in (
            (M.FACT_RFC, self.rfc),
            (M.FACT_NAME, self.nombre),
            (M.FACT_NUMBER, self.numero),
            (M.FACT_VALIDITY, self.vigencia),
        ):
            value.setWordWrap(True)
            form.addRow(f"{label}:", value)

    def show_facts(self, facts: CertificateFacts) -> None:
        self.rfc.setText(facts.rfc)
        self.nombre.setText(facts.nombre)
        self.numero.setText(facts.no_certificado)
        self.vigencia.setText(
            M.FACT_VALIDITY_VALUE.format(
                start=format_day(facts.valid_from), end=format_day(facts.valid_until)
            )
        )


class CsdForm(QWidget):
    verified = Signal(object)  # CertificateFacts
    rejected = Signal(object)  # the error, or the facts of a CSD of another RFC
    changed = Signal()  # the inputs changed: what was said about the old ones no longer holds

    def __init__(self, services: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.facts: CertificateFacts | None = None
        self._generation = 0
        self.cer_edit = QLineEdit()
        self.key_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.cer_button = QPushButton(M.CHOOSE_FILE)
        self.key_button = QPushButton(M.CHOOSE_FILE)
        self.verify_button = QPushButton(M.VERIFY)
        self.message = FormMessage()
        self.facts_card = FactsCard()
        self.facts_card.setVisible(False)
        self._layout()
        self.cer_button.clicked.connect(self._choose_cer)
        self.key_button.clicked.connect(self._choose_key)
        self.verify_button.clicked.connect(self.verify)
        self.password_edit.returnPressed.connect(self.verify)
        for edit in (self.cer_edit, self.key_edit, self.password_edit):
            edit.textChanged.connect(self._on_input_changed)
        self.setTabOrder(self.cer_edit, self.cer_button)
        self.setTabOrder(self.cer_button, self.key_edit)
        self.setTabOrder(self.key_edit, self.key_button)
        self.setTabOrder(self.key_button, self.password_edit)
        self.setTabOrder(self.password_edit, self.verify_button)

    def _layout(self) -> None:
        form = new_form()
        # labels above the fields: the file names get the whole width, even at 1024 px
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.addRow(M.CER_FILE, self._file_row(self.cer_edit, self.cer_button))
        form.addRow(M.KEY_FILE, self._file_row(self.key_edit, self.key_button))
        password_row = QHBoxLayout()
        password_row.addWidget(self.password_edit, 1)
        password_row.addWidget(self.verify_button)
        form.addRow(M.KEY_PASSWORD, password_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.facts_card)

    @staticmethod
    def _file_row(edit: QLineEdit, button: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        row.addWidget(button)
        edit.setMinimumWidth(FILE_FIELD_MIN_WIDTH)
        return row

    def _choose(self, edit: QLineEdit, title: str, filter_: str) -> None:
        start = edit.text() or str(documents_folder())
        path, _ = QFileDialog.getOpenFileName(self, title, start, filter_)
        if path:
            edit.setText(path)
            self._maybe_verify()

    def _choose_cer(self) -> None:
        self._choose(self.cer_edit, M.CHOOSE_CER, M.CER_FILTER)
        if self.cer_edit.text() and not self.key_edit.text():
            self.key_button.setFocus()

    def _choose_key(self) -> None:
        self._choose(self.key_edit, M.CHOOSE_KEY, M.KEY_FILTER)
        if self.key_edit.text():
            self.password_edit.setFocus()

    def _on_input_changed(self) -> None:
        self._generation += 1
        self.facts = None
        self.facts_card.setVisible(False)
        self.message.show_state("", "")
        self.changed.emit()

    def _maybe_verify(self) -> None:
        if self.is_filled():
            self.verify()

    def is_filled(self) -> bool:
        return all(e.text().strip() for e in (self.cer_edit, self.key_edit, self.password_edit))

    def is_empty(self) -> bool:
        return not any(e.text().strip() for e in (self.cer_edit, self.key_edit))

    def inputs(self) -> tuple[str, str, str]:
        return self.cer_edit.text().strip(), self.key_edit.text().strip(), self.password_edit.text()

    def verify(self) -> None:
        """Check the three inputs in a worker; `verified` or `rejected` tells the result."""
        if not self.is_filled():
            self.message.show_state(M.CSD_MISSING_FILES, "error")
            return
        self._generation += 1
        generation = self._generation
        cer, key, password = self.inputs()
        self.message.show_state(M.VERIFYING, "info")
        self.changed.emit()

        def describe() -> CertificateFacts:
            from facturador.services.company_setup import describe_certificate

            return describe_certificate(self.services, _read(cer), _read(key), password)

        run_in_background(
            describe,
            on_success=lambda facts: self._on_verified(generation, facts),
            on_failure=lambda error: self._on_rejected(generation, error),
            parent=self,
            pool=network_pool(),
        )

    def _on_verified(self, generation: int, facts: CertificateFacts) -> None:
        if generation != self._generation:
            return
        self.facts_card.show_facts(facts)
        self.facts_card.setVisible(True)
        if facts.other_rfc:  # valid, but installing would be refused: say it now
            self.facts = None
            text = M.CSD_OTHER_RFC.format(certificate_rfc=facts.rfc, company_rfc=facts.company_rfc)
            self.message.show_state(text, "error")
            self.rejected.emit(facts)
            return
        self.facts = facts
        self.message.show_state(M.CSD_VALID, "ok")
        self.verified.emit(facts)

    def _on_rejected(self, generation: int, error: object) -> None:
        if generation != self._generation:
            return
        self.facts = None
        self.facts_card.setVisible(False)
        if isinstance(error, OSError):
            filename = getattr(error, "filename", None) or ""
            self.message.show_state(M.FILE_UNREADABLE.format(path=filename), "error")
        else:
            self.message.show_state("", "")
            show_error(self, error, inline=self.message)
        self.rejected.emit(error)

    def show_result(self, text: str, state: str) -> None:
        self.message.show_state(text, state)
