"""The inbox says which complements a received CFDI carries and shows their data."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest

from facturador.sat.build import build_comprobante
from facturador.sat.sello import seal
from tests.ui.conftest import create_eku
from tests.unit.pdf.documents import add_timbre, load_credential
from tests.unit.sat import test_carta_porte_generated as cp
from tests.unit.sat import test_comercio_exterior_generated as cce
from tests.unit.sat.conftest import FECHA

SHOTS = os.environ.get("FACTURADOR_SCREENSHOTS", "/tmp")

pytestmark = pytest.mark.usefixtures("themed_page")


@pytest.fixture(autouse=True)
def seed(services):
    create_eku(services)


def _stamped(doc: dict[str, object]) -> bytes:
    return add_timbre(seal(build_comprobante(doc, fecha=FECHA), load_credential()).xml)


def _select(qtbot, page, predicate) -> None:
    rows = page.model.rows
    index = next(i for i, r in enumerate(rows) if predicate(r))
    page.table.selectRow(index)
    qtbot.waitUntil(lambda: page.detail is not None and page.detail.row.id == rows[index].id,
                    timeout=10_000)  # fmt: skip


def test_carta_porte_and_comercio_exterior_in_the_detail(qtbot, window, tmp_path):
    (tmp_path / "traslado.xml").write_bytes(_stamped(cp._example()))
    (tmp_path / "exportacion.xml").write_bytes(_stamped(copy.deepcopy(cce.EXAMPLE)))
    window.resize(1180, 900)
    page = window.show_page("recibidos")
    page.import_paths([tmp_path])
    qtbot.waitUntil(lambda: page.last_import is not None and not page.busy, timeout=30_000)
    assert (page.last_import.importados, page.last_import.errores) == (2, 0), page.message.text()
    qtbot.waitUntil(lambda: len(page.model.rows) == 2, timeout=30_000)

    _select(qtbot, page, lambda r: r.tipo == "T")
    assert page.detail.complementos == ("Carta Porte 3.1",)
    assert page.complements_line.text() == "Complementos: Carta Porte 3.1"
    assert page.complements_line.isVisible()
    text = page.complement_text.toPlainText()
    for value in ("Carta Porte 3.1", "OR000001", "DE000001", "520.5", "ABC1234", "T3S2",
                  "XOCHILT CASAS", "50151513"):  # fmt: skip
        assert value in text, value
    page.complement_text.verticalScrollBar().setValue(0)
    window.grab().save(str(Path(SHOTS) / "recibidos_carta_porte.png"))

    _select(qtbot, page, lambda r: r.tipo == "I")
    assert page.complements_line.text() == "Complementos: Comercio Exterior 2.0"
    text = page.complement_text.toPlainText()
    for value in ("FOB", "17.2500", "ACE-01", "0101210100", "Main St", "Laredo"):
        assert value in text, value
    window.grab().save(str(Path(SHOTS) / "recibidos_comercio_exterior.png"))

    page.pdf_button.click()  # the printed representation carries the complement too
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.ready, timeout=30_000)
    assert page.dialog.pdf.startswith(b"%PDF")
    assert b"Comercio Exterior 2.0" in page.dialog.pdf
    page.dialog.close()

    page.table.clearSelection()
    qtbot.waitUntil(lambda: not page.complements_line.isVisible(), timeout=10_000)
    assert not page.complement_text.isVisible()
