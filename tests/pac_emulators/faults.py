"""Fault injection for the loopback servers: scripted per operation, or random with a seed."""

from __future__ import annotations

import enum
import random
import threading
from collections import deque
from dataclasses import dataclass


class FaultKind(enum.StrEnum):
    # transport (handled by the server harness for any protocol)
    DROP = "drop"  # close the connection without answering, before doing anything
    DROP_AFTER_COMMIT = "drop_after_commit"  # do the work (stamp!), then close silently
    TIMEOUT = "timeout"  # do the work, answer after the client's timeout
    SLOW = "slow"  # answer late but within the client's timeout
    HTTP_500 = "http500"  # HTML error page, nothing done
    HTTP_503 = "http503"
    MALFORMED = "malformed"  # 200 with a truncated body, nothing done
    EMPTY = "empty"  # 200 with an empty body
    # protocol (each emulator answers in its own words)
    PREVIOUSLY_STAMPED = "previously_stamped"  # stamp, then answer 307 (no data)
    REJECT = "reject"  # answer a rule rejection; `arg` = code (CFDI40158)
    CREDITS = "credits"  # out of stamps (Finkok 718 / SW AU2001)
    UNAVAILABLE = "unavailable"  # SAT unreachable (Finkok 708 / SW CO1000 + HTTP 500)
    AUTH = "auth"  # bad credentials


TRANSPORT = frozenset(
    {
        FaultKind.DROP,
        FaultKind.DROP_AFTER_COMMIT,
        FaultKind.TIMEOUT,
        FaultKind.SLOW,
        FaultKind.HTTP_500,
        FaultKind.HTTP_503,
        FaultKind.MALFORMED,
        FaultKind.EMPTY,
    }
)


@dataclass(frozen=True, slots=True)
class Fault:
    kind: FaultKind
    arg: str | None = None


class FaultPlan:
    """Scripted faults are used first (FIFO, for `operations` only); then, with probability
    `rate`, a random one of `random_kinds` (seeded, reproducible)."""

    def __init__(
        self,
        *,
        rate: float = 0.0,
        seed: int = 0,
        random_kinds: tuple[FaultKind, ...] = (
            FaultKind.DROP,
            FaultKind.DROP_AFTER_COMMIT,
            FaultKind.TIMEOUT,
            FaultKind.HTTP_500,
            FaultKind.MALFORMED,
        ),
        operations: frozenset[str] = frozenset({"stamp"}),
    ) -> None:
        self.rate = rate
        self.random_kinds = random_kinds
        self.operations = operations
        self._random = random.Random(seed)
        self._scripted: deque[Fault] = deque()
        self._lock = threading.Lock()
        self.injected: list[tuple[str, Fault]] = []

    def script(self, *faults: Fault | FaultKind | str, times: int = 1) -> FaultPlan:
        with self._lock:
            for _ in range(times):
                for fault in faults:
                    self._scripted.append(
                        fault if isinstance(fault, Fault) else Fault(FaultKind(fault))
                    )
        return self

    def set_random(self, rate: float, seed: int = 0) -> FaultPlan:
        with self._lock:
            self.rate = rate
            self._random = random.Random(seed)
        return self

    def clear(self) -> None:
        with self._lock:
            self._scripted.clear()
            self.rate = 0.0

    def next(self, operation: str) -> Fault | None:
        if operation not in self.operations:
            return None
        with self._lock:
            fault = None
            if self._scripted:
                fault = self._scripted.popleft()
            elif self.rate and self._random.random() < self.rate:
                fault = Fault(self._random.choice(self.random_kinds))
            if fault is not None:
                self.injected.append((operation, fault))
            return fault
