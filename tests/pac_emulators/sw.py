"""SW Sapien REST emulator (pac-protocols.md §8.3), backed by a SandboxStamper."""

from __future__ import annotations

import json
import secrets
import threading
import time
from email.parser import BytesParser
from email.policy import HTTP

from facturador.pac.base import CancelCommand, StampResult, StampStatus
from facturador.pac.errors import PacCreditsExhaustedError, PacError
from facturador.pac.sandbox import SandboxStamper
from tests.pac_emulators.faults import Fault, FaultKind, FaultPlan
from tests.pac_emulators.server import LoopbackServer, Reply, Request

_AU2000 = "AU2000 - El usuario y/o contraseña son inválidos, no se puede autenticar el servicio."
_PREVIOUS = "307. El comprobante contiene un timbre previo."
_TEXTS = {
    "AU2001": "AU2001 - No cuenta con timbres disponibles.",
    "CO1000": "CO1000 - Error no controlado.",
}


class SwEmulator(LoopbackServer):
    """`previous_variant`: "data" (307 with data.cfdi, the SDKs' shape) or "detail" (the XML
    in messageDetail, as Odoo saw it). `token_ttl`: seconds a token lives."""

    def __init__(
        self,
        sandbox: SandboxStamper,
        *,
        user: str = "demo@example.com",
        password: str = "secreto",
        previous_variant: str = "data",
        token_ttl: float = 7200.0,
        balance: dict | None = None,
        faults: FaultPlan | None = None,
    ) -> None:
        super().__init__(faults=faults)
        self.sandbox = sandbox
        self.user = user
        self.password = password
        self.previous_variant = previous_variant
        self.token_ttl = token_ttl
        self.balance = balance
        self._tokens: dict[str, float] = {}
        self._lock = threading.Lock()
        self.auth_count = 0

    @property
    def stamp_counts(self):
        return self.sandbox.stamp_counts

    def operation(self, request: Request) -> str:
        path = request.path.split("?")[0]
        if "/stamp/" in path:
            return "stamp"
        if "authenticate" in path:
            return "authenticate"
        if "/cancel/" in path:
            return "cancel"
        return "balance" if "balance" in path else "unknown"

    def handle(self, request: Request, fault: Fault | None) -> Reply:
        operation = self.operation(request)
        if operation == "authenticate":
            return self._authenticate(request)
        if not self._authorized(request):
            return _error(401, "AU2000 - Token inválido o expirado.")
        if operation == "stamp":
            return self._stamp(request, fault)
        if operation == "cancel":
            return self._cancel(request)
        if operation == "balance":
            return self._balance()
        return _error(404, "Ruta no encontrada")

    # ------------------------------------------------------------ auth

    def _authenticate(self, request: Request) -> Reply:
        if request.path.startswith("/v2/"):
            try:
                body = json.loads(request.body or b"{}")
            except ValueError:
                return _error(400, "Parámetros incompletos")
            user, password = body.get("user"), body.get("password")
        else:
            user, password = request.headers.get("user"), request.headers.get("password")
        if user != self.user or password != self.password:
            return _error(401, _AU2000)
        token = secrets.token_hex(16)
        expires = time.time() + self.token_ttl
        with self._lock:
            self._tokens[token] = expires
            self.auth_count += 1
        return _json(
            200, {"data": {"token": token, "expires_in": int(expires)}, "status": "success"}
        )

    def _authorized(self, request: Request) -> bool:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return False
        with self._lock:
            return self._tokens.get(token.strip(), 0.0) > time.time()

    def expire_tokens(self) -> None:
        with self._lock:
            self._tokens.clear()

    # ------------------------------------------------------------ stamp

    def _stamp(self, request: Request, fault: Fault | None) -> Reply:
        version = request.path.rstrip("/").split("/")[-1]
        xml = _multipart_xml(request)
        if xml is None:
            return _error(400, "Parámetros incompletos", "no se encontró la parte xml")
        if fault is not None and fault.kind is not FaultKind.PREVIOUSLY_STAMPED:
            return _forced(fault)
        try:
            result = self.sandbox.stamp(xml)
        except PacCreditsExhaustedError:
            return _error(400, _TEXTS["AU2001"])
        if result.status is StampStatus.STAMPED and fault is None:
            return _json(200, {"data": _data(result, version), "status": "success"})
        if result.status is StampStatus.REJECTED:
            return _error(400, f"{result.code} - {result.detail}", None)
        if fault is not None:  # stamped now, but answer 307 without the data
            return _error(400, _PREVIOUS, None)
        if self.previous_variant == "detail":
            return _error(400, _PREVIOUS, (result.xml or b"").decode("utf-8"))
        return _json(
            400,
            {
                "message": _PREVIOUS,
                "messageDetail": None,
                "data": _data(result, version),
                "status": "error",
            },
        )

    # ------------------------------------------------------------ cancel, balance

    def _cancel(self, request: Request) -> Reply:
        try:
            body = json.loads(request.body or b"{}")
            command = CancelCommand(
                uuid=body["uuid"],
                rfc_emisor=body["rfc"],
                motivo=body["motivo"],
                certificate=b"",
                private_key=b"",
                password="",
                folio_sustitucion=body.get("foliosustitucion") or None,
            )
        except PacError as error:
            return _error(400, f"{error.code} - {error.detail}")
        except (ValueError, KeyError):
            return _error(400, "Parámetros incompletos")
        answer = self.sandbox.cancel(command)
        acuse = (
            f'<?xml version="1.0" encoding="utf-8"?><Acuse RfcEmisor="{command.rfc_emisor}">'
            f'<Folios xmlns="http://cancelacfd.sat.gob.mx"><UUID>{answer.uuid}</UUID>'
            f"<EstatusUUID>{answer.code}</EstatusUUID></Folios></Acuse>"
        )
        return _json(
            200, {"data": {"acuse": acuse, "uuid": {answer.uuid: answer.code}}, "status": "success"}
        )

    def _balance(self) -> Reply:
        if self.balance is not None:
            data = self.balance
        else:
            left = self.sandbox.credits_left
            data = {
                "idUserBalance": "b1",
                "idUser": "u1",
                "stampsBalance": left if left is not None else 0,
                "stampsUsed": sum(self.sandbox.stamp_counts.values()),
                "stampsAssigned": 0,
                "unlimited": left is None,
                "expirationDate": None,
            }
        return _json(200, {"data": data, "status": "success"})


