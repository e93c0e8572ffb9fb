"""Generar CFDI 4.0 end to end through the GUI against the loopback Finkok emulator."""

# ruff: noqa: F401, F811 - pytest fixtures imported by name
from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from sqlmodel import select

from facturador.models import Documento, read_session
from tests.pac_emulators.fixtures import finkok_emulator, sandbox, sat_emulator
from tests.ui.documents_fixtures import (
    clock,
    fill_invoice,
    press_generar,
    registros_state,
    seed,
    services,
)


def test_totals_are_live_and_checks_show_next_to_the_field(qtbot, window):
    page = window.show_page("cfdi")
    fill_invoice(qtbot, page)
    assert page.preview.sub_total == Decimal("3700.00")
    assert page.preview.total == Decimal("4292.00")
    assert page.totals["total"].text() == "$4,292.00"
    page.uso_edit.setText("ZZZ")
    page.recompute()
    assert page.boxes["uso"].has_error
    page.concepts.editor(1, 4).setText("")
    page.recompute()
    assert page.message.text()
    assert not page.preview.ok


def test_generate_and_see_it_stamped(qtbot, window, seed):
    page = window.show_page("cfdi")
    fill_invoice(qtbot, page)
    assert page.preview.ok, page.preview.findings
    press_generar(qtbot, page)
    qtbot.waitUntil(
        lambda: page.last_row is not None and page.last_row.state == "TIMBRADO", timeout=15_000
    )
    assert "timbrado" in page.result.text()
    assert registros_state(qtbot, window, page.last_row.name, "TIMBRADO")


def test_offline_then_stamped_when_the_pac_comes_back(qtbot, window, seed, clock):
    seed.stop()
    page = window.show_page("cfdi")
    fill_invoice(qtbot, page)
    press_generar(qtbot, page)
    qtbot.waitUntil(lambda: page.last_row is not None, timeout=10_000)
    runner = window.queue_runner
    qtbot.waitUntil(lambda: not runner.running and runner.connection == "offline", timeout=15_000)
    assert registros_state(qtbot, window, page.last_row.name, "EN_COLA")
    seed.start()
    clock.advance(minutes=30)  # past the retry's backoff
    runner.check_connection()  # the runner's periodic check: back online -> a pass at once
    qtbot.waitUntil(lambda: page.last_row.state == "TIMBRADO", timeout=15_000)
    assert registros_state(qtbot, window, page.last_row.name, "TIMBRADO")


def test_draft_is_saved_and_resumed(qtbot, window, seed):
    page = window.show_page("cfdi")
    fill_invoice(qtbot, page)
    page.draft_button.click()
    qtbot.waitUntil(lambda: page.draft_id is not None, timeout=10_000)
    page.clear()
    registros = window.show_page("registros")
    registros.model.reload()
    qtbot.waitUntil(lambda: registros.model.rowCount() == 1, timeout=10_000)
    registros.select_row(0)
    assert registros.actions["open"].isEnabled()
    registros.actions["open"].trigger()
    qtbot.waitUntil(lambda: page.concepts.rowCount() == 2, timeout=10_000)
    assert page.draft_id is not None
    assert page.receptor["Rfc"] == "CACX7605101P8"


def test_related_cfdi_are_chosen_from_registros(qtbot, window, seed):
    page = window.show_page("cfdi")
    fill_invoice(qtbot, page)
    press_generar(qtbot, page)
    qtbot.waitUntil(
        lambda: page.last_row is not None and page.last_row.state == "TIMBRADO", timeout=15_000
    )
    first = page.last_row
    fill_invoice(qtbot, page)
    page.relation_button.click()
    dialog = page.relations_dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10_000)
    dialog.table.selectRow(0)
    dialog.accept()
    assert page.relation_combo.code() == "04"
    assert page.relation_edit.text() == first.uuid
    page.recompute()
    assert page.data()["CfdiRelacionados"] == [
        {"TipoRelacion": "04", "CfdiRelacionado": [{"UUID": first.uuid}]}
    ]


def _documents(services) -> list[str]:
    with read_session(services.engine) as session:
        return [d.state for d in session.exec(select(Documento)).all()]


