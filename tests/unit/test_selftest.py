"""`facturador --autoprueba`: passes from source, and names the step that breaks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facturador import selftest
from facturador.cli import main
from facturador.sat.resources import resource_path

GOLDEN = Path(__file__).parent / "sat" / "golden" / "ingreso_iva16.json"


def test_embedded_input_is_the_golden_file() -> None:
    assert json.loads(GOLDEN.read_text(encoding="utf-8")) == selftest.GOLDEN_INPUT


def test_autoprueba_passes_from_source(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--autoprueba"]) == 0
    out = capsys.readouterr().out
    assert out.rstrip().endswith("AUTOPRUEBA: PASS")
    assert "FALLA" not in out
    for step in ("Sellar CFDI", "Timbrar con el PAC de pruebas", "Generar PDF", "Abrir base"):
        assert f"OK    {step}" in out


def test_missing_csd_fails_with_falla(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def without_csd(*parts: str) -> Path:
        if parts and parts[0] == "csd_demo":
            return tmp_path.joinpath("no-existe", *parts)
        return resource_path(*parts)

    monkeypatch.setattr(selftest, "resource_path", without_csd)
    assert main(["--autoprueba"]) == 1
    out = capsys.readouterr().out
    assert "FALLA Cargar CSD de prueba del SAT (no existe" in out
    assert "FALLA Sellar CFDI" in out
    assert "OK    Abrir base de datos y migrar" in out  # later independent steps still run
    assert out.rstrip().endswith("AUTOPRUEBA: FAIL")


def test_rejected_stamp_is_reported(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import timedelta

    from facturador.pac import sandbox

    monkeypatch.setattr(sandbox, "WINDOW", timedelta(0))  # the stamp is 1 minute "too late"
    assert selftest.run_selftest() == 1
    out = capsys.readouterr().out
    assert "FALLA Timbrar con el PAC de pruebas (rechazado 401" in out
    assert "FALLA Generar PDF (no se ejecutó" in out
    assert "AUTOPRUEBA: FAIL" in out


def test_missing_qt_translations_fail_the_qt_step(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bundle whose spec filtered qtbase_es.qm out fails its autoprueba."""
    from PySide6.QtWidgets import QApplication

    from facturador.ui import translations

    app = QApplication.instance() or QApplication(["facturador", "-platform", "offscreen"])
    for installed in app.findChildren(translations.MexicanTranslator):
        app.removeTranslator(installed)
        installed.setParent(None)
    monkeypatch.setattr(translations, "translation_folders", lambda: [str(tmp_path)])
    assert selftest.run_selftest() == 1
    out = capsys.readouterr().out
    assert "faltan las traducciones de Qt al español (qtbase_es.qm)" in out
