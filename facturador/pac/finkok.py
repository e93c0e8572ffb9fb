"""Finkok (SOAP 1.1) client: stamp, recover (`stamped` / `query_pending`), cancel.

Outcome rules (pac-protocols.md §1.3.4): a UUID with the XML is a stamp, whatever the
incidencias say; 307 is "previously stamped" and the stamp is recovered with `stamped`
(bounded polling); 708/709, HTTP 5xx, Faults and garbage are retryable; 718 means no credits;
300/501/70x are account problems; every other code is a rejection of the document.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import requests

from facturador.pac import finkok_soap as soap
from facturador.pac._http import Transport
from facturador.pac._keys import cer_to_pem, key_to_pem
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
from facturador.sat.errors import UnsafeXmlError
from facturador.sat.xml_safety import parse_xml

__all__ = ["FINKOK_URLS", "FinkokClient"]

FINKOK_URLS = {
    "produccion": "https://facturacion.finkok.com",
    "pruebas": "https://demo-facturacion.finkok.com",
}
_RETRYABLE = frozenset({"708", "709"})
_CREDITS = frozenset({"718"})
_ACCOUNT = frozenset({"300", "501", "701", "702", "703", "706", "720", "740"})
_PREVIOUS = "307"
_NOT_STAMPED = "603"
_HAS_TFD = "707"
_NOT_READY = "timbrado previamente; el timbre aún no está listo"


class FinkokClient:
    """A `PacClient` for Finkok. `base_url` overrides the environment's host (emulators)."""

    name = "finkok"

    def __init__(
        self,
        username: str,
        password: str,
        *,
        environment: str = "pruebas",
        base_url: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
        sat_status: SatStatusClient | None = None,
        recover_attempts: int = 10,
        recover_interval: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = (base_url or FINKOK_URLS[environment]).rstrip("/")
        self._username = username
        self._password = password
        self._transport = Transport(timeout, session)
        self._sat_status = sat_status or SatStatusClient(
            "pruebas" if environment == "pruebas" else "produccion", timeout=timeout
        )
        self._recover_attempts = recover_attempts
        self._recover_interval = recover_interval
        self._sleep = sleep

    def __repr__(self) -> str:
        return f"FinkokClient(base_url={self.base_url!r}, username={self._username!r})"

    # ------------------------------------------------------------ transport

    def _call(self, service: str, envelope: bytes, operation: str) -> bytes:
        response = self._transport.request(
            "POST",
            f"{self.base_url}/servicios/soap/{service}",
            data=envelope,
            headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": operation},
        )
        if response.status_code >= 500:
            # A SOAP Fault (HTTP 500) or a proxy page: outcome unknown, retry later.
            raise PacUnavailableError(f"HTTP{response.status_code}", _fault_text(response))
        if response.status_code != 200:
            raise PacProtocolError(f"HTTP{response.status_code}", "respuesta inesperada")
        return response.content

    def _stamp_call(self, operation: str, xml: bytes) -> soap.Acuse:
        envelope = soap.build_stamp(operation, xml, self._username, self._password)
        return soap.parse_acuse(self._call("stamp", envelope, operation), operation)

    # ------------------------------------------------------------ operations

    def stamp(self, xml: bytes) -> StampResult:
        refuse_demo_stamp(xml)
        acuse = self._stamp_call("stamp", xml)
        if acuse.xml and acuse.uuid:
            status = StampStatus.PREVIOUSLY_STAMPED if _PREVIOUS in acuse.codes else None
            return _stamp_result(acuse, status or StampStatus.STAMPED)
        if _PREVIOUS in acuse.codes:
            return self._recover_previous(xml)
        if _HAS_TFD in acuse.codes and (uuid := find_uuid(xml)):
            return StampResult(
                status=StampStatus.PREVIOUSLY_STAMPED, xml=xml, uuid=uuid, code=_HAS_TFD
            )
        return _classify(acuse)

    def _recover_previous(self, xml: bytes) -> StampResult:
        """307 without data: `stamped` until it answers (bounded), else retry later."""
        for attempt in range(self._recover_attempts):
            if attempt:
                self._sleep(self._recover_interval)
            found = self.recover(xml)
            if found is not None:
                return found
        raise PacStampNotReadyError(_PREVIOUS, _NOT_READY)

    def recover(self, document: bytes | str) -> StampResult | None:
        """The earlier stamp: by the sealed bytes (`stamped`) or by UUID (`query_pending`)."""
        if isinstance(document, str):
            return self._query_pending(document)
        acuse = self._stamp_call("stamped", document)
        if acuse.xml and acuse.uuid:
            return _stamp_result(acuse, StampStatus.PREVIOUSLY_STAMPED, code=_PREVIOUS)
        if not acuse.codes or _NOT_STAMPED in acuse.codes:
            return None
        if _PREVIOUS in acuse.codes:  # stamped, but the lookup cannot hand it over yet
            raise PacStampNotReadyError(
                _PREVIOUS, "timbrado previamente; el timbre aún no está listo"
            )
        _classify(acuse)  # raises for account/transient problems
        return None

    def _query_pending(self, uuid: str) -> StampResult | None:
        envelope = soap.build_query_pending(uuid, self._username, self._password)
        answer = soap.parse_query_pending(self._call("stamp", envelope, "query_pending"))
        if answer.error and "invalid username" in answer.error.lower():
            raise PacAuthError("300", answer.error)
        if not answer.xml or not answer.uuid:
            return None
        return StampResult(
            status=StampStatus.PREVIOUSLY_STAMPED,
            xml=answer.xml,
            uuid=answer.uuid.upper(),
            code=_PREVIOUS,
        )

    def cancel(self, command: CancelCommand) -> CancelResult:
        envelope = soap.build_cancel(
            uuid=command.uuid.upper(),
            motivo=command.motivo,
            folio_sustitucion=command.folio_sustitucion,
            username=self._username,
            password=self._password,
            taxpayer_id=command.rfc_emisor,
            cer_pem=cer_to_pem(command.certificate),
            key_pem=key_to_pem(command.private_key, command.password),
        )
        answer = soap.parse_cancel(self._call("cancel", envelope, "cancel"))
        for uuid, code, text in answer.folios:
            if uuid.upper() == command.uuid.upper():
                if code == "708":
                    raise PacUnavailableError(code, text)
                return CancelResult(uuid=uuid.upper(), code=code, detail=text, acuse=answer.acuse)
        status = answer.cod_estatus or ""
        if "username" in status.lower():
            raise PacAuthError("300", status)
        if not status:
            raise PacProtocolError("SOAP", "cancelación sin folios ni CodEstatus")
        raise PacRejectedError(_code_of(status), status)

    def status(self, query: StatusQuery) -> SatStatus:
        return self._sat_status.status(query)

    def credits(self) -> CreditBalance | None:
        """Finkok has no balance call for plain customers: incidencia 718 is the signal."""
        return None


def _stamp_result(acuse: soap.Acuse, status: StampStatus, code: str | None = None) -> StampResult:
    if acuse.xml is None or acuse.uuid is None:  # pragma: no cover - callers check
        raise PacProtocolError("SOAP", "acuse sin xml o UUID")
    if status is StampStatus.PREVIOUSLY_STAMPED:
        code = _PREVIOUS
    return StampResult(
        status=status,
        xml=acuse.xml,
        uuid=acuse.uuid.upper(),
        code=code,
        fecha_timbrado=acuse.fecha,
        detail=acuse.cod_estatus,
    )


def _classify(acuse: soap.Acuse) -> StampResult:
    """No stamp came back: raise for service/account problems, else a rejection."""
    if not acuse.incidencias:
        raise PacProtocolError("SOAP", acuse.cod_estatus or "respuesta sin UUID ni incidencias")
    first = acuse.incidencias[0]
    for incidencia in acuse.incidencias:
        if incidencia.codigo in _RETRYABLE:
            raise PacUnavailableError(incidencia.codigo, incidencia.mensaje)
        if incidencia.codigo in _CREDITS:
            raise PacCreditsExhaustedError(incidencia.codigo, incidencia.mensaje)
        if incidencia.codigo in _ACCOUNT:
            raise PacAuthError(incidencia.codigo, incidencia.mensaje)
    return StampResult(status=StampStatus.REJECTED, code=first.codigo, detail=first.mensaje)


def _code_of(text: str) -> str:
    head = text.split(" ", 1)[0].strip(".:-")
    return head if head.isdigit() else "CANCELACION"


def _fault_text(response: requests.Response) -> str:
    """The SOAP Fault's faultstring when there is one, else a generic text."""
    try:
        root = parse_xml(response.content)
    except UnsafeXmlError:
        return "error del servidor"
    return (root.findtext(".//faultstring") or "error del servidor").strip()
