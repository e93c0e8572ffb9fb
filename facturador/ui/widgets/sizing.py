"""Sizes that keep text readable on a 1024×700 laptop and on the 1180×760 default window.

- `header_width` / `fit_headers`: every table column at least as wide as its header text.
- `FillColumn`: one column takes the width the others leave, never less than a readable
  width; past that the table scrolls sideways instead of cutting a column.
- `scroll_page`: a page's content inside a scroll area, so a small window scrolls the page
  instead of squeezing its widgets over one another.
- `popup_width` / `show_wide_popup`: a completer's list as wide as its rows (capped at the
  screen), not as narrow as the field or the table cell it completes.
- `fit_to_screen`: a dialog no larger than the screen it opens on, centred on its parent.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHeaderView,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

__all__ = [
    "HEADER_PADDING",
    "FillColumn",
    "fit_headers",
    "fit_to_screen",
    "header_width",
    "popup_width",
    "scroll_page",
    "show_wide_popup",
]

# QHeaderView::section has `padding: 6px` in the theme (both sides), plus a little air.
HEADER_PADDING = 2 * 6 + 8
_POPUP_PADDING = 24  # item margins and the frame of a completer's list
_SCREEN_SHARE = 0.95  # of the available screen a dialog may take


def header_width(view: QTableView, column: int) -> int:
    """The width `column`'s header text needs (headers are drawn bold by the theme)."""
    font = QFont(view.horizontalHeader().font())
    font.setBold(True)
    model = view.model()
    text = "" if model is None else model.headerData(column, Qt.Orientation.Horizontal)
    return QFontMetrics(font).horizontalAdvance(str(text or "")) + HEADER_PADDING


def fit_headers(view: QTableView, columns: Iterable[int] | None = None) -> None:
    """Widen each column (all, or `columns`) that is narrower than its header text."""
    header = view.horizontalHeader()
    for column in range(header.count()) if columns is None else columns:
        needed = header_width(view, column)
        if header.sectionSize(column) < needed:
            header.resizeSection(column, needed)


class FillColumn(QObject):
    """`column` takes the spare width of `view`, never less than `minimum` (nor than its
    header); every other column keeps its width (at least its header's). When the view is
    narrower than that, its horizontal scroll bar appears: nothing is cut."""

    def __init__(self, view: QTableView, column: int, minimum: int = 0) -> None:
        super().__init__(view)
        self.view = view
        self.column = column
        self.minimum = minimum
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        for index in range(header.count()):
            header.setSectionResizeMode(index, QHeaderView.ResizeMode.Interactive)
        view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.viewport().installEventFilter(self)
        header.sectionResized.connect(self._on_section_resized)
        header.sectionCountChanged.connect(lambda _old, _new: self.update())
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.update()
        return False

    def _on_section_resized(self, index: int, _old: int, _new: int) -> None:
        if index != self.column:
            self.update()

    def set_minimum(self, minimum: int) -> None:
        self.minimum = minimum
        self.update()

    def fit_contents(self, base: int = 0) -> None:
        """After the rows changed: the other columns as wide as what they show (and their
        header), this one never narrower than its widest cell (nor than `base`)."""
        view = self.view
        for column in range(view.horizontalHeader().count()):
            if column != self.column:
                view.resizeColumnToContents(column)
        self.set_minimum(max(base, view.sizeHintForColumn(self.column)))

    def update(self) -> None:
        view = self.view
        header = view.horizontalHeader()
        if self.column >= header.count():
            return
        fit_headers(view, (c for c in range(header.count()) if c != self.column))
        others = sum(
            header.sectionSize(c)
            for c in range(header.count())
            if c != self.column and not header.isSectionHidden(c)
        )
        spare = view.viewport().width() - others
        width = max(self.minimum, header_width(view, self.column), spare)
        if header.sectionSize(self.column) != width:
            header.resizeSection(self.column, width)


def scroll_page(page: QWidget) -> QWidget:
    """A content widget filling `page` through a frameless scroll area: the content gets
    all the room there is, and the page scrolls once the window is smaller than it needs.
    Lay the page out on the returned widget."""
    content = QWidget()
    scroll = QScrollArea()
    scroll.setObjectName("pageScroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(content)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    return content


def popup_width(completer: QCompleter, anchor: QWidget) -> int:
    """As wide as the longest row of the completer's list (and at least `anchor`), capped at
    the screen's available width."""
    popup = completer.popup()
    model = completer.completionModel()
    metrics = popup.fontMetrics()
    widest = max(
        (
            metrics.horizontalAdvance(str(model.index(row, 0).data() or ""))
            for row in range(model.rowCount())
        ),
        default=0,
    )
    bar = popup.verticalScrollBar().sizeHint().width()
    width = max(anchor.width(), widest + bar + _POPUP_PADDING)
    screen = anchor.screen()
    return min(width, screen.availableGeometry().width()) if screen is not None else width


def show_wide_popup(completer: QCompleter, anchor: QWidget) -> None:
    """Open the completer's list under `anchor`, as wide as its rows (Qt keeps it on the
    screen)."""
    completer.complete(QRect(0, 0, popup_width(completer, anchor), anchor.height()))


def fit_to_screen(dialog: QWidget, width: int, height: int, parent: QWidget | None) -> None:
    """Resize `dialog` to width×height or the screen's available size if smaller, and centre
    it on `parent`, its window frame inside the screen. Call it again once shown: the frame
    is known then."""
    screen = (parent or dialog).screen()
    if screen is None:
        dialog.resize(width, height)
        return
    available = screen.availableGeometry()
    frame_w = dialog.frameGeometry().width() - dialog.width()
    frame_h = dialog.frameGeometry().height() - dialog.height()
    w = min(width, int(available.width() * _SCREEN_SHARE) - frame_w)
    h = min(height, int(available.height() * _SCREEN_SHARE) - frame_h)
    dialog.resize(w, h)
    w, h = dialog.width() + frame_w, dialog.height() + frame_h  # as laid out, with its frame
    center = (
        parent.mapToGlobal(parent.rect().center()) if parent is not None else available.center()
    )
    x = min(max(center.x() - w // 2, available.left()), available.right() - w + 1)
    y = min(max(center.y() - h // 2, available.top()), available.bottom() - h + 1)
    dialog.move(x, y)  # a window's position is its frame's
