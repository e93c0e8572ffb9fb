"""Add, edit or delete a vehicle for Carta Porte: SCT permit, the vehicle's identification,
its insurance and up to two trailers. The services check every key (services.complementos)."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from facturador.services.complementos import VehiculoData, remove_vehiculo, save_vehiculo
from facturador.ui import messages_catalogos_transporte as T
from facturador.ui.dialogs._row_dialog import RowDialog, text_of
from facturador.ui.widgets.fields import CatalogLineEdit, FieldBox

if TYPE_CHECKING:
    from facturador.services.complementos import Stored
    from facturador.ui.context import AppContext

__all__ = ["VehicleDialog"]

TRAILERS = 2
# (service field of the insurer, of the policy, the row's label, optional)
INSURANCE = (
    ("asegura_resp_civil", "poliza_resp_civil", T.VEHICLE_RESP_CIVIL, False),
    ("asegura_med_ambiente", "poliza_med_ambiente", T.VEHICLE_MED_AMBIENTE, True),
    ("asegura_carga", "poliza_carga", T.VEHICLE_CARGA, True),
)


def _grid(parent: QWidget) -> QGridLayout:
    grid = QGridLayout(parent)
    grid.setHorizontalSpacing(12)
    grid.setVerticalSpacing(6)
    grid.setAlignment(Qt.AlignmentFlag.AlignTop)
    return grid


def _top(grid: QGridLayout, widget: QWidget, row: int, column: int, span: int = 1) -> None:
    grid.addWidget(widget, row, column, 1, span, Qt.AlignmentFlag.AlignTop)


class VehicleDialog(RowDialog):
    sentences: ClassVar[dict[tuple[str, str], str]] = {
        ("remolques", "required"): T.VEHICLE_TRAILER_INCOMPLETE
    }

    def __init__(
        self,
        ctx: AppContext,
        vehicle: Stored[VehiculoData] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx,
            vehicle,
            title=T.VEHICLE_EDIT if vehicle else T.VEHICLE_NEW,
            save_fn=save_vehiculo,
            remove_fn=remove_vehiculo,
            parent=parent,
        )
        self.setMinimumWidth(700)
        self.alias_edit = QLineEdit()
        self.perm_edit = CatalogLineEdit("c_TipoPermiso", ctx.search_catalog)
        self.num_perm_edit = QLineEdit()
        self.num_perm_edit.setMaxLength(50)
        self.config_edit = CatalogLineEdit("c_ConfigAutotransporte", ctx.search_catalog)
        self.peso_edit = QLineEdit()
        self.peso_edit.setPlaceholderText("26.5")
        self.placa_edit = QLineEdit()
        self.placa_edit.setMaxLength(10)
        self.anio_edit = QLineEdit()
        self.anio_edit.setMaxLength(4)
        self.anio_edit.setPlaceholderText("2020")
        self.insurance_edits = {
            name: QLineEdit() for insurer, policy, _l, _o in INSURANCE for name in (insurer, policy)
        }
        self.trailer_edits = [
            (CatalogLineEdit("c_SubTipoRem", ctx.search_catalog), QLineEdit())
            for _ in range(TRAILERS)
        ]
        for subtipo, placa in self.trailer_edits:
            subtipo.setPlaceholderText(T.VEHICLE_SUBTIPO_HINT)
            placa.setMaxLength(10)
        self._layout()
        if vehicle is not None:
            self._fill(vehicle.data)

    def _layout(self) -> None:
        main = QWidget()
        grid = _grid(main)
        grid.setContentsMargins(0, 0, 0, 0)
        _top(
            grid,
            self.cell(T.VEHICLE_ALIAS, "alias", self.alias_edit, T.VEHICLE_ALIAS_HINT),
            0,
            0,
            2,
        )
        _top(grid, self.cell(T.VEHICLE_PLACA, "placa_vm", self.placa_edit), 0, 2)
        _top(grid, self.cell(T.VEHICLE_PERM, "perm_sct", self.perm_edit, T.VEHICLE_PERM_HINT), 1, 0)
        _top(grid, self.cell(T.VEHICLE_NUM_PERM, "num_permiso_sct", self.num_perm_edit), 1, 1)
        _top(grid, self.cell(T.VEHICLE_ANIO, "anio_modelo_vm", self.anio_edit), 1, 2)
        config = self.cell(
            T.VEHICLE_CONFIG, "config_vehicular", self.config_edit, T.VEHICLE_CONFIG_HINT
        )
        _top(grid, config, 2, 0)
        peso = self.cell(
            T.VEHICLE_PESO, "peso_bruto_vehicular", self.peso_edit, T.VEHICLE_PESO_HINT
        )
        _top(grid, peso, 2, 1)
        for column in range(3):
            grid.setColumnStretch(column, 1)

        insurance = QGroupBox(T.VEHICLE_INSURANCE)
        seguros = _grid(insurance)
        for column, caption in ((1, T.VEHICLE_INSURER), (2, T.VEHICLE_POLICY)):
            header = QLabel(caption)
            header.setObjectName("hint")
            seguros.addWidget(header, 0, column)
        for row, (insurer, policy, label, optional) in enumerate(INSURANCE, start=1):
            seguros.addWidget(
                QLabel(f"{label} {T.VEHICLE_OPTIONAL}" if optional else label), row, 0
            )
            _top(seguros, self.box(insurer, self.insurance_edits[insurer]), row, 1)
            _top(seguros, self.box(policy, self.insurance_edits[policy]), row, 2)
        seguros.setColumnStretch(1, 3)
        seguros.setColumnStretch(2, 2)

        trailers = QWidget()
        remolques = _grid(trailers)
        remolques.setContentsMargins(0, 0, 0, 0)
        for column, caption in ((1, T.VEHICLE_SUBTIPO), (2, T.VEHICLE_TRAILER_PLACA)):
            header = QLabel(caption)
            header.setObjectName("hint")
            remolques.addWidget(header, 0, column)
        for index, (subtipo, placa) in enumerate(self.trailer_edits, start=1):
            remolques.addWidget(QLabel(T.VEHICLE_TRAILER.format(n=index)), index, 0)
            remolques.addWidget(subtipo, index, 1)
            remolques.addWidget(placa, index, 2)
        remolques.setColumnStretch(1, 3)
        remolques.setColumnStretch(2, 2)
        trailers_group = QGroupBox(f"{T.VEHICLE_TRAILERS} {T.VEHICLE_OPTIONAL}")
        trailers_layout = QVBoxLayout(trailers_group)
        self.boxes["remolques"] = FieldBox(trailers)
        trailers_layout.addWidget(self.boxes["remolques"])
        for subtipo, placa in self.trailer_edits:
            for edit in (subtipo, placa):
                edit.textEdited.connect(lambda _t: self.boxes["remolques"].clear())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(10)
        layout.addWidget(main)
        layout.addWidget(insurance)
        layout.addWidget(trailers_group)
        layout.addWidget(self.message)
        layout.addWidget(self.bottom)
        order: list[QWidget] = [
            self.alias_edit, self.placa_edit, self.perm_edit, self.num_perm_edit,
            self.anio_edit, self.config_edit, self.peso_edit,
            *self.insurance_edits.values(),
            *(edit for pair in self.trailer_edits for edit in pair),
        ]  # fmt: skip
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _fill(self, data: VehiculoData) -> None:
        self.alias_edit.setText(data.alias)
        self.perm_edit.setText(data.perm_sct)
        self.num_perm_edit.setText(data.num_permiso_sct)
        self.config_edit.setText(data.config_vehicular)
        self.peso_edit.setText(data.peso_bruto_vehicular)
        self.placa_edit.setText(data.placa_vm)
        self.anio_edit.setText(data.anio_modelo_vm)
        for name, edit in self.insurance_edits.items():
            edit.setText(getattr(data, name) or "")
        for (subtipo, placa), remolque in zip(self.trailer_edits, data.remolques, strict=False):
            subtipo.setText(remolque.get("SubTipoRem", ""))
            placa.setText(remolque.get("Placa", ""))

    def data(self) -> VehiculoData:
        seguros = {name: text_of(edit) or None for name, edit in self.insurance_edits.items()}
        return VehiculoData(
            alias=text_of(self.alias_edit),
            perm_sct=text_of(self.perm_edit),
            num_permiso_sct=text_of(self.num_perm_edit),
            config_vehicular=text_of(self.config_edit),
            peso_bruto_vehicular=text_of(self.peso_edit),
            placa_vm=text_of(self.placa_edit),
            anio_modelo_vm=text_of(self.anio_edit),
            asegura_resp_civil=seguros.pop("asegura_resp_civil") or "",
            poliza_resp_civil=seguros.pop("poliza_resp_civil") or "",
            remolques=[
                {"SubTipoRem": text_of(subtipo), "Placa": text_of(placa)}
                for subtipo, placa in self.trailer_edits
                if text_of(subtipo) or text_of(placa)
            ],
            **seguros,
        )

    def delete_question(self) -> str:
        assert self.stored is not None
        return T.VEHICLE_DELETE_CONFIRM.format(alias=self.stored.data.alias)