def _forced(fault: Fault) -> Reply:
    if fault.kind is FaultKind.CREDITS:
        return _error(400, _TEXTS["AU2001"])
    if fault.kind is FaultKind.UNAVAILABLE:
        return _error(500, _TEXTS["CO1000"])
    if fault.kind is FaultKind.AUTH:
        return _error(401, _AU2000)
    code = fault.arg or "CFDI40999"
    return _error(400, f"{code} - Regla de validación {code} no cumplida.", "detalle")


def _data(result: StampResult, version: str) -> dict:
    cfdi = (result.xml or b"").decode("utf-8")
    if version == "v1":
        start = cfdi.find("<tfd:TimbreFiscalDigital")
        end = cfdi.find("/>", start) + 2
        return {"tfd": cfdi[start:end]}
    if version == "v3":
        return {"cfdi": cfdi}
    if version == "v2":
        return {"tfd": "", "cfdi": cfdi}
    return {
        "cadenaOriginalSAT": "",
        "noCertificadoSAT": "",
        "noCertificadoCFDI": "",
        "uuid": result.uuid,
        "selloSAT": "",
        "selloCFDI": "",
        "fechaTimbrado": result.fecha_timbrado,
        "qrCode": "",
        "cfdi": cfdi,
    }


def _multipart_xml(request: Request) -> bytes | None:
    content_type = request.headers.get("content-type", "")
    if "multipart/form-data" not in content_type:
        return None
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + request.body
    )
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == "xml":
            payload = part.get_payload(decode=True)
            return payload if isinstance(payload, bytes) else None
    return None


def _json(status: int, body: dict) -> Reply:
    return Reply(status, json.dumps(body).encode("utf-8"), "application/json; charset=utf-8")


def _error(status: int, message: str, detail: str | None = None) -> Reply:
    return _json(
        status, {"message": message, "messageDetail": detail, "data": None, "status": "error"}
    )
