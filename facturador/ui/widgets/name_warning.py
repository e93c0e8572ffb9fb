"""Under a razón social field: a persona moral's name written with its régimen de capital
("SA DE CV"), which SAT's records do not have, with a button that writes it as SAT does."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from facturador.sat.names import regimen_capital_warning, without_regimen_capital
from facturador.ui import messages as M
from facturador.ui.widgets.fields import FieldBox, repolish

__all__ = ["RegimenCapitalWarning"]


class RegimenCapitalWarning(QWidget):
    def __init__(self, box: FieldBox, name_edit: QLineEdit, rfc_edit: QLineEdit) -> None:
        super().__init__(box)
        self.name_edit = name_edit
        self.rfc_edit = rfc_edit
        self.label = QLabel()
        self.label.setObjectName("fieldMessage")
        self.label.setProperty("state", "error")
        self.label.setWordWrap(True)
        self.fix_button = QPushButton()
        self.fix_button.clicked.connect(self.fix)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.fix_button)
        layout = box.layout()
        assert layout is not None
        layout.addWidget(self)
        self.setVisible(False)
        name_edit.textChanged.connect(lambda _text: self.check())
        rfc_edit.textChanged.connect(lambda _text: self.check())

    def check(self) -> None:
        warning = regimen_capital_warning(self.name_edit.text(), self.rfc_edit.text())
        found = without_regimen_capital(self.name_edit.text().strip())
        if warning is None or found is None:
            self.setVisible(False)
            return
        self.label.setText(M.NAME_WITH_REGIMEN.format(regimen=found[1]))
        self.label.setToolTip(warning)
        self.fix_button.setText(M.USE_NAME.format(name=found[0]))
        repolish(self.label)
        self.setVisible(True)

    def fix(self) -> None:
        found = without_regimen_capital(self.name_edit.text().strip())
        if found is not None:
            self.name_edit.setText(found[0])
