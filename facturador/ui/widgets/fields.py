"""Form building blocks: a field with its message underneath, catalog completers, page header.

`FieldBox` puts an editor and a small label under it: a grey hint, a green confirmation
(the catalog description of the code typed) or the red Spanish reason the value is wrong,
before the user saves. `CatalogLineEdit` completes a SAT code from its catalog as the user
types (keys or words; a greyed, non-selectable "Sin resultados para «…»" row when nothing
matches), and `code()` returns only the key.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QStringListModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from facturador.ui import messages as M
from facturador.ui.widgets.sizing import show_wide_popup

__all__ = [
    "CatalogLineEdit",
    "FieldBox",
    "FormMessage",
    "OneLineLabel",
    "captioned",
    "contains_completer",
    "lay_out_form_dialog",
    "new_form",
    "page_header",
    "repolish",
    "save_cancel_buttons",
]

_SEPARATOR = " — "
_SHOWN_TEXT = 40  # characters of the typed text repeated in "Sin resultados para «…»"


def repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class OneLineLabel(QLabel):
    """A label one line high, always there (even empty): its text is elided to the width it
    has, whole in the tooltip. What comes under it never moves when its text changes."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.fontMetrics().height() + 2)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.sizeHint().height())

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        self.style().drawItemText(
            painter, rect, align, self.palette(), self.isEnabled(), text, self.foregroundRole()
        )


class FieldBox(QWidget):
    """An editor with a message line under it (hint, ok or error). With `reserve`, the line
    is always one line high, empty or not, so choosing a value moves nothing below."""

    def __init__(
        self,
        editor: QWidget,
        hint: str = "",
        parent: QWidget | None = None,
        *,
        reserve: bool = False,
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.hint = hint
        self.reserve = reserve
        self.message = OneLineLabel(hint) if reserve else QLabel(hint)
        self.message.setObjectName("fieldMessage")
        self.message.setWordWrap(not reserve)
        self.message.setVisible(reserve or bool(hint))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.message)
        self.setFocusProxy(editor)

    def _set(self, text: str, state: str) -> None:
        self.message.setText(text)
        self.message.setProperty("state", state)
        self.message.setVisible(self.reserve or bool(text))
        self.editor.setProperty("state", "error" if state == "error" else "")
        repolish(self.message)
        repolish(self.editor)

    def show_error(self, text: str) -> None:
        self._set(text, "error")

    def show_ok(self, text: str) -> None:
        self._set(text, "ok")

    def clear(self) -> None:
        self._set(self.hint, "")

    @property
    def has_error(self) -> bool:
        return self.message.property("state") == "error"


class FormMessage(QLabel):
    """A banner over or under a form: info, ok or error."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("formMessage")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setVisible(False)

    def show_state(self, text: str, state: str) -> None:
        self.setText(text)
        self.setProperty("state", state)
        self.setVisible(bool(text))
        repolish(self)


Search = Callable[[str, str], list[tuple[str, str]]]


class _Completions(QStringListModel):
    """The completer's rows; while `empty`, its one row says so and cannot be chosen."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.empty = False

    def show_options(self, rows: list[str]) -> None:
        self.empty = False
        self.setStringList(rows)

    def show_nothing_for(self, text: str) -> None:
        if len(text) > _SHOWN_TEXT:
            text = text[: _SHOWN_TEXT - 1].rstrip() + "…"
        self.empty = True
        self.setStringList([M.CATALOG_NO_RESULTS.format(text=text)])

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if self.empty:
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index)


class CatalogLineEdit(QLineEdit):
    """A SAT code with a completer fed from its catalog ("601 — General de Ley…")."""

    chosen = Signal(str)

    def __init__(
        self, catalog: str, search: Search, parent: QWidget | None = None, limit: int = 25
    ) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self._search = search
        self._limit = limit
        self._model = _Completions(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        # After setCompleter: QLineEdit writes the whole row first, then we keep the key.
        completer.activated.connect(self._on_completer_activated)
        self.textEdited.connect(self._on_text_edited)

    def _on_text_edited(self, text: str) -> None:
        text = text.strip()
        if not text:
            self._model.show_options([])
            self.completer().popup().hide()
            return
        options = self._search(self.catalog, text)
        if options:
            self._model.show_options([f"{clave}{_SEPARATOR}{desc}" for clave, desc in options])
        else:
            self._model.show_nothing_for(text)
        # QLineEdit opens the list right after textEdited, as narrow as the field (a table
        # cell): widen it once that is done.
        QTimer.singleShot(0, self, self._widen_popup)

    def _widen_popup(self) -> None:
        if self._model.rowCount() and self.completer().popup().isVisible():
            show_wide_popup(self.completer(), self)

    def _on_completer_activated(self, text: str) -> None:
        if self._model.empty:  # not reachable through the popup (the row is disabled)
            return
        clave = text.split(_SEPARATOR, 1)[0].strip()
        self.setText(clave)
        self.chosen.emit(clave)

    def code(self) -> str:
        return self.text().split(_SEPARATOR, 1)[0].strip()

    def setText(self, text: str) -> None:
        super().setText(text.split(_SEPARATOR, 1)[0].strip())


def page_header(title: str, subtitle: str = "") -> QWidget:
    header = QWidget()
    layout = QVBoxLayout(header)
    layout.setContentsMargins(0, 0, 0, 8)
    layout.setSpacing(2)
    title_label = QLabel(title)
    title_label.setObjectName("pageTitle")
    layout.addWidget(title_label)
    if subtitle:
        sub = QLabel(subtitle)
        sub.setObjectName("pageSubtitle")
        sub.setWordWrap(True)
        layout.addWidget(sub)
    return header


def new_form() -> QFormLayout:
    form = QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setHorizontalSpacing(14)
    form.setVerticalSpacing(8)
    return form


def save_cancel_buttons() -> QDialogButtonBox:
    """An add/edit dialog's «Guardar» and «Cancelar»."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Save).setText(M.SAVE)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(M.CANCEL)
    return buttons


def lay_out_form_dialog(
    dialog: QWidget,
    form: QFormLayout,
    message: QWidget,
    buttons: QWidget,
    tab_order: Sequence[QWidget],
) -> None:
    """An add/edit dialog: the form, its message, the buttons, and Tab in reading order."""
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(20, 20, 20, 16)
    layout.addLayout(form)
    layout.addWidget(message)
    layout.addWidget(buttons)
    for first, second in itertools.pairwise(tab_order):
        QWidget.setTabOrder(first, second)


def captioned(text: str, box: QWidget) -> QWidget:
    """`box` with a small caption above it (the forms' grid cells); the caption is its
    buddy, so a screen reader names the field."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(3)
    label = QLabel(text)
    label.setObjectName("hint")
    label.setBuddy(box)
    layout.addWidget(label)
    layout.addWidget(box)
    return holder


def contains_completer(
    parent: QWidget, model: QStringListModel, slot: Callable[[str], None]
) -> QCompleter:
    """A case-insensitive completer matching anywhere in the text; `slot` on a choice."""
    completer = QCompleter(model, parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setMaxVisibleItems(12)
    completer.activated.connect(slot)
    return completer
