"""The bundle keeps Qt's Spanish translations: installer/facturador.spec's data filter keeps
qtbase_es.qm (and qt_es.qm) in the Linux and Windows wheel layouts and drops the others."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SPEC = Path(__file__).resolve().parents[2] / "installer" / "facturador.spec"
NAMES = {"_DROP", "_KEEP_TRANSLATIONS", "_TZ", "_TZ_REGIONS", "_qt_key", "_wanted"}


@pytest.fixture(scope="module")
def wanted():
    """The spec's `_wanted`, without running PyInstaller's Analysis."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    keep = []
    for node in tree.body:
        targets = getattr(node, "targets", None) or [getattr(node, "target", None)]
        names = {getattr(t, "id", None) for t in targets} | {getattr(node, "name", None)}
        if names & NAMES:
            keep.append(node)
    namespace: dict[str, object] = {"Path": Path, "re": re}
    exec(compile(ast.Module(body=keep, type_ignores=[]), str(SPEC), "exec"), namespace)
    return namespace["_wanted"]


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/translations/qtbase_es.qm", True),  # Linux and macOS wheels
        ("PySide6/translations/qtbase_es.qm", True),  # Windows wheel
        ("PySide6\\translations\\qtbase_es.qm", True),
        ("PySide6/Qt/translations/qt_es.qm", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/translations/qtwebengine_es.qm", False),
    ],
)
def test_the_bundle_keeps_qts_spanish_translations(wanted, dest: str, kept: bool) -> None:
    assert wanted(dest) is kept
