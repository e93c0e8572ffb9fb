"""Registros' table pieces: the Estado chip, the selection kept across reloads, a progress
dialog that workers update.

`SelectionKeeper` watches the table's model. The queue reloads it every few seconds; when the
same documents come back only cells change (the selection stays by itself); when the model is
reset, the keeper puts the selection back by document id and the view back where it was (the
selected row at the same place on screen, even when new documents arrived above it). The page's
`on_change` runs only when the selected document, or what is known of it, changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QObject, QRect, Qt, Signal
from PySide6.QtGui import QAction, QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QMenu,
    QProgressDialog,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QWidget,
)

from facturador.ui.models import documents_model as dm

if TYPE_CHECKING:
    from facturador.services.views import DocumentRow

__all__ = ["Progress", "SelectionKeeper", "StateChipDelegate", "date_edit", "menu_button"]


class StateChipDelegate(QStyledItemDelegate):
    """The Estado column as a colored rounded chip."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        state = index.data(dm.STATE_ROLE)
        background, text = dm.STATE_COLORS.get(state, ("#eaeef2", "#424a53"))
        if option.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(option.rect, option.palette.highlight())
        label = str(index.data())
        metrics = option.fontMetrics
        width = metrics.horizontalAdvance(label) + 18
        rect = QRect(option.rect.x() + 6, option.rect.center().y() - 11, width, 22)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(background))
        painter.drawRoundedRect(rect, 11, 11)
        painter.setPen(QColor(text))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        painter.restore()


class SelectionKeeper(QObject):
    """The selected document (by id) and the scroll position survive the model's reloads."""

    def __init__(
        self, table: QTableView, model: dm.DocumentsModel, on_change: Callable[[], None]
    ) -> None:
        super().__init__(table)
        self.table = table
        self.model = model
        self.on_change = on_change
        self.shown: DocumentRow | None = None  # the row `on_change` last ran for
        self._kept: tuple[int | None, int, int, int] = (None, -1, 0, 0)  # id, row, scroll y, x
        self._restoring = False
        model.modelAboutToBeReset.connect(self._remember)
        model.modelReset.connect(self._restore)
        model.dataChanged.connect(lambda *_a: self._follow())
        table.selectionModel().selectionChanged.connect(lambda *_a: self._on_selected())

    def selected(self) -> DocumentRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _remember(self) -> None:
        """Before the model resets: which document is selected, and where the view is."""
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        document_id = self.model.row_at(row).id if rows else None
        bars = self.table.verticalScrollBar(), self.table.horizontalScrollBar()
        self._kept = (document_id, row, bars[0].value(), bars[1].value())
        self._restoring = True

    def _restore(self) -> None:
        """After the reset: the same document selected again, the view where it was."""
        document_id, old_row, y, x = self._kept
        row = self.model.row_of(document_id) if document_id is not None else None
        if row is not None:
            self.table.selectRow(row)
        self.table.doItemsLayout()  # the scroll bars' new ranges, now
        if self.model.was_reload:
            shift = 0 if row is None else row - old_row
            per_item = self.table.verticalScrollMode() == QAbstractItemView.ScrollMode.ScrollPerItem
            step = 1 if per_item else self.table.verticalHeader().defaultSectionSize()
            self.table.verticalScrollBar().setValue(y + shift * step)
            self.table.horizontalScrollBar().setValue(x)
        elif row is not None:
            self.table.scrollTo(self.model.index(row, 0))
        self._restoring = False
        self._follow()

    def _follow(self) -> None:
        """New cells or rows: the page hears of it only if the selected document changed."""
        if self.selected() != self.shown:
            self._changed()

    def _on_selected(self) -> None:
        if not self._restoring:
            self._changed()

    def _changed(self) -> None:
        self.shown = self.selected()
        self.on_change()


class Progress(QProgressDialog):
    """A progress dialog a worker may update (the value travels as a queued signal)."""

    advanced = Signal(int)

    def __init__(self, text: str, maximum: int, parent: QWidget) -> None:
        super().__init__(text, "", 0, maximum, parent)
        self.setCancelButton(None)
        self.setMinimumDuration(300)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.advanced.connect(self.setValue)

    def setValue_from_worker(self, done: int, total: int) -> None:
        self.advanced.emit(done)


def menu_button(text: str, actions: list[QAction | None]) -> QToolButton:
    """A button that opens a menu of `actions` (None: a separator)."""
    button = QToolButton()
    button.setText(text)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)
    for action in actions:
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)
    button.setMenu(menu)
    button.setMinimumWidth(button.sizeHint().width() + 14)  # room for the menu arrow
    return button


def date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setMinimumDate(QDate(2000, 1, 1))
    edit.setSpecialValueText("—")
    edit.setDate(edit.minimumDate())
    return edit
