"""bench/ stays runnable: CI runs every bench once with --quick (.ci/run, bench/run_quick.py)."""

from __future__ import annotations

import sys

import pytest

from tests.conftest import REPO

BENCH = REPO / "bench"
SCRIPTS = sorted(p for p in BENCH.glob("*.py") if not p.name.startswith("_"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_no_bench_shadows_a_standard_library_module(script):
    # A script's folder comes first on sys.path: bench/queue.py broke `import requests`.
    assert script.stem not in sys.stdlib_module_names


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_every_bench_has_a_quick_mode(script):
    if script.name == "run_quick.py":
        return
    assert "_quick import" in script.read_text(encoding="utf-8")


def test_the_quick_runner_finds_every_bench():
    sys.path.insert(0, str(BENCH))
    try:
        import run_quick
    finally:
        sys.path.remove(str(BENCH))
    assert [p.name for p in run_quick.benches()] == [
        p.name for p in SCRIPTS if p.name != "run_quick.py"
    ]
