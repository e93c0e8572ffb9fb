"""What the vehicle, driver and location dialogs share: a field box per service field,
save or delete in a worker, and a save's FieldError shown under its field in the form's
words; plus the Domicilio grid the location and the client dialogs both show."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from facturador.sat.errors import FacturadorError
from facturador.services.domicilio_fields import DOMICILIO_FIELDS
from facturador.ui import messages_catalogos_transporte as T
from facturador.ui import messages_fields as F
from facturador.ui.errors import gui_text, show_error
from facturador.ui.widgets.fields import (
    CatalogLineEdit,
    FieldBox,
    FormMessage,
    captioned,
    save_cancel_buttons,
)
from facturador.ui.workers import run_in_background

if TYPE_CHECKING:
    from facturador.services.complementos import Stored
    from facturador.ui.context import AppContext

__all__ = ["AddressFields", "HeightFit", "RowDialog", "field_text"]


def field_text(error: FacturadorError, labels: dict[str, str] | None = None) -> str:
    """A FieldError's sentence naming its field as these forms label it."""
    message_with = getattr(error, "message_with", None)
    if callable(message_with):
        names = {**F.FIELD_LABELS, **T.FIELD_LABELS, **(labels or {})}
        return str(message_with(names, {**F.FIELD_REASONS, **T.FIELD_REASONS}))
    return gui_text(error)


