"""SW Sapien (SmarterWeb) REST client: token auth, stamp v4, cancel CSD, balance.

Decisions follow the JSON `status` field, never the HTTP code alone (pac-protocols.md §8.3).
Stamping uses `/cfdi33/stamp/v4` (full CFDI plus uuid and fechaTimbrado). A duplicate answers
`307. El comprobante contiene un timbre previo.` with the earlier stamp in `data` (or, in an
older variant, the XML in `messageDetail`): both become PREVIOUSLY_STAMPED.
"""

from __future__ import annotations

import time
import uuid as uuid_module
from collections.abc import Callable
from typing import Any

import requests

from facturador.pac._http import Transport
from facturador.pac._keys import key_der_b64
from facturador.pac.base import (
    DEFAULT_TIMEOUT,
    CancelCommand,
    CancelResult,
    CreditBalance,
    SatStatus,
    StampResult,
    StampStatus,
    StatusQuery,
    Timeout,
    find_uuid,
)
from facturador.pac.demo_certificate import refuse_demo_stamp
from facturador.pac.errors import (
    PacAuthError,
    PacCreditsExhaustedError,
    PacProtocolError,
    PacRejectedError,
    PacStampNotReadyError,
    PacUnavailableError,
)
from facturador.pac.sat_status import SatStatusClient

__all__ = ["SW_URLS", "SwClient", "split_message"]

SW_URLS = {
    "produccion": ("https://services.sw.com.mx", "https://api.sw.com.mx"),
    "pruebas": ("https://services.test.sw.com.mx", "https://api.test.sw.com.mx"),
}
STAMP_PATH = "/cfdi33/stamp/v4"
_CREDITS = frozenset({"AU2001"})
_ACCOUNT = frozenset({"AU2000", "AU2002", "AU2003", "AU2004", "AU2005"})
_RETRYABLE = frozenset({"CO1000", "708", "709"})
_TOKEN_MARGIN = 60.0  # refresh a minute early


def split_message(message: str) -> tuple[str, str]:
    """`"CFDI40158 - La clave..."` / `"307. El comprobante..."` -> (code, text)."""
    text = message.strip()
    for separator in (" - ", ". ", "-", ":", " "):
        head, found, tail = text.partition(separator)
        if found and head and " " not in head.strip():
            return head.strip().rstrip("."), tail.strip()
    return text, text


