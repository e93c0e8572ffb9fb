"""The PAC interface: operations in threes (command, service, result).

Every PAC client (Finkok, SW Sapien, the sandbox) implements `PacClient`; the queue talks
only to it. Outcomes the queue must act on are results (`StampStatus`); transport faults
and account problems are exceptions from `facturador.pac.errors`:

- `stamp` -> STAMPED (new stamp), PREVIOUSLY_STAMPED (the PAC had stamped these very bytes;
  the client already recovered the stamped XML and UUID) or REJECTED (code + PAC text).
  Raises PacUnavailableError/PacProtocolError (retry later with the same bytes),
  PacCreditsExhaustedError or PacAuthError (pause the queue).
- `recover` -> the earlier stamp of a document (by its sealed bytes or its UUID), or None.
- `cancel` -> the SAT's per-UUID answer (201 requested, 202 already cancelled, ...).
- `status` -> the SAT's Consulta answer (Vigente / Cancelado / No Encontrado).
- `credits` -> remaining stamps when the PAC can tell, else None.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol, runtime_checkable

from facturador.pac.errors import PacRejectedError

__all__ = [
    "CancelCommand",
    "CancelResult",
    "CreditBalance",
    "PacClient",
    "SatStatus",
    "StampResult",
    "StampStatus",
    "StatusQuery",
    "Timeout",
    "find_uuid",
]

Timeout = tuple[float, float]  # (connect, read) seconds, as requests takes it
DEFAULT_TIMEOUT: Timeout = (5.0, 30.0)

_UUID_RE = re.compile(rb'<[A-Za-z0-9_]*:?TimbreFiscalDigital\b[^>]*?\sUUID="([0-9A-Fa-f-]{36})"')
_UUID_TEXT = re.compile(r"^[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$")


def find_uuid(xml: bytes) -> str | None:
    """The TFD UUID of a stamped CFDI (upper-case), or None if not stamped."""
    match = _UUID_RE.search(xml)
    return match.group(1).decode("ascii").upper() if match else None


def is_uuid(text: str) -> bool:
    return bool(_UUID_TEXT.match(text))


class StampStatus(enum.StrEnum):
    STAMPED = "STAMPED"
    PREVIOUSLY_STAMPED = "PREVIOUSLY_STAMPED"
    REJECTED = "REJECTED"


@dataclass(frozen=True, slots=True, kw_only=True)
class StampResult:
    """A PAC's answer to a stamp: `xml` is the stamped CFDI exactly as received."""

    status: StampStatus
    xml: bytes | None = None
    uuid: str | None = None
    code: str | None = None  # PAC/SAT code (rejection, or 307 for PREVIOUSLY_STAMPED)
    detail: str | None = None  # the PAC's own text
    fecha_timbrado: str | None = None

    def __post_init__(self) -> None:
        if self.status is StampStatus.REJECTED:
            if not self.code:
                raise ValueError("a rejection needs the PAC's code")
        elif not self.xml or not self.uuid:
            raise ValueError("a stamp needs the stamped XML and its UUID")

    @property
    def stamped(self) -> bool:
        return self.status is not StampStatus.REJECTED

    def raise_for_rejection(self) -> StampResult:
        """Return self when stamped; raise `PacRejectedError` (code + text) when rejected."""
        if self.status is StampStatus.REJECTED:
            raise PacRejectedError(self.code or "", self.detail)
        return self


MOTIVOS = ("01", "02", "03", "04")


@dataclass(frozen=True, slots=True, kw_only=True)
class CancelCommand:
    """Cancel one UUID. `certificate`/`private_key` are the CSD files (.cer DER, .key DER
    encrypted with `password`), which Finkok's `cancel` and SW's `/cancel/csd` need."""

    uuid: str
    rfc_emisor: str
    motivo: str
    certificate: bytes
    private_key: bytes
    password: str
    folio_sustitucion: str | None = None

    def __post_init__(self) -> None:
        """SAT's rules, checked before anything reaches the PAC (codes 207/208/209)."""
        if self.motivo not in MOTIVOS:
            raise PacRejectedError("207", f"motivo {self.motivo!r}")
        if self.motivo == "01" and not (self.folio_sustitucion and is_uuid(self.folio_sustitucion)):
            raise PacRejectedError("208", "el motivo 01 requiere el UUID que sustituye")
        if self.motivo != "01" and self.folio_sustitucion:
            raise PacRejectedError("209", "sólo el motivo 01 lleva folio de sustitución")
        if not is_uuid(self.uuid):
            raise PacRejectedError("205", f"UUID con formato inválido: {self.uuid!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class CancelResult:
    uuid: str
    code: str  # EstatusUUID: 201, 202, 203, 205, ..., or "no_cancelable"
    detail: str | None = None
    acuse: bytes | None = None

    @property
    def accepted(self) -> bool:
        """201 (request accepted by SAT) or 202 (already cancelled): nothing more to send."""
        return self.code in ("201", "202")


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusQuery:
    uuid: str
    rfc_emisor: str
    rfc_receptor: str
    total: Decimal
    sello: str = ""  # the Comprobante's Sello: its last 8 characters go in `fe`


@dataclass(frozen=True, slots=True, kw_only=True)
class SatStatus:
    codigo_estatus: str  # "S - Comprobante obtenido satisfactoriamente." / "N - 602: ..."
    estado: str  # Vigente | Cancelado | No Encontrado
    es_cancelable: str = ""
    estatus_cancelacion: str = ""
    validacion_efos: str = ""

    @property
    def found(self) -> bool:
        return self.codigo_estatus.startswith("S")


@dataclass(frozen=True, slots=True, kw_only=True)
class CreditBalance:
    remaining: int | None  # None when unlimited
    used: int | None = None
    unlimited: bool = False
    expires: str | None = None


@runtime_checkable
class PacClient(Protocol):
    """What the queue needs from a PAC. See the module docstring for outcomes."""

    name: str

    def stamp(self, xml: bytes) -> StampResult: ...

    def recover(self, document: bytes | str) -> StampResult | None: ...

    def cancel(self, command: CancelCommand) -> CancelResult: ...

    def status(self, query: StatusQuery) -> SatStatus: ...

    def credits(self) -> CreditBalance | None: ...
