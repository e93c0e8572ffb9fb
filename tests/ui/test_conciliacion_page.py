"""Conciliación con el SAT: the differences of a company built through the real use cases
(tests/unit/services/reconciliation_data.py), grouped with counts; each row's action."""

from __future__ import annotations

import os

import pytest

from facturador.services.context import Context
from facturador.services.secrets import MemorySecretStore
from tests.ui.conftest import StubProbe
from tests.unit.services.company_setup import install_test_company
from tests.unit.services.reconciliation_data import NOW, build, list_69b

SHOTS = os.environ.get("FACTURADOR_SCREENSHOTS", "/tmp")


@pytest.fixture
def services(template_db, shared_sat, tmp_path):
    import shutil

    from facturador.services.settings import database_path

    shutil.copy(template_db, database_path())
    ctx = Context(secrets_=MemorySecretStore(), clock=lambda: NOW, probe=StubProbe())
    company = install_test_company(ctx.engine, shared_sat / "csd", ctx.secrets)
    build(ctx, company, tmp_path / "sat")
    return ctx


@pytest.fixture
def seed():
    return None


@pytest.fixture(autouse=True)
def _theme(qapp):
    from facturador.ui.theme import apply_theme

    sheet, palette, style = qapp.styleSheet(), qapp.palette(), qapp.style().name()
    apply_theme(qapp)
    yield
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setStyle(style)


def _select(qtbot, page, kind):
    index = next(i for i, d in enumerate(page.rows) if d is not None and d.kind == kind)
    page.table.selectRow(index)
    qtbot.waitUntil(lambda: page.selected() is page.rows[index], timeout=5_000)
    return page.rows[index]


def test_the_differences_by_kind_and_the_action_of_each(qtbot, window, tmp_path):
    window.resize(1180, 760)
    runner = window.queue_runner
    runner.stop()  # the window's first pass may have sent A-5 meanwhile: its state decides
    qtbot.waitUntil(lambda: not runner.running, timeout=15_000)
    page = window.show_page("conciliacion")
    assert window.current_page_id() == "conciliacion"
    qtbot.waitUntil(lambda: page.report is not None, timeout=15_000)
    counts = {kind: card.value.text() for kind, card in page.kpis.items()}
    assert counts == {"falta_aqui": "1", "cancelado_en_sat": "1", "vigente_en_sat": "1",
                      "ppd_sin_pago": "1", "emisor_69b": "0"}  # fmt: skip
    assert page.list_label.text() == "Lista 69-B: no importada"
    titles = [page.table.item(r, 0).text() for r, d in enumerate(page.rows) if d is None]
    assert titles == [
        "Timbrados en el SAT que no están aquí (1)",
        "Cancelados en el SAT, vigentes aquí (1)",
        "Vigentes en el SAT, cancelados aquí (1)",
        "Facturas PPD sin complemento de pago (1)",
    ]
    # the first difference is selected: the lost answer of A-5
    lost = page.selected()
    assert lost.serie_folio == "A-5"
    if lost.state == "EN_COLA":  # the pass recovers the stamp from the PAC
        assert page.action_button.text() == "Consultar en el SAT"
        assert page.what.text().startswith("Qué hacer: Se perdió la respuesta del PAC")
    else:  # the window's PAC (the demo) answered for it: never sealed again
        assert lost.state == "RECHAZADO"
        assert page.action_button.text() == "Abrir en Registros"
        assert "No lo vuelva a sellar" in page.what.text()

    # cancelled at the SAT: "Consultar en el SAT" asks the company's PAC in a worker
    cancelled = _select(qtbot, page, "cancelado_en_sat")
    assert page.action_button.text() == "Consultar en el SAT"
    page.action_button.click()
    qtbot.waitUntil(lambda: page.last_status is not None, timeout=15_000)
    assert page.last_status.uuid == cancelled.uuid
    assert page.message.text().startswith(f"Respuesta del SAT para {cancelled.uuid}:")

    active = _select(qtbot, page, "vigente_en_sat")
    assert page.action_button.text() == "Abrir en Registros"
    page.action_button.click()
    assert window.current_page_id() == "registros"
    records = window.show_page("registros")
    assert records.text_edit.text() == active.uuid
    qtbot.waitUntil(lambda: records.model.total == 1, timeout=10_000)
    assert records.model.row_at(0).uuid == active.uuid
    page = window.show_page("conciliacion")
    qtbot.waitUntil(lambda: page.report is not None and bool(page.rows), timeout=15_000)
    _select(qtbot, page, "ppd_sin_pago")
    assert page.action_button.text() == "Generar complemento de pago"

    # the 69-B list, imported from the page: two received CFDIs appear with "Ver CFDI"
    page.import_list(list_69b(tmp_path / "Listado_Completo_69-B.csv", "Presunto"))
    qtbot.waitUntil(lambda: page.kpis["emisor_69b"].value.text() == "2", timeout=15_000)
    assert page.list_label.text() == "Lista 69-B importada el 25/11/2026"
    assert "3 contribuyentes; en situación presunto: 1, definitivo: 1." in page.message.text()
    flagged = _select(qtbot, page, "emisor_69b")
    assert page.action_button.text() == "Ver CFDI"
    qtbot.wait(50)
    window.grab().save(f"{SHOTS}/conciliacion.png")
    page.action_button.click()
    assert window.current_page_id() == "recibidos"
    inbox = window.show_page("recibidos")  # the page the action showed
    assert inbox.text_edit.text() == flagged.uuid
    qtbot.waitUntil(lambda: [r.uuid for r in inbox.model.rows] == [flagged.uuid],
                    timeout=10_000)  # fmt: skip

    # "Generar complemento de pago" opens Pagos with the invoice
    page = window.show_page("conciliacion")
    qtbot.waitUntil(lambda: page.report is not None and bool(page.rows), timeout=15_000)
    unpaid = _select(qtbot, page, "ppd_sin_pago")
    page.action_button.click()
    qtbot.waitUntil(lambda: window.current_page_id() == "pagos", timeout=10_000)
    assert unpaid.uuid
