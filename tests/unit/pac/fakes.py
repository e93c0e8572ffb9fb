"""A recording fake of requests.Session fed with recorded answers (no network)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

RECORDED = Path(__file__).parent / "recorded"


def recorded(name: str) -> bytes:
    return (RECORDED / name).read_bytes()


@dataclass
class FakeResponse:
    status_code: int
    content: bytes

    def json(self) -> object:
        return json.loads(self.content)


@dataclass
class FakeSession:
    """Answers from `answers` in order; records (method, url, kwargs) of every call."""

    answers: list[FakeResponse | Exception]
    calls: list[tuple[str, str, dict]] = field(default_factory=list)
    verify: bool = False

    def request(self, method: str, url: str, **kwargs: object) -> FakeResponse:
        self.calls.append((method, url, kwargs))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def close(self) -> None:
        pass


def ok(body: bytes, status: int = 200) -> FakeResponse:
    return FakeResponse(status, body)
