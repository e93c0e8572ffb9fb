"""Whether the network is worth trying: an interface with a null implementation.

The queue asks `is_online()` before a pass; a monitor that knows better (the OS network
status, a GUI toggle) can say "offline" and save the pass. A failed request also counts as
offline: the queue stops its pass by itself on a connection failure. `NullConnectivity`
always answers "online" and is the default.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

__all__ = ["Connectivity", "NullConnectivity"]


@runtime_checkable
class Connectivity(Protocol):
    def is_online(self) -> bool: ...


class NullConnectivity:
    """No monitor: always try; the request itself tells."""

    def is_online(self) -> bool:
        return True