def test_generar_shows_a_summary_and_issues_only_after_confirming(qtbot, window, seed, services):
    page = window.show_page("cfdi")
    fill_invoice(qtbot, page)
    page.window().activateWindow()  # a completer's popup took the activation with it
    qtbot.waitUntil(page.window().isActiveWindow, timeout=5_000)
    page.concepts.setFocus()
    qtbot.keyClick(page.concepts, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    dialog = page.flow.summary_dialog
    assert dialog is not None
    assert dialog.isVisible()
    shown = {caption: label.text() for caption, label in dialog.values.items()}
    assert shown["Receptor"] == "XOCHILT CASAS CHAVEZ · RFC CACX7605101P8"
    assert shown["Total"] == "$4,292.00 MXN"
    assert shown["Forma de pago"] == "03 – Transferencia electrónica de fondos"
    assert shown["Método de pago"] == "PUE – Pago en una sola exhibición"
    assert shown["Moneda"] == "MXN"
    assert dialog.generate_button.isDefault()
    dialog.grab().save("/tmp/cfdi_summary_dialog.png")
    qtbot.mouseClick(dialog.back_button, Qt.MouseButton.LeftButton)  # «Volver a editar»
    qtbot.waitUntil(lambda: page.flow.summary_dialog is None, timeout=5_000)
    qtbot.wait(200)
    assert page.last_row is None
    assert _documents(services) == []
    assert page.concepts.rowCount() == 2  # the form is as it was
    row = press_generar(qtbot, page, wait_stamped=True)
    assert _documents(services) == ["TIMBRADO"]
    qtbot.waitUntil(lambda: "timbrado" in page.result.text(), timeout=10_000)
    # the next invoice: the old success message goes as soon as the form is edited
    page.client_edit.completer().activated.emit("XOCHILT CASAS CHAVEZ — CACX7605101P8")
    assert not page.result.isVisible()
    assert row.name not in page.result.text()


def test_nuevo_with_edits_asks_and_cancel_keeps_them(qtbot, window, seed):
    page = window.show_page("cfdi")
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.flow.discard_dialog is None  # nothing to lose: no question
    fill_invoice(qtbot, page)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    box = page.flow.discard_dialog
    assert box is not None
    assert box.isVisible()
    assert box.text() == "¿Descartar los cambios de este comprobante?"
    assert box.defaultButton().text() == "Seguir editando"  # the safe choice
    box.defaultButton().click()
    qtbot.waitUntil(lambda: page.flow.discard_dialog is None, timeout=5_000)
    assert page.concepts.rowCount() == 2
    assert page.client_edit.text() == "XOCHILT CASAS CHAVEZ — CACX7605101P8"
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    page.flow.discard_button.click()  # «Descartar cambios»
    qtbot.waitUntil(lambda: page.concepts.rowCount() == 0, timeout=5_000)
    assert page.client_edit.text() == ""


def _add_client(services, rfc: str, nombre: str, **extra) -> None:
    from facturador.services.directory import client_data, save_client

    save_client(
        services,
        client_data(rfc=rfc, nombre=nombre, regimen_fiscal_receptor="616",
                    domicilio_fiscal_receptor="42501", uso_cfdi="S01", **extra)
    )  # fmt: skip


def _choose(qtbot, page, text: str) -> None:
    qtbot.waitUntil(
        lambda: any(f"{c.nombre} — {c.rfc}" == text for c in page.clients), timeout=10_000
    )
    page.client_edit.completer().activated.emit(text)
    page.uso_edit.setText("S01")  # else the first client's G03 stays
    page.recompute()


def test_publico_en_general_gets_the_global_period_and_the_document_carries_it(
    qtbot, window, seed, services
):
    from facturador.models import Documento, read_session

    _add_client(services, "XAXX010101000", "PUBLICO EN GENERAL")
    _add_client(services, "XAXX010101000", "JUAN PEREZ LOPEZ")
    page = window.show_page("cfdi")
    window.ctx.changed.emit("clients")
    fill_invoice(qtbot, page)
    assert not page.global_holder.isVisibleTo(page)  # a client with its own RFC
    _choose(qtbot, page, "JUAN PEREZ LOPEZ — XAXX010101000")
    assert not page.global_holder.isVisibleTo(page)  # a named customer: no CFDI global
    assert "InformacionGlobal" not in page.data()
    _choose(qtbot, page, "PUBLICO EN GENERAL — XAXX010101000")
    assert page.global_holder.isVisibleTo(page)
    row = page.global_row
    now = services.now().astimezone(ZoneInfo("America/Mexico_City"))
    assert row.value() == {"Periodicidad": "04", "Meses": f"{now.month:02d}", "Año": str(now.year)}
    periodicidades = [row.periodicidad_combo.itemData(i) for i in range(4)]
    assert periodicidades == ["01", "02", "03", "04"]
    assert row.periodicidad_combo.count() == 4  # 05 (bimestral) is for régimen 621 only
    assert [row.anio_combo.itemData(i) for i in range(2)] == [str(now.year), str(now.year - 1)]
    assert row.meses_combo.count() == 12
    row.periodicidad_combo.set_code("01")
    row.meses_combo.set_code("03")
    row.anio_combo.set_code(str(now.year - 1))
    page.recompute()
    assert page.preview.ok, page.preview.findings
    assert page.data()["InformacionGlobal"] == {
        "Periodicidad": "01", "Meses": "03", "Año": str(now.year - 1)
    }  # fmt: skip
    page.resize(1200, 820)
    page.grab().save("/tmp/generar_cfdi_global.png")
    chosen = page.data()["InformacionGlobal"]
    page.load_data(page.data())  # a draft or a duplicate keeps its period
    assert page.global_row.value() == chosen
    page.tipo_combo.set_code("E")
    page.recompute()
    assert not page.global_holder.isVisibleTo(page)  # an Egreso carries none
    page.tipo_combo.set_code("I")
    page.recompute()

    press_generar(qtbot, page)
    qtbot.waitUntil(lambda: page.last_row is not None, timeout=15_000)
    with read_session(services.engine) as session:
        sealed = session.get(Documento, page.last_row.id).sealed_xml
    expected = f'<cfdi:InformacionGlobal Periodicidad="01" Meses="03" Año="{now.year - 1}"/>'
    assert expected.encode() in sealed


def test_a_foreign_clients_ids_go_into_the_receptor(qtbot, window, seed, services):
    _add_client(services, "XEXX010101000", "ACME INC", residencia_fiscal="USA",
                num_reg_id_trib="123456789")  # fmt: skip
    page = window.show_page("cfdi")
    window.ctx.changed.emit("clients")
    fill_invoice(qtbot, page)
    _choose(qtbot, page, "ACME INC — XEXX010101000")
    qtbot.waitUntil(lambda: "ResidenciaFiscal" in (page.receptor or {}), timeout=10_000)
    receptor = page.data()["Receptor"]
    assert (receptor["ResidenciaFiscal"], receptor["NumRegIdTrib"]) == ("USA", "123456789")
    assert not page.global_holder.isVisibleTo(page)
    page.recompute()
    assert page.preview.ok, page.preview.findings
