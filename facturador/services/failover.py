"""A second PAC for when the first cannot stamp, without ever stamping a document twice.

`FailoverClient(primary, secondary, ledger)` is a `PacClient`. `stamp(xml)`:

1. If the ledger says these bytes may already be at one PAC (an earlier attempt with an
   unknown outcome, or a stamp the queue may not have stored yet), that PAC is asked first
   (`recover`): a stamp there is the answer. Otherwise the very same bytes go to that same
   PAC again (it recognises them and answers with the stamp or 307), and only to it: a
   lookup that says "not stamped" is not proof (PACs and the SAT are eventually consistent;
   a stamp can be missing from the lookup for minutes after it was made), so the entry
   stays and these bytes never go to the other PAC. Unreachable raises the retryable error
   -- the document waits.
2. Without an entry, "may be at the primary" is written *before* the request leaves (as the
   queue writes ENVIANDO first), then the primary stamps.
3. The primary's failure is looked at: when its outcome is known not to be a stamp -- the
   request never left (`PacUnavailableError.request_sent is False`), the PAC answered that
   it could not reach the SAT (708/709), no credits, the account was refused -- the entry is
   moved to the secondary and the secondary stamps. When the request may have reached the
   primary (read timeout, HTTP 5xx, garbage, a connection dropped after sending, a 307
   without the stamp), the error is raised as it is: retry later, at the primary.
4. A rejection of the bytes by the PAC that holds the entry is final: the entry is cleared
   and the rejection returned as it is (never sent to the other PAC).

`recover(xml)` asks the PAC the ledger names; without an entry, the primary (and for a UUID,
then the secondary). Bytes without an entry are never sent to the secondary by `recover`:
SW has no side-effect-free lookup (its `recover` stamps), and a document this client never
gave to the secondary cannot be there. A lookup that finds nothing refreshes the entry.

The ledger (`FailoverLedger`) is a small JSON file in the data dir (`LEDGER_FILE`), written
atomically, keyed by the SHA-256 of the sealed XML, naming the PAC (role and provider) and
when. Changes take an OS file lock, so the GUI and `facturador sincronizar` on one desktop
share it (both run `services.sync.run_pass`). Entries stay `RETENTION` days after the last
attempt or lookup; a document whose outcome is still in doubt is looked up at least daily,
which keeps its entry.

Limitation: the ledger belongs to one desktop. With a shared PostgreSQL office database each
desktop has its own ledger and cannot see what another desktop sent where, so when a second
PAC is configured only one desktop should run the queue (sincronizar, or the GUI's sending).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from facturador.models.tables import Empresa
from facturador.pac.base import (
    DEFAULT_TIMEOUT,
    CancelCommand,
    CancelResult,
    CreditBalance,
    PacClient,
    SatStatus,
    StampResult,
    StatusQuery,
    Timeout,
)
from facturador.pac.errors import (
    PacError,
    PacRejectedError,
    PacUnavailableError,
    known_not_stamped,
)
from facturador.services.secrets import SecretStore

__all__ = [
    "LEDGER_FILE",
    "RETENTION",
    "WAITING",
    "FailoverClient",
    "FailoverLedger",
    "LedgerEntry",
    "client_with_failover",
    "known_not_stamped",
]

log = logging.getLogger(__name__)

LEDGER_FILE = "pac_bitacora_respaldo.json"
RETENTION = timedelta(days=7)
PRIMARY = "primary"
WAITING = "PAC_EN_CONSULTA"  # code of the error raised while a document waits for its PAC
SECONDARY = "secondary"


def document_key(xml: bytes) -> str:
    return hashlib.sha256(xml).hexdigest()


# ---------------------------------------------------------------- the ledger


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    role: str  # "primary" | "secondary"
    provider: str  # the PAC's name (finkok, sw, ...)
    at: datetime


class FailoverLedger:
    """Where each document may be stamped: {sha256: {role, provider, at}} in a JSON file.

    Every change re-reads the file and replaces it atomically (write a temporary file,
    fsync, rename), so a crash leaves the old or the new ledger, never half of one.
    """

    def __init__(self, path: Path, *, clock: Callable[[], datetime] | None = None) -> None:
        self.path = path
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = threading.Lock()

    def get(self, xml: bytes) -> LedgerEntry | None:
        with self._lock:
            raw = self._load().get(document_key(xml))
        return _entry(raw)

    @contextlib.contextmanager
    def _exclusive(self) -> Iterator[None]:
        """This process's threads and other processes on this desktop (the GUI and the
        CLI may both run the queue) change the file one at a time."""
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with _file_lock(self.path.with_name(self.path.name + ".lock")):
                yield

    def record(self, xml: bytes, role: str, provider: str) -> None:
        now = self._clock()
        with self._exclusive():
            entries = self._load()
            entries[document_key(xml)] = {
                "role": role,
                "provider": provider,
                "at": now.isoformat(),
            }
            self._save(self._prune(entries, now))

    def discard(self, xml: bytes) -> None:
        with self._exclusive():
            entries = self._load()
            if entries.pop(document_key(xml), None) is not None:
                self._save(entries)

    def __len__(self) -> int:
        with self._lock:
            return len(self._load())

    def _prune(self, entries: dict[str, Any], now: datetime) -> dict[str, Any]:
        kept = {}
        for key, raw in entries.items():
            entry = _entry(raw)
            if entry is not None and now - entry.at <= RETENTION:
                kept[key] = raw
        return kept

    def _load(self) -> dict[str, Any]:
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            # An unreadable ledger must not be silently forgotten: that could send a
            # document that may be stamped to the other PAC. Stop and say so.
            raise PacUnavailableError("BITACORA", f"no se puede leer {self.path}") from None
        return loaded if isinstance(loaded, dict) else {}

    def _save(self, entries: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as handle:
            json.dump(entries, handle, indent=1, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(self.path)


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """An exclusive OS lock on `path`, released when the process dies (no stale locks)."""
    with path.open("a+b") as handle:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _entry(raw: object) -> LedgerEntry | None:
    if not isinstance(raw, dict):
        return None
    try:
        at = datetime.fromisoformat(str(raw["at"]))
        return LedgerEntry(str(raw["role"]), str(raw["provider"]), at)
    except (KeyError, ValueError):
        return None


# ---------------------------------------------------------------- the client


class FailoverClient:
    """A `PacClient` over two PACs; see the module docstring for the rules.

    `on_failover(error)` is called (if given) each time a document goes to the secondary
    because of the primary's `error`, so the caller can tell the user.
    """

    def __init__(
        self,
        primary: PacClient,
        secondary: PacClient,
        ledger: FailoverLedger,
        *,
        on_failover: Callable[[PacError], None] | None = None,
    ) -> None:
        self.primary = primary
        self.secondary = secondary
        self.ledger = ledger
        self.on_failover = on_failover
        self.name = primary.name
        self.failovers = 0

    def __repr__(self) -> str:
        return f"FailoverClient({self.primary!r}, {self.secondary!r})"

    def _by_entry(self, entry: LedgerEntry) -> PacClient:
        by_role = self.primary if entry.role == PRIMARY else self.secondary
        if by_role.name == entry.provider:
            return by_role
        other = self.secondary if by_role is self.primary else self.primary
        if other.name == entry.provider:
            return other
        # The configuration changed since: that PAC is no longer one of ours.
        raise PacUnavailableError(
            "BITACORA",
            f"el comprobante pudo quedar timbrado en {entry.provider}, que ya no está "
            "configurado; configúrelo de nuevo para consultarlo",
        )

    def stamp(self, xml: bytes) -> StampResult:
        entry = self.ledger.get(xml)
        if entry is not None:
            return self._stamp_where_it_may_be(entry, xml)
        self.ledger.record(xml, PRIMARY, self.primary.name)
        try:
            result = self._send(self.primary, xml)
        except PacError as error:
            if not known_not_stamped(error):
                raise
            primary_error = error
        else:
            return result
        log.warning(
            "failover: %s did not stamp (%s); sending to %s",
            self.primary.name,
            primary_error,
            self.secondary.name,
        )
        self.failovers += 1
        if self.on_failover is not None:
            self.on_failover(primary_error)
        self.ledger.record(xml, SECONDARY, self.secondary.name)
        try:
            return self._send(self.secondary, xml)
        except PacError as error:
            if known_not_stamped(error):
                raise primary_error from error  # neither stamped: the primary's reason
            raise

    def _stamp_where_it_may_be(self, entry: LedgerEntry, xml: bytes) -> StampResult:
        """These bytes may be stamped at the entry's PAC: they go there and nowhere else."""
        found = self._resolve(entry, xml)  # raises: this document waits, no failover
        if found is not None and found.stamped:
            return found
        client = self._by_entry(entry)
        self.ledger.record(xml, entry.role, entry.provider)
        try:
            result = client.stamp(xml)
        except PacRejectedError:
            self.ledger.discard(xml)
            raise
        except PacError as error:
            if known_not_stamped(error):  # this request did not arrive; an earlier one may
                raise PacUnavailableError(
                    WAITING,
                    f"{client.name} no responde y el comprobante pudo quedar timbrado ahí; "
                    "se enviará de nuevo sólo a ese PAC",
                    request_sent=False,
                ) from error
            raise
        if not result.stamped:
            self.ledger.discard(xml)
        return result

    def _resolve(self, entry: LedgerEntry, xml: bytes) -> StampResult | None:
        """Ask the PAC that may have stamped `xml`. When it cannot be reached the error is
        re-raised as `WAITING` (not the transport's CONEXION): only this document has to
        wait, so the queue's pass goes on with the others, which may fail over."""
        client = self._by_entry(entry)
        try:
            return client.recover(xml)
        except PacUnavailableError as error:
            raise PacUnavailableError(
                WAITING,
                f"{client.name} no responde y el comprobante pudo quedar timbrado ahí; se "
                "consultará de nuevo antes de enviarlo a otro PAC",
                request_sent=error.request_sent,
            ) from error

    def _send(self, client: PacClient, xml: bytes) -> StampResult:
        """Stamp at `client`; a rejection (returned or raised) clears the ledger entry."""
        try:
            result = client.stamp(xml)
        except PacRejectedError:
            self.ledger.discard(xml)
            raise
        except PacError as error:
            if known_not_stamped(error):
                self.ledger.discard(xml)
            raise
        if not result.stamped:
            self.ledger.discard(xml)
        return result

    def recover(self, document: bytes | str) -> StampResult | None:
        if isinstance(document, str):
            return self.primary.recover(document) or self.secondary.recover(document)
        entry = self.ledger.get(document)
        found = self._resolve(entry, document) if entry else self.primary.recover(document)
        if found is not None and found.stamped:
            return found
        if entry is not None:  # not found is no proof: keep (and refresh) the entry
            self.ledger.record(document, entry.role, entry.provider)
        return None

    def cancel(self, command: CancelCommand) -> CancelResult:
        """Cancellation goes to the primary; a UUID the primary does not know (205) is
        tried at the secondary, which may have stamped it."""
        result = self.primary.cancel(command)
        if result.code == "205":
            other = self.secondary.cancel(command)
            if other.code != "205":
                return other
        return result

    def status(self, query: StatusQuery) -> SatStatus:
        return self.primary.status(query)  # the SAT's answer, whichever PAC asks

    def credits(self) -> CreditBalance | None:
        return self.primary.credits()


