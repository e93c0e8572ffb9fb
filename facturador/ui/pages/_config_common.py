"""Shared pieces of the configuration and help pages: the page
scaffold (title, subtitle, scrollable body, help panel on the right) and small cards."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QLabel,
    QLayout,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from facturador.ui.widgets.fields import page_header

__all__ = ["Card", "help_panel", "scaffold"]


def help_panel(html: str) -> QTextBrowser:
    panel = QTextBrowser()
    panel.setObjectName("help")
    panel.setOpenExternalLinks(True)
    panel.setHtml(html)
    panel.setMinimumWidth(280)
    panel.setMinimumHeight(420)
    panel.setMaximumWidth(420)
    return panel


class Card(QFrame):
    """A white rounded box holding a section of a page."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(18, 14, 18, 16)
        self.body.setSpacing(8)
        if title:
            label = QLabel(f"<b>{title}</b>")
            label.setTextFormat(Qt.TextFormat.RichText)
            self.body.addWidget(label)


def scaffold(page: QWidget, title: str, subtitle: str, side: QWidget | None = None) -> QVBoxLayout:
    """Lay `page` out as title + body (+ side panel) in a scroll area; returns the body."""
    body = QVBoxLayout()
    body.setSpacing(14)
    left = QVBoxLayout()
    left.addWidget(page_header(title, subtitle))
    left.addLayout(body)
    left.addStretch(1)
    content = QWidget()
    row = QBoxLayout(QBoxLayout.Direction.LeftToRight, content)
    row.setContentsMargins(28, 24, 28, 24)
    row.setSpacing(24)
    row.addLayout(left, 3)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(content)
    if side is not None:
        row.addWidget(side, 2)
        _SideBySide(scroll, row, left, side)
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    return body


class _SideBySide(QObject):
    """The help panel beside the form while both fit the page's width, under it when not
    (a 1024 px window): the form is never squeezed nor scrolled sideways."""

    def __init__(self, scroll: QScrollArea, row: QBoxLayout, left: QLayout, side: QWidget) -> None:
        super().__init__(scroll)
        self.scroll, self.row, self.left, self.side = scroll, row, left, side
        scroll.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            margins = self.row.contentsMargins()
            needed = (
                self.left.minimumSize().width()
                + self.row.spacing()
                + max(self.side.minimumWidth(), self.side.minimumSizeHint().width())
                + margins.left()
                + margins.right()
            )
            beside = self.scroll.viewport().width() >= needed
            direction = (
                QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
            )
            if self.row.direction() != direction:
                self.row.setDirection(direction)
        return False
