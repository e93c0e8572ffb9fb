"""The PAC's clock as its answers tell it (HTTP Date header), against this computer's.

SAT's 72-hour window is judged by the PAC's clock. A laptop whose clock is days ahead would
date (or re-date) documents into the future and have them rejected, so every answer from a
PAC or SAT service is read for its Date header (`Transport` does it) and the difference is
kept here, for this process, for `FRESH_FOR` (short: if the user sets the clock right, an
old observation must not correct it the other way for long).
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

__all__ = ["FRESH_FOR", "SERVER_CLOCK", "ServerClock"]

FRESH_FOR = 600.0  # seconds an observation is trusted


class ServerClock:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._offset: timedelta | None = None
        self._seen_at = 0.0

    def observe(self, date_header: str | None, local: datetime | None = None) -> None:
        """Remember `Date` minus our clock at the answer (ignored when unreadable)."""
        if not date_header:
            return
        try:
            server = parsedate_to_datetime(date_header)
        except (TypeError, ValueError, IndexError):
            return
        if server.tzinfo is None:
            server = server.replace(tzinfo=UTC)
        here = local or datetime.now(UTC)
        # The header has whole seconds: half a second is the best estimate of what it cut.
        offset = server + timedelta(milliseconds=500) - here
        with self._lock:
            self._offset = offset
            self._seen_at = time.monotonic()

    def offset(self) -> timedelta | None:
        """The PAC's clock minus ours, as last seen (None: no fresh observation)."""
        with self._lock:
            if self._offset is None or time.monotonic() - self._seen_at > FRESH_FOR:
                return None
            return self._offset

    def reset(self) -> None:
        with self._lock:
            self._offset = None
            self._seen_at = 0.0


SERVER_CLOCK = ServerClock()
