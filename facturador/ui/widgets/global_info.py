"""Factura global: Periodicidad, Meses and Año of the InformacionGlobal node.

Shown by Generar CFDI only for an Ingreso to XAXX010101000 «PUBLICO EN GENERAL» (a CFDI
global, SAT's CFDI40130). The choices are SAT's (services.receptors): the periodicidades the
emisor's régimen allows, the months or bimesters of that Periodicidad, this year or the one
before. Changing the Periodicidad offers its own Meses, keeping the period of the month
chosen when it can.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from facturador.services import receptors
from facturador.ui.widgets.fields import captioned
from facturador.ui.widgets.sat_choices import CodeCombo

__all__ = ["InformacionGlobalRow"]

DEFAULT_PERIODICIDAD = "04"  # Mensual: what most shops issue


class InformacionGlobalRow(QWidget):
    """Three combos; `value()` is the InformacionGlobal node in Anexo 20's names."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.now = datetime.now()
        self.periodicidad_combo = CodeCombo(())
        self.meses_combo = CodeCombo(())
        self.anio_combo = CodeCombo(())
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(captioned("Periodicidad", self.periodicidad_combo), 1)
        row.addWidget(captioned("Mes o bimestre", self.meses_combo), 1)
        row.addWidget(captioned("Año", self.anio_combo), 1)
        self.periodicidad_combo.currentIndexChanged.connect(lambda _i: self._on_periodicidad())
        for combo in (self.meses_combo, self.anio_combo):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def reset(self, now: datetime, regimen_fiscal: str) -> None:
        """The choices for this emisor and date; this month's period, mensual."""
        self.now = now
        self.periodicidad_combo.blockSignals(True)
        _fill(self.periodicidad_combo, receptors.periodicidades(regimen_fiscal))
        self.periodicidad_combo.set_code(DEFAULT_PERIODICIDAD)
        self.periodicidad_combo.blockSignals(False)
        _fill(self.anio_combo, tuple((year, year) for year in receptors.anios(now)))
        self.meses_combo.blockSignals(True)
        self.meses_combo.clear()  # so that the period is now's
        self.meses_combo.blockSignals(False)
        self._on_periodicidad()

    def _on_periodicidad(self) -> None:
        periodicidad = self.periodicidad_combo.code()
        month = _month_of(self.meses_combo.code()) or self.now.month
        when = self.now.replace(month=month, day=1)
        self.meses_combo.blockSignals(True)
        _fill(self.meses_combo, receptors.meses(periodicidad))
        self.meses_combo.set_code(receptors.default_meses(periodicidad, when))
        self.meses_combo.blockSignals(False)
        self.changed.emit()

    def value(self) -> dict[str, str]:
        return {
            "Periodicidad": self.periodicidad_combo.code(),
            "Meses": self.meses_combo.code(),
            "Año": self.anio_combo.code(),
        }

    def set_value(self, node: Mapping[str, object] | None) -> None:
        """Choose a stored node's values (a draft, a duplicate), those still offered."""
        if not node:
            return
        self.periodicidad_combo.set_code(str(node.get("Periodicidad", "")))
        self.meses_combo.set_code(str(node.get("Meses", "")))
        self.anio_combo.set_code(str(node.get("Año", "")))


def _fill(combo: CodeCombo, items: tuple[tuple[str, str], ...]) -> None:
    combo.clear()
    for code, text in items:
        combo.addItem(f"{code} – {text}" if code != text else code, code)


def _month_of(meses: str) -> int | None:
    """The first month a Meses clave covers (13 is Enero-Febrero), if any."""
    if not meses.isdigit():
        return None
    number = int(meses)
    return number if number <= 12 else (number - 13) * 2 + 1
