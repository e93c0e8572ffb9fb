"""Quick mode for every bench: `--quick` (or FACTURADOR_BENCH_QUICK=1) runs each one with
tiny round counts, so CI can check that every bench still runs; its figures are not judged.
"""

from __future__ import annotations

import os
import sys

__all__ = ["QUICK", "rounds"]

QUICK = "--quick" in sys.argv[1:] or os.environ.get("FACTURADOR_BENCH_QUICK") == "1"
if QUICK:
    os.environ["FACTURADOR_BENCH_QUICK"] = "1"  # processes a bench starts are quick too


def rounds(full: int, quick: int = 1) -> int:
    """`full` normally, `quick` in quick mode."""
    return quick if QUICK else full
