"""The one funnel from an exception to what the user reads.

- `OperationCancelled` → nothing.
- A `FacturadorError` → its Spanish `message` (it says what to do) as the window says it
  (`gui_text`: a field by its form label, a page instead of a command), in a message box
  or, with `inline=`, in the label next to the form.
- Anything else → the traceback goes to the log, the user gets a generic message with a
  "Copiar detalles" button.
- A damaged database (an error whose `corrupt` is true), wherever a worker found it, goes
  to the damage handler (`set_damage_handler`: the main window, which stops the
  background work and offers the restore) instead of a dialog.

Tests replace the presenter with `set_presenter` to record what would have been shown,
without a blocking dialog.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from facturador.sat.errors import FacturadorError
from facturador.ui import messages as M

__all__ = [
    "OperationCancelled",
    "Shown",
    "error_text",
    "gui_text",
    "set_damage_handler",
    "set_presenter",
    "show_error",
]

log = logging.getLogger(__name__)


class OperationCancelled(Exception):
    """The user cancelled; nothing to show."""


@dataclass(frozen=True, slots=True)
class Shown:
    """What the funnel showed: the Spanish text, and details when it was unexpected."""

    text: str
    details: str | None = None


Presenter = Callable[[QWidget | None, Shown], None]


def _message_box(parent: QWidget | None, shown: Shown) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle(M.ERROR_TITLE)
    box.setIcon(QMessageBox.Icon.Warning if shown.details is None else QMessageBox.Icon.Critical)
    box.setText(shown.text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    if shown.details is not None:
        copy = box.addButton(M.COPY_DETAILS, QMessageBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QApplication.clipboard().setText(shown.details or ""))
        box.setDetailedText(shown.details)
    box.exec()


_presenter: Presenter = _message_box


def set_presenter(presenter: Presenter | None) -> Presenter:
    """Replace the presenter (None restores the message box); returns the previous one."""
    global _presenter  # noqa: PLW0603 - the app's one funnel, swappable for tests
    previous = _presenter
    _presenter = presenter or _message_box
    return previous


DamageHandler = Callable[[object], bool]  # True: handled (shown with the restore)
_damage_handler: DamageHandler | None = None


def set_damage_handler(handler: DamageHandler | None) -> DamageHandler | None:
    """Who shows a damaged database (the main window); returns the previous one."""
    global _damage_handler  # noqa: PLW0603 - the app's one funnel
    previous = _damage_handler
    _damage_handler = handler
    return previous


def _handled_as_damage(error: object) -> bool:
    return bool(getattr(error, "corrupt", False)) and (
        _damage_handler is not None and _damage_handler(error)
    )


def gui_text(error: FacturadorError) -> str:
    """An expected error's sentence in the window's words: a FieldError names its field as
    the form labels it; no sentence tells the user to run a command (ui.messages_fields)."""
    from facturador.ui import messages_fields as F

    message_with = getattr(error, "message_with", None)
    if callable(message_with):
        return str(message_with(F.FIELD_LABELS, F.FIELD_REASONS))
    return F.gui_sentence(error.message)


def error_text(error: object) -> Shown | None:
    """What the user reads for `error`; None for a cancellation."""
    if isinstance(error, OperationCancelled):
        return None
    if isinstance(error, FacturadorError):
        return Shown(gui_text(error))
    if isinstance(error, BaseException):
        details = "".join(traceback.format_exception(error))
        log.error("unexpected error\n%s", details)
    else:
        details = repr(error)
        log.error("unexpected error: %s", details)
    return Shown(M.UNEXPECTED_ERROR, details)


def show_error(parent: QWidget | None, error: object, *, inline: QLabel | None = None) -> None:
    """Show `error` to the user: in `inline` when given and expected, else in a dialog."""
    shown = error_text(error)
    if shown is None:
        return
    if _handled_as_damage(error) and inline is None:
        return
    if inline is not None and shown.details is None:
        inline.setText(shown.text)
        inline.setProperty("state", "error")
        inline.style().unpolish(inline)
        inline.style().polish(inline)
        inline.setVisible(True)
        return
    _presenter(parent, shown)