class SwClient:
    """A `PacClient` for SW Sapien. Give `user`+`password`, or a fixed `token`."""

    name = "sw"

    def __init__(
        self,
        *,
        user: str | None = None,
        password: str | None = None,
        token: str | None = None,
        environment: str = "pruebas",
        services_url: str | None = None,
        api_url: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
        sat_status: SatStatusClient | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if token is None and (user is None or password is None):
            raise ValueError("SW needs a token, or a user and a password")
        services, api = SW_URLS[environment]
        self.services_url = (services_url or services).rstrip("/")
        self.api_url = (api_url or services_url or api).rstrip("/")
        self._user = user
        self._password = password
        self._fixed_token = token
        self._token: str | None = token
        self._token_expires = float("inf") if token else 0.0
        self._clock = clock
        self._transport = Transport(timeout, session)
        self._sat_status = sat_status or SatStatusClient(environment, timeout=timeout)

    def __repr__(self) -> str:
        return f"SwClient(services_url={self.services_url!r}, user={self._user!r})"

    # ------------------------------------------------------------ auth & transport

    def _auth_header(self) -> dict[str, str]:
        if self._token is None or self._clock() >= self._token_expires - _TOKEN_MARGIN:
            self._authenticate()
        return {"Authorization": f"Bearer {self._token}"}

    def _authenticate(self) -> None:
        body = self._json(
            self._transport.request(
                "POST",
                f"{self.services_url}/v2/security/authenticate",
                json={"user": self._user, "password": self._password},
            )
        )
        if body.get("status") != "success":
            _raise_for(body)
        data = body.get("data") or {}
        token, expires = data.get("token"), data.get("expires_in")
        if not isinstance(token, str) or not token:
            raise PacProtocolError("JSON", "autenticación sin token")
        now = self._clock()
        seconds = float(expires) if isinstance(expires, int | float) else 7200.0
        # SDKs treat expires_in as a Unix time; a small number is a duration.
        self._token = token
        self._token_expires = seconds if seconds > 1e9 else now + seconds

    def _json(self, response: requests.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or "status" not in body:
            if response.status_code >= 500:
                raise PacUnavailableError(f"HTTP{response.status_code}", "servicio de SW")
            raise PacProtocolError(f"HTTP{response.status_code}", "respuesta JSON ilegible")
        if body.get("status") != "success" and response.status_code >= 500:
            code, _ = split_message(str(body.get("message") or ""))
            if code not in _CREDITS | _ACCOUNT and not code.startswith(("CFDI", "CRP")):
                raise PacUnavailableError(
                    code or f"HTTP{response.status_code}", str(body.get("message"))
                )
        return body

    def _send(self, method: str, url: str, **kwargs: Any) -> dict[str, Any]:
        headers = {**self._auth_header(), **kwargs.pop("headers", {})}
        body = self._json(self._transport.request(method, url, headers=headers, **kwargs))
        if body.get("status") != "success" and self._fixed_token is None:
            code, _ = split_message(str(body.get("message") or ""))
            if code == "AU2000" or "token" in str(body.get("message", "")).lower():
                self._token = None  # expired or revoked: authenticate once more
                headers.update(self._auth_header())
                body = self._json(self._transport.request(method, url, headers=headers, **kwargs))
        return body

    # ------------------------------------------------------------ operations

    def stamp(self, xml: bytes) -> StampResult:
        refuse_demo_stamp(xml)
        boundary = uuid_module.uuid4().hex
        payload = (
            (
                f"--{boundary}\r\nContent-Type: text/xml\r\nContent-Transfer-Encoding: binary\r\n"
                f'Content-Disposition: form-data; name="xml"; filename="xml"\r\n\r\n'
            ).encode("ascii")
            + xml
            + f"\r\n--{boundary}--\r\n".encode("ascii")
        )
        body = self._send(
            "POST",
            f"{self.services_url}{STAMP_PATH}",
            data=payload,
            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )
        if body.get("status") == "success":
            return _stamped(body.get("data"), StampStatus.STAMPED, None)
        code, text = split_message(str(body.get("message") or ""))
        if code == "307":
            return self._previous(body)
        _raise_for(body)
        return StampResult(
            status=StampStatus.REJECTED, code=code, detail=_detail(text, body.get("messageDetail"))
        )

    def _previous(self, body: dict[str, Any]) -> StampResult:
        data = body.get("data")
        if isinstance(data, dict) and isinstance(data.get("cfdi"), str):
            return _stamped(data, StampStatus.PREVIOUSLY_STAMPED, "307")
        detail = body.get("messageDetail")
        if isinstance(detail, str) and detail.lstrip().startswith("<"):
            xml = detail.encode("utf-8")
            found = find_uuid(xml)
            if found:
                return StampResult(
                    status=StampStatus.PREVIOUSLY_STAMPED, xml=xml, uuid=found, code="307"
                )
        raise PacStampNotReadyError("307", "timbrado previamente; SW no devolvió el timbre")

    def recover(self, document: bytes | str) -> StampResult | None:
        """SW has no side-effect-free lookup by content: the documented way is to send the
        same bytes again, which answers 307 with the earlier stamp (or stamps them now, which
        is equally exactly-once). By UUID: not supported (None)."""
        if isinstance(document, str):
            return None
        result = self.stamp(document)
        return result if result.stamped else None

    def cancel(self, command: CancelCommand) -> CancelResult:
        import base64

        payload = {
            "uuid": command.uuid.upper(),
            "password": command.password,
            "rfc": command.rfc_emisor,
            "motivo": command.motivo,
            "foliosustitucion": command.folio_sustitucion or "",
            "b64Cer": base64.b64encode(command.certificate).decode("ascii"),
            "b64Key": key_der_b64(command.private_key),
        }
        body = self._send("POST", f"{self.services_url}/cfdi33/cancel/csd", json=payload)
        if body.get("status") != "success":
            _raise_for(body)
            code, text = split_message(str(body.get("message") or ""))
            raise PacRejectedError(code, _detail(text, body.get("messageDetail")))
        data = body.get("data") or {}
        codes = data.get("uuid") if isinstance(data, dict) else None
        if not isinstance(codes, dict):
            raise PacProtocolError("JSON", "cancelación sin data.uuid")
        code = {k.upper(): str(v) for k, v in codes.items()}.get(command.uuid.upper())
        if code is None:
            raise PacProtocolError("JSON", "la respuesta no trae el UUID cancelado")
        acuse = data.get("acuse")
        return CancelResult(
            uuid=command.uuid.upper(),
            code=code,
            acuse=acuse.encode("utf-8") if isinstance(acuse, str) else None,
        )

    def status(self, query: StatusQuery) -> SatStatus:
        return self._sat_status.status(query)

    def credits(self) -> CreditBalance | None:
        body = self._send("GET", f"{self.api_url}/management/v2/api/users/balance")
        if body.get("status") != "success":
            _raise_for(body)
            raise PacProtocolError("JSON", str(body.get("message")))
        data = body.get("data")
        if not isinstance(data, dict):
            raise PacProtocolError("JSON", "saldo sin data")
        unlimited = bool(data.get("unlimited"))
        return CreditBalance(
            remaining=None if unlimited else _int(data.get("stampsBalance")),
            used=_int(data.get("stampsUsed")),
            unlimited=unlimited,
            expires=data.get("expirationDate"),
        )


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def _detail(text: str, message_detail: object) -> str:
    if isinstance(message_detail, str) and message_detail.strip():
        return f"{text} {message_detail.strip()}"
    return text


def _stamped(data: object, status: StampStatus, code: str | None) -> StampResult:
    if not isinstance(data, dict) or not isinstance(data.get("cfdi"), str):
        raise PacProtocolError("JSON", "timbrado sin data.cfdi")
    xml = data["cfdi"].encode("utf-8")
    found = data.get("uuid") or find_uuid(xml)
    if not isinstance(found, str) or not found:
        raise PacProtocolError("JSON", "timbrado sin UUID")
    return StampResult(
        status=status,
        xml=xml,
        uuid=found.upper(),
        code=code,
        fecha_timbrado=data.get("fechaTimbrado"),
    )


def _raise_for(body: dict[str, Any]) -> None:
    """Account, credits and outage codes raise; data errors return to the caller."""
    code, text = split_message(str(body.get("message") or ""))
    if code in _CREDITS:
        raise PacCreditsExhaustedError(code, text)
    if code in _ACCOUNT:
        raise PacAuthError(code, text)
    if code in _RETRYABLE:
        raise PacUnavailableError(code, text)
