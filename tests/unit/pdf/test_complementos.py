"""Comercio Exterior 2.0 and Carta Porte 3.1 printed after the totals, onto extra pages."""

from __future__ import annotations

import copy
import os
from pathlib import Path

from facturador.pdf import render_pdf
from facturador.sat.build import build_comprobante
from facturador.sat.credentials import Credential
from facturador.sat.sello import seal
from tests.unit.pdf.conftest import page_count, pdf_text, squeeze
from tests.unit.pdf.documents import add_timbre
from tests.unit.sat import test_carta_porte_generated as cp
from tests.unit.sat import test_comercio_exterior_generated as cce
from tests.unit.sat.conftest import FECHA


def _stamped(doc: dict[str, object], credential: Credential) -> bytes:
    return add_timbre(seal(build_comprobante(doc, fecha=FECHA), credential).xml)


def _carta_porte(mercancias: int) -> dict[str, object]:
    doc = cp._example()
    mercancia = cp._carta_porte_of(doc)["Mercancias"]["Mercancia"]  # type: ignore[index]
    first, second = mercancia
    items = [first] + [
        {**second, "Descripcion": f"Caja de gatos {n:02d}", "Cantidad": str(n)}
        for n in range(2, mercancias + 1)
    ]
    cp._carta_porte_of(doc)["Mercancias"]["Mercancia"] = items  # type: ignore[index]
    return doc


def _save(pdf: bytes, name: str) -> None:
    folder = os.environ.get("FACTURADOR_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(pdf)


def test_comercio_exterior_values_are_printed(pdf_credential: Credential, tmp_path: Path) -> None:
    pdf = render_pdf(_stamped(copy.deepcopy(cce.EXAMPLE), pdf_credential))
    _save(pdf, "comercio_exterior.pdf")
    text = pdf_text(pdf, tmp_path)
    for value in ("Comercio Exterior 2.0", "FOB", "17.2500", "A1", "ACE-01", "0101210100",
                  "Main St", "Laredo", "78040", "Kemper"):  # fmt: skip
        assert value in text, value
    flat = squeeze(text)
    assert "125.00" in flat  # ValorDolares = 10 x 12.50


def test_carta_porte_values_are_printed(pdf_credential: Credential, tmp_path: Path) -> None:
    pdf = render_pdf(_stamped(_carta_porte(2), pdf_credential))
    _save(pdf, "carta_porte.pdf")
    text = pdf_text(pdf, tmp_path)
    for value in ("Carta Porte 3.1", "OR000001", "DE000001", "520.5", "50151513", "95.5",
                  "TPAF01", "ABC1234", "T3S2", "XYZ987", "XOCHILT CASAS", "a234567890",
                  "G1234567890"):  # fmt: skip
        assert value in text, value
    flat = squeeze(text)
    assert "SegurosSA" in flat
    assert "CCC" in flat  # the IdCCP the builder generated
    assert "25/11/202608:00:00" in flat


def test_sixty_mercancias_flow_onto_pages_with_the_header_repeated(
    pdf_credential: Credential, tmp_path: Path
) -> None:
    pdf = render_pdf(_stamped(_carta_porte(60), pdf_credential))
    _save(pdf, "carta_porte_60_mercancias.pdf")
    pages = page_count(pdf)
    assert pages > 1
    texts = [pdf_text(pdf, tmp_path, page=n) for n in range(1, pages + 1)]
    with_rows = [n for n, t in enumerate(texts) if "Caja de gatos" in t]
    assert len(with_rows) > 1
    for n in with_rows:  # every page the table reaches starts it with its header row
        assert "Bienes transportados" in texts[n] or "BienesTransp" in texts[n], n
    everything = "\n".join(texts)
    for n in range(2, 61):
        assert f"Caja de gatos {n:02d}" in everything, n