# ---------------------------------------------------------------- wiring


def ledger_path(data_dir: Path) -> Path:
    return data_dir / LEDGER_FILE


def client_with_failover(
    empresa: Empresa,
    secrets: SecretStore | None,
    *,
    data_dir: Path,
    timeout: Timeout = DEFAULT_TIMEOUT,
) -> tuple[PacClient, bool]:
    """The company's PAC client as `client_for_company` builds it, wrapped in a
    `FailoverClient` when a second PAC is configured (`pac_settings.backup_pac`) and the
    primary is a real PAC. Returns (client, is_demo)."""
    from facturador.services.pac_clients import client_for_company
    from facturador.services.pac_settings import backup_pac

    primary, demo = client_for_company(empresa, secrets, data_dir=data_dir, timeout=timeout)
    backup = backup_pac(empresa.rfc)
    if demo or backup is None or primary.name == "sandbox":
        return primary, demo
    stand_in = Empresa(
        rfc=empresa.rfc,
        nombre=empresa.nombre,
        regimen_fiscal=empresa.regimen_fiscal,
        lugar_expedicion=empresa.lugar_expedicion,
        pac_provider=backup.provider,
        pac_environment=backup.environment,
        pac_url=backup.url,
    )
    secondary, _ = client_for_company(stand_in, secrets, data_dir=data_dir, timeout=timeout)
    return FailoverClient(primary, secondary, FailoverLedger(ledger_path(data_dir))), False
