"""Every page at 1024×700 (the smallest laptop) and at the 1180×760 default window: nothing
drawn over anything else, no column narrower than its header, Generar's Descripción readable,
one sidebar width, and Generar does not move when a client is chosen."""

# ruff: noqa: F401 - pytest fixtures imported by name
from __future__ import annotations

from itertools import combinations
from types import SimpleNamespace

import pytest
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QLayout,
    QScrollArea,
    QStackedLayout,
    QTableView,
    QWidget,
)

from facturador.ui import navigation
from facturador.ui.app import create_app
from facturador.ui.widgets import concept_table as ct
from facturador.ui.widgets.fields import OneLineLabel
from tests.pac_emulators.fixtures import finkok_emulator, sandbox, sat_emulator
from tests.ui.documents_fixtures import clock, fill_invoice, seed, services

SIZES = [(1024, 700), (1180, 760)]
HEADER_PADDING = 12  # QHeaderView::section { padding: 6px } in the theme, both sides
PAGES = [page.id for page in navigation.ENTRIES]


@pytest.fixture(autouse=True)
def themed(qapp):
    """The look the user gets (Fusion, the style sheet, the 10 pt font), before any window."""
    create_app()


# -- the checks ----------------------------------------------------------------------------


def _describe(widget: QWidget) -> str:
    text = ""
    for attr in ("text", "currentText", "placeholderText", "title"):
        getter = getattr(widget, attr, None)
        if callable(getter):
            try:
                text = str(getter())
            except TypeError:
                continue
            if text:
                break
    name = widget.objectName()
    return f"{type(widget).__name__}{'#' + name if name else ''}«{text[:30]}»"


def _laid_out(layout: QLayout) -> list[QWidget]:
    """The widgets `layout` places, through its nested layouts."""
    found: list[QWidget] = []
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item.widget() is not None:
            found.append(item.widget())
        elif item.layout() is not None:
            found.extend(_laid_out(item.layout()))
    return found


def _cut(widget: QWidget) -> bool:
    """A button, or a one-line label, narrower than its text."""
    one_line = isinstance(widget, QLabel) and not widget.wordWrap()
    if not (isinstance(widget, QAbstractButton) or one_line) or isinstance(widget, OneLineLabel):
        return False  # OneLineLabel elides on purpose, its tooltip holds the whole text
    return widget.width() < widget.sizeHint().width()


def overlapping(root: QWidget) -> list[str]:
    """Visible siblings placed by the same parent's layout that share pixels, visible
    children that stick out of that parent, and buttons or labels that cut their text.
    Stacked pages (QStackedLayout) and what a scroll area shows through its viewport are
    stacked on purpose and not compared."""
    problems: list[str] = []
    for parent in [root, *root.findChildren(QWidget)]:
        layout = parent.layout()
        if not parent.isVisible() or layout is None or isinstance(layout, QStackedLayout):
            continue
        children = [w for w in _laid_out(layout) if w.isVisible() and w.parentWidget() is parent]
        for first, second in combinations(children, 2):
            if first.geometry().intersects(second.geometry()):
                problems.append(
                    f"{_describe(first)} {first.geometry().getRect()} overlaps "
                    f"{_describe(second)} {second.geometry().getRect()} in {_describe(parent)}"
                )
        for child in children:
            if _cut(child):
                problems.append(
                    f"{_describe(child)} is {child.width()} px wide, its text needs "
                    f"{child.sizeHint().width()} px"
                )
            if not parent.rect().contains(child.geometry()):
                problems.append(
                    f"{_describe(child)} {child.geometry().getRect()} sticks out of "
                    f"{_describe(parent)} {parent.rect().getRect()}"
                )
    return problems


