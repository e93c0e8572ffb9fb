"""The page shown for a navigation entry whose page is not built yet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from facturador.ui import messages as M
from facturador.ui.widgets.fields import page_header

__all__ = ["PlaceholderPage"]


class PlaceholderPage(QWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.addWidget(page_header(title))
        card = QFrame()
        card.setObjectName("card")
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 24, 24, 24)
        heading = QLabel(M.COMING_SOON_TITLE)
        heading.setObjectName("appTitle")
        text = QLabel(M.COMING_SOON_TEXT)
        text.setWordWrap(True)
        text.setObjectName("pageSubtitle")
        inner.addWidget(heading)
        inner.addWidget(text)
        layout.addWidget(card)
        layout.addStretch(1)
        self.setObjectName("placeholder")
        heading.setAlignment(Qt.AlignmentFlag.AlignLeft)
