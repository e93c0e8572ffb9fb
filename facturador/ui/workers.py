"""The one way to run work off the GUI thread.

`run_in_background(fn, ..., on_success=..., on_failure=...)` wraps `fn` in a QRunnable whose
QObject carries `succeeded(object)`, `failed(object)` and `finished()`. `fn` is a services call:
it never touches a widget; its result reaches the GUI thread only through those signals.

Three pools: `db_pool()` has one thread, so database writes (and reads that must see them)
are serialized in order; `network_pool()` is the global pool for network and CPU work
(checking a certificate, asking whether the PAC answers); `render_pool()` has one thread of
its own for the printed representation the user is waiting for, so a PDF never queues
behind network calls that may each take seconds (the global pool has one thread per core).
`priority` orders waiting work within a pool (higher first; warm-ups use `LOW_PRIORITY`).

    run_in_background(services.add_client, data, on_success=self._on_saved, parent=self)

When `parent` is given the callbacks are skipped once it has been destroyed. A failure with
no `on_failure` goes to the error funnel (`ui/errors.py`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

__all__ = [
    "LOW_PRIORITY",
    "Worker",
    "db_pool",
    "network_pool",
    "render_pool",
    "run_in_background",
    "wait_idle",
]

log = logging.getLogger(__name__)

_db_pool: QThreadPool | None = None
_render_pool: QThreadPool | None = None
LOW_PRIORITY = -10
_running: set[Worker] = set()


def db_pool() -> QThreadPool:
    """One thread: every database use case runs here, in submission order."""
    global _db_pool  # noqa: PLW0603 - one pool per process, made on first use
    if _db_pool is None:
        _db_pool = QThreadPool()
        _db_pool.setMaxThreadCount(1)
        _db_pool.setExpiryTimeout(-1)
    return _db_pool


def network_pool() -> QThreadPool:
    return QThreadPool.globalInstance()


def render_pool() -> QThreadPool:
    """One thread for PDFs the user waits on (and their warm-up), apart from the network."""
    global _render_pool  # noqa: PLW0603 - one pool per process, made on first use
    if _render_pool is None:
        _render_pool = QThreadPool()
        _render_pool.setMaxThreadCount(1)
    return _render_pool


def wait_idle(msecs: int = 10_000) -> bool:
    """Wait for every pool to finish (tests, and quitting the app)."""
    done = db_pool().waitForDone(msecs)
    done = render_pool().waitForDone(msecs) and done
    return network_pool().waitForDone(msecs) and done


class _Signals(QObject):
    succeeded = Signal(object)
    failed = Signal(object)
    finished = Signal()


class Worker(QRunnable):
    """Runs `fn(*args, **kwargs)` once; reports through `self.signals`."""

    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.signals = _Signals()

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except Exception as error:  # noqa: BLE001 - every failure is reported, none lost
            self.signals.failed.emit(error)
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.signals.finished.emit()


def _guarded(parent: QObject | None, callback: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any) -> None:
        if parent is not None and not shiboken6.isValid(parent):
            return
        callback(*args)

    return call


def _default_failure(parent: QObject | None) -> Callable[[object], None]:
    def show(error: object) -> None:
        from facturador.ui.errors import show_error

        widget = parent if parent is not None and shiboken6.isValid(parent) else None
        show_error(widget, error)  # type: ignore[arg-type]

    return show


def run_in_background(
    fn: Callable[..., Any],
    *args: Any,
    on_success: Callable[[Any], None] | None = None,
    on_failure: Callable[[object], None] | None = None,
    on_finished: Callable[[], None] | None = None,
    parent: QObject | None = None,
    pool: QThreadPool | None = None,
    priority: int = 0,
    **kwargs: Any,
) -> Worker:
    """Start `fn` on `pool` (the database pool unless told) and wire the callbacks."""
    worker = Worker(fn, *args, **kwargs)
    signals = worker.signals
    if on_success is not None:
        signals.succeeded.connect(_guarded(parent, on_success))
    failure = _guarded(parent, on_failure) if on_failure else _default_failure(parent)
    signals.failed.connect(failure)
    if on_finished is not None:
        signals.finished.connect(_guarded(parent, on_finished))
    _running.add(worker)
    signals.finished.connect(lambda: _running.discard(worker))
    (pool or db_pool()).start(worker, priority)
    return worker