def narrow_columns(root: QWidget) -> list[str]:
    """Columns of visible tables narrower than their header text (drawn bold)."""
    problems: list[str] = []
    for view in root.findChildren(QTableView):
        if not view.isVisible():
            continue
        header = view.horizontalHeader()
        font = QFont(header.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        for column in range(header.count()):
            if header.isSectionHidden(column):
                continue
            text = str(view.model().headerData(column, header.orientation()) or "")
            needed = metrics.horizontalAdvance(text) + HEADER_PADDING
            if header.sectionSize(column) < needed:
                problems.append(f"«{text}»: {header.sectionSize(column)} px < {needed} px")
    return problems


def _settle(qtbot) -> None:
    qtbot.wait(150)  # layouts and the workers' answers


def _six_lines(qtbot, page) -> None:
    fill_invoice(qtbot, page)
    for index in range(4):
        row = page.concepts.add_concept()
        values = {ct.C_UNIDAD: "E48", ct.C_CLAVE: "84111500", ct.C_VALOR: "10000.00"}
        values[ct.C_DESC] = f"Asesoría contable adicional número {index + 1}"
        for column, value in values.items():
            editor = page.concepts.editor(row, column)
            editor.setText(value)
            editor.editingFinished.emit()  # as when the user moves on
    page.recompute()
    assert page.concepts.rowCount() == 6


# -- every page --------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_page_draws_over_itself_and_every_header_fits(qtbot, window, size):
    window.resize(*size)
    problems: dict[str, list[str]] = {}
    widths: dict[str, int] = {}
    for page_id in PAGES:
        page = window.show_page(page_id)
        if page_id == "cfdi":
            _six_lines(qtbot, page)
        _settle(qtbot)
        found = overlapping(window) + narrow_columns(page)
        if found:
            problems[page_id] = found
        widths[page_id] = window.nav.width()
    assert window.size().toTuple() == size
    assert not problems, problems
    assert len(set(widths.values())) == 1, widths  # the sidebar never moves


def test_every_sidebar_entry_is_whole(qtbot, window):
    window.resize(1024, 700)
    _settle(qtbot)
    nav = window.nav
    for item in window._all_items():
        rect = nav.visualItemRect(item)
        text = QFontMetrics(item.font(0)).horizontalAdvance(item.text(0))
        assert rect.right() <= nav.viewport().width(), item.text(0)
        assert rect.width() >= text, item.text(0)


# -- Generar CFDI ------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_generar_with_six_lines_keeps_descripcion_readable(qtbot, window, size):
    window.resize(*size)
    page = window.show_page("cfdi")
    _six_lines(qtbot, page)
    _settle(qtbot)
    table = page.concepts
    assert table.columnWidth(ct.C_DESC) >= ct.DESCRIPTION_MIN_WIDTH
    # what the columns need beyond the visible width is reached by scrolling sideways
    total = sum(table.columnWidth(c) for c in range(table.columnCount()))
    spare = table.viewport().width() - total
    assert spare >= 0 or table.horizontalScrollBar().maximum() >= -spare
    metrics = table.fontMetrics()
    for row in range(table.rowCount()):
        importe = table.item(row, ct.C_IMPORTE).text()
        assert importe.startswith("$"), importe
        assert table.columnWidth(ct.C_IMPORTE) >= metrics.horizontalAdvance(importe) + 8
    if size == (1180, 760):  # the default window shows the whole form, no scrolling
        scroll = page.findChild(QScrollArea, "pageScroll")
        assert scroll.verticalScrollBar().maximum() == 0
        assert scroll.horizontalScrollBar().maximum() == 0
    shot = f"/tmp/layout_generar_{size[0]}x{size[1]}.png"
    window.grab().save(shot)


def test_descripcion_takes_the_spare_width(qtbot, window):
    window.resize(1600, 900)
    page = window.show_page("cfdi")
    _six_lines(qtbot, page)
    _settle(qtbot)
    table = page.concepts
    total = sum(table.columnWidth(c) for c in range(table.columnCount()))
    assert table.columnWidth(ct.C_DESC) > ct.DESCRIPTION_MIN_WIDTH
    assert total == table.viewport().width()  # no gap on the right, no sideways scroll


def test_choosing_a_client_moves_nothing_below_it(qtbot, window):
    window.resize(1024, 700)
    page = window.show_page("cfdi")
    qtbot.waitUntil(lambda: bool(page.clients), timeout=10_000)
    _settle(qtbot)
    below = (page.tipo_combo, page.forma_combo, page.product_edit, page.concepts)
    before = [w.mapTo(page, w.rect().topLeft()).toTuple() for w in below]
    page.client_edit.completer().activated.emit("XOCHILT CASAS CHAVEZ — CACX7605101P8")
    _settle(qtbot)
    assert page.boxes["client"].message.text().startswith("RFC CACX7605101P8")
    assert page.uso_edit.text() == "G03"  # and the Uso's description shows under it
    after = [w.mapTo(page, w.rect().topLeft()).toTuple() for w in below]
    assert after == before


def test_catalog_suggestions_are_as_wide_as_their_rows(qtbot, window):
    window.resize(1024, 700)
    page = window.show_page("cfdi")
    row = page.concepts.add_concept()
    edit = page.concepts.editor(row, ct.C_CLAVE)
    edit.setFocus()
    qtbot.keyClicks(edit, "consultoria fiscal")
    popup = edit.completer().popup()
    # where the list opens (the offscreen platform closes a cell's popup right after)
    qtbot.waitUntil(lambda: popup.width() > edit.width(), timeout=5_000)
    model = edit.completer().completionModel()
    rows = [str(model.index(r, 0).data()) for r in range(model.rowCount())]
    widest = max(popup.fontMetrics().horizontalAdvance(text) for text in rows)
    screen = edit.screen().availableGeometry()
    assert popup.width() >= min(widest, screen.width() - 40) > edit.width()
    assert screen.contains(popup.geometry())


# -- Registros ---------------------------------------------------------------------------


def test_registros_filters_are_readable_at_1024(qtbot, window):
    window.resize(1024, 700)
    page = window.show_page("registros")
    _settle(qtbot)
    for edit in (page.client_edit, page.text_edit):
        placeholder = edit.fontMetrics().horizontalAdvance(edit.placeholderText())
        assert edit.width() >= placeholder + 12, edit.placeholderText()
    for combo in (page.state_combo, page.tipo_combo):
        assert combo.width() >= combo.sizeHint().width()
    window.grab().save("/tmp/layout_registros_1024x700.png")


# -- the PDF viewer ----------------------------------------------------------------------


def test_pdf_viewer_fits_the_screen_centred_on_its_parent(qtbot, window):
    from facturador.ui.dialogs.pdf_viewer import PREFERRED_HEIGHT, PdfViewer

    window.resize(1024, 700)
    page = window.show_page("registros")
    screen = window.screen().availableGeometry()
    assert screen.height() < PREFERRED_HEIGHT  # the offscreen screen is a small laptop's
    row = SimpleNamespace(id=-1, name="A-1", nombre_receptor="PUBLICO EN GENERAL")
    viewer = PdfViewer(window.ctx.services, row, parent=page)  # type: ignore[arg-type]
    qtbot.addWidget(viewer)
    viewer.show()  # (no such document: it says so inside; only its place matters here)
    frame = viewer.frameGeometry()
    assert screen.contains(frame), (frame, screen)
    # centred on the page, as far as the screen lets it be
    center = page.mapToGlobal(page.rect().center())
    for mid, wanted, low, high, start, end in (
        (
            frame.center().x(),
            center.x(),
            screen.left(),
            screen.right(),
            frame.left(),
            frame.right(),
        ),
        (
            frame.center().y(),
            center.y(),
            screen.top(),
            screen.bottom(),
            frame.top(),
            frame.bottom(),
        ),
    ):
        assert abs(mid - wanted) <= 1 or start == low or end == high
