"""The harness: a ThreadingHTTPServer on 127.0.0.1 in a thread, with transport faults."""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.pac_emulators.faults import TRANSPORT, Fault, FaultKind, FaultPlan


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass(slots=True)
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True


class LoopbackServer:
    """Subclasses implement `operation(request)` (name for the fault plan) and
    `handle(request, fault)` (the protocol). Use as a context manager or start()/stop()."""

    # delays relative to the clients' read timeout used in tests
    timeout_delay = 1.0
    slow_delay = 0.1
    clock_offset = 0.0  # seconds added to the time in the Date header of every answer

    def __init__(self, *, faults: FaultPlan | None = None) -> None:
        self.faults = faults or FaultPlan()
        self.requests: list[Request] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # ------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> LoopbackServer:
        if self._server is not None:
            return self
        server = _Server(("127.0.0.1", self.port), self._handler_class())
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, daemon=True, kwargs={"poll_interval": 0.05}
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening (clients then get "connection refused"); the port is kept."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=2)

    def __enter__(self) -> Any:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------ protocol hooks

    def operation(self, request: Request) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def handle(self, request: Request, fault: Fault | None) -> Reply:  # pragma: no cover
        raise NotImplementedError

    # ------------------------------------------------------------ dispatch

    def _serve(self, request: Request) -> Reply | None:
        """The reply to send, or None to close the connection without answering."""
        self.requests.append(request)
        fault = self.faults.next(self.operation(request))
        kind = fault.kind if fault else None
        if kind is FaultKind.DROP:
            return None
        if kind in (FaultKind.HTTP_500, FaultKind.HTTP_503):
            status = 500 if kind is FaultKind.HTTP_500 else 503
            page = f"<html><body><h1>{status} Internal Server Error</h1></body></html>"
            return Reply(status, page.encode(), "text/html")
        if kind is FaultKind.MALFORMED:
            return Reply(200, b'<?xml version="1.0"?><senv:Envelope xmlns:senv="garb', "text/xml")
        if kind is FaultKind.EMPTY:
            return Reply(200, b"")
        reply = self.handle(request, None if kind in TRANSPORT else fault)
        if kind is FaultKind.DROP_AFTER_COMMIT:
            return None
        if kind is FaultKind.TIMEOUT:
            time.sleep(self.timeout_delay)
        elif kind is FaultKind.SLOW:
            time.sleep(self.slow_delay)
        return reply

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Request(
                    self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body
                )
                reply = owner._serve(request)
                if reply is None:
                    self.close_connection = True
                    with contextlib.suppress(OSError):
                        self.connection.shutdown(2)
                    return
                with contextlib.suppress(OSError):
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(reply.body)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(reply.body)

            do_GET = do_POST = do_DELETE = _any

            def date_time_string(self, timestamp: float | None = None) -> str:
                moment = time.time() if timestamp is None else timestamp
                return formatdate(moment + owner.clock_offset, usegmt=True)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler
