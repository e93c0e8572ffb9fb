"""installer/slim_linux.py: the ICU data package is rewritten losslessly, and the trim keeps
what Qt needs for Spanish (the bundle's --autoprueba then sorts Spanish words with it)."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("slim_linux", REPO / "installer" / "slim_linux.py")
assert _spec is not None
assert _spec.loader is not None
slim = importlib.util.module_from_spec(_spec)
sys.modules["slim_linux"] = slim
_spec.loader.exec_module(slim)

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("nm") is None,
    reason="the ICU trim is for the Linux bundle and needs binutils",
)


def _icu_library() -> Path:
    import PySide6

    found = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not found:
        pytest.skip("this PySide6 build has no bundled ICU")
    return found[0]


def _package(library: Path) -> tuple[bytes, object]:
    _, address, size = slim.data_symbol(library)
    blob = library.read_bytes()[address : address + size]
    return blob, slim.read_package(blob)


def test_rewriting_the_whole_package_gives_the_same_bytes() -> None:
    blob, package = _package(_icu_library())
    assert len(package.items) > 3000
    assert slim.write_package(package) == blob


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("icudt73l/coll/es.res", True),
        ("icudt73l/coll/es_MX.res", True),
        ("icudt73l/coll/root.res", True),
        ("icudt73l/coll/ucadata.icu", True),
        ("icudt73l/en_US_POSIX.res", True),
        ("icudt73l/curr/pool.res", True),
        ("icudt73l/nfkc.nrm", True),
        ("icudt73l/zoneinfo64.res", True),
        ("icudt73l/supplementalData.res", True),
        ("icudt73l/coll/zh.res", False),
        ("icudt73l/fr_CA.res", False),
        ("icudt73l/brkitr/cjdict.dict", False),
        ("icudt73l/translit/root.res", False),
    ],
)
def test_what_the_trim_keeps(name: str, kept: bool) -> None:
    assert slim.wanted(slim.Item(name, b"\0" * 100)) is kept


def test_multibyte_code_pages_go_single_byte_ones_stay() -> None:
    assert slim.wanted(slim.Item("icudt73l/ibm-5348_P100-1997.cnv", b"\0" * 3000))
    assert not slim.wanted(slim.Item("icudt73l/gb18030.cnv", b"\0" * 230_000))


def test_trimmed_library_exports_the_same_symbol_with_spanish_data(tmp_path: Path) -> None:
    original = _icu_library()
    library = tmp_path / original.name
    shutil.copyfile(original, library)
    before, after = slim.trim_icu(library)
    assert after < before / 4
    symbol, _, _ = slim.data_symbol(library)
    assert symbol == slim.data_symbol(original)[0]
    _, package = _package(library)
    names = {item.name.split("/", 1)[1] for item in package.items}  # type: ignore[attr-defined]
    spanish = {"coll/es.res", "coll/root.res", "coll/ucadata.icu", "es_MX.res", "cnvalias.icu"}
    assert spanish <= names
    assert "coll/ja.res" not in names
