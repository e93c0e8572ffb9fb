"""What the database benches share: a fresh company to fill, and the median of timed runs."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from _quick import rounds
from sqlalchemy.engine import Engine

from facturador.models.engine import write_session
from facturador.models.tables import Empresa

__all__ = ["median_ms", "new_company"]


def new_company(engine: Engine) -> int:
    """The active company EKU9003173C9 in an empty database; its id."""
    with write_session(engine) as session:
        empresa = Empresa(rfc="EKU9003173C9", nombre="E", regimen_fiscal="601",
                          lugar_expedicion="42501", active=True)  # fmt: skip
        session.add(empresa)
        session.commit()
        assert empresa.id is not None
        return empresa.id


def median_ms(operation: Callable[[], object], runs: int = 5, *, warm: bool = False) -> float:
    """The median time of `runs` calls (fewer in quick mode), in ms; `warm` first runs it once
    untimed, so the pages it reads are in memory."""
    if warm:
        operation()
    times = []
    for _ in range(rounds(runs)):
        start = time.perf_counter()
        operation()
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 2)
