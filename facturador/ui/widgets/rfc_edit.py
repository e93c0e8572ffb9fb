"""RFC fields that take an RFC as people paste it: "cacx-760510-1p8" becomes "CACX7605101P8".

The line edit's length limit would cut a pasted RFC with dashes before it could be cleaned
("CACX-760510-1"), so the limit is loose and the validator cleans first (facturador.sat.rfc.
normalize_rfc), then refuses only what is still longer than an RFC. Partial input stays
Acceptable, so editingFinished (and the field's own checks) still fire for it.
"""

from __future__ import annotations

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QLineEdit

from facturador.sat.rfc import FISICA_LENGTH, normalize_rfc

__all__ = ["RfcValidator", "make_rfc_edit"]

_PASTE_ROOM = 32  # an RFC with a separator between every character still fits


class RfcValidator(QValidator):
    def validate(self, text: str, position: int) -> tuple[QValidator.State, str, int]:
        cleaned = normalize_rfc(text)
        if len(cleaned) > FISICA_LENGTH:
            return QValidator.State.Invalid, text, position
        return QValidator.State.Acceptable, cleaned, len(normalize_rfc(text[:position]))

    def fixup(self, text: str) -> str:
        return normalize_rfc(text)[:FISICA_LENGTH]


def make_rfc_edit(edit: QLineEdit | None = None) -> QLineEdit:
    """`edit` (or a new line edit) cleaning and upper-casing what is typed or pasted."""
    edit = edit if edit is not None else QLineEdit()
    edit.setMaxLength(_PASTE_ROOM)
    edit.setValidator(RfcValidator(edit))
    return edit
