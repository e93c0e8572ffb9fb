"""Ayuda > Preguntas frecuentes: the basics, how to do each task, the four known errors.

Each answer that talks about a screen has a button that opens it through the main window's
navigation (by entry id).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from facturador.ui import messages_config as T
from facturador.ui import navigation
from facturador.ui.pages._config_common import Card, scaffold

if TYPE_CHECKING:
    from facturador.ui.context import AppContext

__all__ = ["FaqPage", "create_page"]


def create_page(ctx: AppContext) -> QWidget:
    return FaqPage(ctx)


class FaqPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from facturador.pac.messages import FAQ_ERRORS

        self.ctx = ctx
        self.buttons: dict[str, list[QPushButton]] = {}  # page id -> its buttons
        self.error_buttons: dict[str, QPushButton] = {}  # known error -> its button
        body = scaffold(self, T.FAQ_TITLE, T.FAQ_SUBTITLE)
        body.addWidget(self._section(T.FAQ_SECTION_BASICS, T.FAQ_BASICS))
        body.addWidget(self._section(T.FAQ_SECTION_TASKS, T.FAQ_TASKS))
        errors = [
            (titulo, solucion, T.FAQ_ERROR_PAGES[key]) for key, titulo, solucion in FAQ_ERRORS
        ]
        card = self._section(T.FAQ_SECTION_ERRORS, errors)
        for (key, *_), button in zip(FAQ_ERRORS, card.findChildren(QPushButton), strict=True):
            self.error_buttons[key] = button
        body.addWidget(card)

    def _section(self, title: str, items: object) -> Card:
        card = Card(title)
        for question, answer, page_id in items:  # type: ignore[attr-defined]
            q = QLabel(f"<b>{question}</b>")
            q.setWordWrap(True)
            q.setTextFormat(Qt.TextFormat.RichText)
            a = QLabel(answer)
            a.setWordWrap(True)
            a.setObjectName("pageSubtitle")
            a.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            card.body.addSpacing(4)
            card.body.addWidget(q)
            card.body.addWidget(a)
            if page_id:
                card.body.addLayout(self._go_button(page_id))
        return card

    def _go_button(self, page_id: str) -> QHBoxLayout:
        title = navigation.entry(page_id).title
        button = QPushButton(T.FAQ_GO.format(title=title))
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.clicked.connect(lambda: self.open_page(page_id))
        self.buttons.setdefault(page_id, []).append(button)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 4)
        row.addWidget(button)
        row.addStretch(1)
        return row

    def open_page(self, page_id: str) -> None:
        show_page = getattr(self.window(), "show_page", None)
        if callable(show_page):
            show_page(page_id)
