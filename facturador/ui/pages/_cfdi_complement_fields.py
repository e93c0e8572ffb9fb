"""What the Complemento section's panels share: their grid, narrow combos, and the
combo that chooses one of the company's stored rows (a location, a vehicle, a driver)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QComboBox, QGridLayout, QWidget

from facturador.ui import messages_complementos as M

if TYPE_CHECKING:
    from facturador.services.complementos import Stored

__all__ = ["RowCombo", "narrow", "panel_grid"]

_COMBO_CHARS = 16  # a combo's long rows (an address, a driver) never widen the page


def narrow(combo: QComboBox) -> QComboBox:
    """As wide as its cell gives; the list shows the rows whole, the tooltip the chosen one."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(_COMBO_CHARS)
    combo.currentTextChanged.connect(combo.setToolTip)
    return combo


def panel_grid(panel: QWidget) -> QGridLayout:
    """The four-column grid a panel lays its captioned fields on (as the page's own)."""
    grid = QGridLayout(panel)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(14)
    grid.setVerticalSpacing(6)
    return grid


class RowCombo(QComboBox):
    """A choice among the company's stored vehicles, drivers or locations (`Stored` views);
    `row()` is the chosen one's data (or None)."""

    def __init__(self, catalog: str) -> None:
        super().__init__()
        self.catalog = catalog
        self.rows: dict[int, Any] = {}  # id -> its data
        narrow(self)

    def set_rows(self, rows: Sequence[Stored[Any]], label: Callable[[Any], str]) -> None:
        chosen = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.rows = {row.id: row.data for row in rows}
        empty = M.EMPTY_CATALOG.format(catalogo=M.CATALOG_NAMES[self.catalog])
        self.addItem(M.NO_CHOICE if rows else empty, None)
        for row in rows:
            self.addItem(label(row.data), row.id)
        index = self.findData(chosen) if chosen is not None else -1
        if index < 0:  # nothing chosen yet: the only row, when there is one
            index = 1 if len(rows) == 1 else 0
        self.setCurrentIndex(index)
        self.blockSignals(False)

    def row(self) -> Any:
        return self.rows.get(self.currentData())

    def choose(self, match: Callable[[Any], bool]) -> None:
        """The first row whose data `match` accepts."""
        found = next((row_id for row_id, data in self.rows.items() if match(data)), None)
        if found is not None:
            self.setCurrentIndex(self.findData(found))