def _ask(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(parent, T.DELETE_CONFIRM_TITLE, text)
    return answer == QMessageBox.StandardButton.Yes


def text_of(edit: QLineEdit) -> str:
    code = getattr(edit, "code", None)
    return str(code()) if callable(code) else edit.text().strip()


class HeightFit(QObject):
    """Keeps a dialog as tall as its wrapped hints and messages need at its width: a
    top-level window does not grow for them by itself, and they would overlap. Shorter
    again when a message goes, unless the user made the dialog taller."""

    def __init__(self, dialog: QWidget) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.fitted = 0  # the height last given
        dialog.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kinds = (QEvent.Type.LayoutRequest, QEvent.Type.Show)
        if watched is self.dialog and event.type() in kinds:
            QTimer.singleShot(0, self, self.fit)  # once the layout knows the new sizes
        return False

    def fit(self) -> None:
        dialog = self.dialog
        layout = dialog.layout()
        if layout is None or not dialog.isVisible():
            return
        width = max(dialog.width(), dialog.minimumWidth())
        height = layout.totalHeightForWidth(width)
        if height < 0:
            return
        dialog.setMinimumHeight(height)
        if dialog.height() < height or dialog.height() == self.fitted:
            dialog.resize(width, height)
            self.fitted = height


class RowDialog(QDialog):
    """Subclasses lay out `self.boxes` (by the service's field names), give `data()` and
    the sentence asking before a delete; `save_fn(ctx, data, id)` and `remove_fn(ctx, id)`
    are the services' context functions."""

    labels: ClassVar[dict[str, str]] = {}  # field names this form labels its own way
    # (field, reason) of a FieldError this form explains its own way: the whole sentence
    sentences: ClassVar[dict[tuple[str, str], str]] = {}

    def __init__(
        self,
        ctx: AppContext,
        stored: Stored[Any] | None,
        *,
        title: str,
        save_fn: Callable[..., Any],
        remove_fn: Callable[..., Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stored = stored
        self.saved: Any = None
        self.deleted = False
        self.confirm = _ask  # tests answer for the user
        self._save_fn = save_fn
        self._remove_fn = remove_fn
        self.setWindowTitle(title)
        self.boxes: dict[str, FieldBox] = {}
        self.message = FormMessage()
        self.buttons = save_cancel_buttons()
        # The buttons' row: "Eliminar…" on the left, away from Guardar (when editing).
        self.bottom = QWidget()
        row = QHBoxLayout(self.bottom)
        row.setContentsMargins(0, 0, 0, 0)
        self.delete_button: QPushButton | None = None
        if stored is not None:
            self.delete_button = QPushButton(T.DELETE)
            self.delete_button.setAutoDefault(False)
            self.delete_button.clicked.connect(self.delete)
            row.addWidget(self.delete_button)
        row.addStretch(1)
        row.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.height_fit = HeightFit(self)

    def box(self, name: str, editor: QLineEdit, hint: str = "") -> FieldBox:
        """A field box for service field `name`; typing in it clears its error."""
        box = FieldBox(editor, hint)
        editor.textEdited.connect(lambda _text: box.clear())
        self.boxes[name] = box
        return box

    def cell(self, caption: str, name: str, editor: QLineEdit, hint: str = "") -> QWidget:
        """A grid cell: the caption over the field box."""
        return captioned(caption, self.box(name, editor, hint))

    # -- what subclasses give ------------------------------------------------------------

    def data(self) -> Any:
        raise NotImplementedError

    def delete_question(self) -> str:
        raise NotImplementedError

    # -- behaviour -------------------------------------------------------------------------

    def save(self) -> None:
        for box in self.boxes.values():
            box.clear()
        self.message.show_state("", "")
        self.bottom.setEnabled(False)
        run_in_background(
            self._save_fn,
            self.ctx.services,
            self.data(),
            self.stored.id if self.stored is not None else None,
            on_success=self._on_saved,
            on_failure=self._on_failed,
            on_finished=lambda: self.bottom.setEnabled(True),
            parent=self,
        )

    def delete(self) -> None:
        if self.stored is None or not self.confirm(self, self.delete_question()):
            return
        self.bottom.setEnabled(False)
        self.message.show_state(T.DELETING, "info")
        run_in_background(
            self._remove_fn,
            self.ctx.services,
            self.stored.id,
            on_success=self._on_deleted,
            on_failure=lambda error: show_error(self, error, inline=self.message),
            on_finished=lambda: self.bottom.setEnabled(True),
            parent=self,
        )

    def _on_saved(self, stored: Any) -> None:
        self.saved = stored
        self.accept()

    def _on_deleted(self, _result: object) -> None:
        self.deleted = True
        self.accept()

    def _on_failed(self, error: object) -> None:
        name = getattr(error, "field", None)
        if isinstance(error, FacturadorError) and name in self.boxes:
            box = self.boxes[str(name)]
            own = self.sentences.get((str(name), str(getattr(error, "reason", ""))))
            box.show_error(own or field_text(error, self.labels))
            box.editor.setFocus()
        else:
            show_error(self, error, inline=self.message)


class AddressFields(QWidget):
    """A Domicilio in a grid: calle and numbers, colonia, localidad, municipio, estado
    (c_Estado), país (c_Pais) and código postal; `boxes` by the service's field names."""

    NAMES = tuple(name for name, _attribute in DOMICILIO_FIELDS)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        catalogs = {"estado": "c_Estado", "pais": "c_Pais"}
        self.edits: dict[str, QLineEdit] = {
            name: CatalogLineEdit(catalogs[name], ctx.search_catalog)
            if name in catalogs
            else QLineEdit()
            for name in self.NAMES
        }
        self.edits["estado"].setPlaceholderText(T.ESTADO_HINT)
        self.edits["municipio"].setPlaceholderText(T.MUNICIPIO_HINT)
        self.edits["codigo_postal"].setMaxLength(12)
        self.boxes = {name: FieldBox(edit) for name, edit in self.edits.items()}
        for box in self.boxes.values():
            box.editor.textEdited.connect(lambda _text, box=box: box.clear())  # type: ignore[attr-defined]
        captions = {
            "calle": T.CALLE,
            "numero_exterior": T.NUMERO_EXTERIOR,
            "numero_interior": T.NUMERO_INTERIOR,
            "colonia": T.COLONIA,
            "localidad": T.LOCALIDAD,
            "municipio": T.MUNICIPIO,
            "estado": T.ESTADO,
            "pais": T.PAIS,
            "codigo_postal": T.CODIGO_POSTAL,
        }
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        # (name, row, column, column span) on a grid of four columns
        places = [
            ("calle", 0, 0, 2), ("numero_exterior", 0, 2, 1), ("numero_interior", 0, 3, 1),
            ("colonia", 1, 0, 2), ("localidad", 1, 2, 2),
            ("municipio", 2, 0, 2), ("estado", 2, 2, 2),
            ("pais", 3, 0, 2), ("codigo_postal", 3, 2, 2),
        ]  # fmt: skip
        for name, row, column, span in places:
            grid.addWidget(captioned(captions[name], self.boxes[name]), row, column, 1, span)
        for column in range(4):
            grid.setColumnStretch(column, 1)

    def values(self) -> dict[str, str | None]:
        return {name: text_of(edit) or None for name, edit in self.edits.items()}

    def fill(self, values: object) -> None:
        """From a mapping or an object with these attributes (UbicacionData)."""
        for name, edit in self.edits.items():
            value = values.get(name) if isinstance(values, dict) else getattr(values, name, None)
            edit.setText(str(value or ""))

    def tab_order(self) -> list[QWidget]:
        return [self.edits[name] for name in self.NAMES]
