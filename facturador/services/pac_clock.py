"""The PAC's clock offset (services.redating), kept between processes in the data dir.

The offset the PAC's answers showed is written with the local time it was seen at, so the
next process is corrected (and the user told) before it hears from the PAC, as long as this
computer's clock has not moved since (`CLOCK_FRESH_FOR`: a clock the user set right is not
corrected the other way). `trusted_clock` is what sealing uses.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from facturador.pac.server_clock import SERVER_CLOCK
from facturador.services.redating import CLOCK_TOLERANCE, trusted_now

__all__ = [
    "CLOCK_FILE",
    "CLOCK_FRESH_FOR",
    "clock_off_by",
    "known_clock_offset",
    "remember_clock_offset",
    "sealing_now",
]

log = logging.getLogger(__name__)

CLOCK_FILE = "reloj_pac.json"
CLOCK_FRESH_FOR = timedelta(minutes=10)


def known_clock_offset(data_dir: Path, now: datetime | None = None) -> timedelta | None:
    """The PAC's clock minus ours: this process's last answer, else the last one kept if it
    was seen within `CLOCK_FRESH_FOR` of `now` by this computer's clock."""
    offset = SERVER_CLOCK.offset()
    if offset is not None:
        return offset
    try:
        kept = json.loads((data_dir / CLOCK_FILE).read_text(encoding="utf-8"))
        seen_at = datetime.fromisoformat(str(kept["seen_at"]))
        offset = timedelta(seconds=float(kept["offset_s"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if abs((now or datetime.now(UTC)) - seen_at) > CLOCK_FRESH_FOR:
        return None
    return offset


def remember_clock_offset(data_dir: Path) -> None:
    offset = SERVER_CLOCK.offset()
    if offset is None:
        return
    kept = {"offset_s": round(offset.total_seconds(), 1), "seen_at": datetime.now(UTC).isoformat()}
    try:
        (data_dir / CLOCK_FILE).write_text(json.dumps(kept), encoding="utf-8")
    except OSError as error:  # a read-only data dir: the next process asks the PAC again
        log.warning("could not keep the PAC clock offset: %s", error)


def clock_off_by(data_dir: Path, now: Callable[[], datetime] | None = None) -> timedelta | None:
    """The PAC's clock minus ours when it is known and off by more than a few minutes."""
    offset = known_clock_offset(data_dir, now() if now else None)
    if offset is None or abs(offset) <= CLOCK_TOLERANCE:
        return None
    return offset


def sealing_now(now: Callable[[], datetime]) -> datetime:
    """Now, by the PAC's clock when this computer's is known to be off (for sealing)."""
    from facturador.services.settings import data_dir

    moment = now()
    return trusted_now(moment, known_clock_offset(data_dir(), moment))
