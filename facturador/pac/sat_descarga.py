"""SAT's "descarga masiva" web service (v1.5): the four SOAP services, signed with the e.firma.

    Autenticacion               WS-Security: Timestamp (5 min), the FIEL as
                                BinarySecurityToken, an XMLDSig over the Timestamp
    SolicitaDescargaEmitidos    a request for a period's issued / received CFDI (XML or
    SolicitaDescargaRecibidos   Metadata), answered with IdSolicitud
    VerificaSolicitudDescarga   EstadoSolicitud 1..6, NumeroCFDIs, IdsPaquetes
    Descargar                   one package (a ZIP) in base64

Every call after the authentication carries its token in `Authorization: WRAP
access_token="..."`; the bodies of the last three carry an enveloped XMLDSig with
X509IssuerSerial and the certificate.

Signing: exclusive canonicalization (lxml, i.e. libxml2's C14N) and RSA-SHA1
(`Credential.sign_sha1`). A general XMLDSig library (signxml) was not used: SAT's quirk is
that the Reference URI="" of a body's signature digests the *operation element* (e.g.
`des:SolicitaDescargaRecibidos`) without the signature, with only the exc-c14n transform,
which a standard enveloped signature over the whole document is not; signxml also refuses
SHA1 by default. `operation_digest` is that digest; the emulator in tests checks it, and
the signature, with the certificate's public key.

Faults: connection refused / timeouts / HTTP 5xx / unreadable answers raise
`PacUnavailableError` (or its `PacProtocolError`), retryable, with `request_sent`; SAT's
refusals raise `SatDescargaError` (`SatDescargaAuthError` for 300-305) with its code.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

import requests
from lxml import etree

from facturador.pac._http import Transport
from facturador.pac.base import DEFAULT_TIMEOUT, Timeout
from facturador.pac.errors import (
    PacProtocolError,
    PacUnavailableError,
    SatDescargaAuthError,
    SatDescargaError,
)
from facturador.sat.credentials import Credential
from facturador.sat.errors import UnsafeXmlError
from facturador.sat.xml_safety import parse_xml

__all__ = [
    "AUTH_CODES",
    "NS_AUTH",
    "NS_DES",
    "NS_DS",
    "SATISFIED",
    "SAT_DESCARGA_URLS",
    "SOAP_ACTIONS",
    "SatDescargaClient",
    "Solicitud",
    "Token",
    "Verificacion",
    "authentication_envelope",
    "operation_digest",
    "request_envelope",
]

NS_SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
NS_WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
NS_WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
NS_DS = "http://www.w3.org/2000/09/xmldsig#"
NS_AUTH = "http://DescargaMasivaTerceros.gob.mx"
NS_DES = "http://DescargaMasivaTerceros.sat.gob.mx"
X509_TOKEN = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3"
BASE64_ENCODING = (
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary"
)
EXC_C14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
RSA_SHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1"

SAT_DESCARGA_URLS = {
    "autenticacion": "https://cfdidescargamasivasolicitud.clouda.sat.gob.mx/Autenticacion/Autenticacion.svc",
    "solicita": "https://cfdidescargamasivasolicitud.clouda.sat.gob.mx/SolicitaDescargaService.svc",
    "verifica": "https://cfdidescargamasivasolicitud.clouda.sat.gob.mx/VerificaSolicitudDescargaService.svc",
    "descarga": "https://cfdidescargamasiva.clouda.sat.gob.mx/DescargaMasivaService.svc",
}
# The paths of the four services, for a base URL other than SAT's (the loopback emulator).
_PATHS = {
    "autenticacion": "/Autenticacion/Autenticacion.svc",
    "solicita": "/SolicitaDescargaService.svc",
    "verifica": "/VerificaSolicitudDescargaService.svc",
    "descarga": "/DescargaMasivaService.svc",
}
SOAP_ACTIONS = {
    "Autentica": "http://DescargaMasivaTerceros.gob.mx/IAutenticacion/Autentica",
    "SolicitaDescargaEmitidos": (
        "http://DescargaMasivaTerceros.sat.gob.mx/ISolicitaDescargaService/SolicitaDescargaEmitidos"
    ),
    "SolicitaDescargaRecibidos": (
        "http://DescargaMasivaTerceros.sat.gob.mx/ISolicitaDescargaService/SolicitaDescargaRecibidos"
    ),
    "VerificaSolicitudDescarga": (
        "http://DescargaMasivaTerceros.sat.gob.mx/IVerificaSolicitudDescargaService/"
        "VerificaSolicitudDescarga"
    ),
    "Descargar": (
        "http://DescargaMasivaTerceros.sat.gob.mx/IDescargaMasivaTercerosService/Descargar"
    ),
}
SATISFIED = "5000"
AUTH_CODES = frozenset({"300", "301", "302", "303", "304", "305"})
TOKEN_LIFETIME = timedelta(minutes=5)

Tipo = Literal["emitidos", "recibidos"]


@dataclass(frozen=True, slots=True)
class Token:
    value: str
    created: datetime
    expires: datetime

    def valid_at(self, when: datetime, margin: timedelta = timedelta(seconds=30)) -> bool:
        return when + margin < self.expires


@dataclass(frozen=True, slots=True)
class Solicitud:
    """SAT's answer to a request: `id_solicitud` when `cod_estatus` is 5000."""

    id_solicitud: str
    cod_estatus: str
    mensaje: str


@dataclass(frozen=True, slots=True)
class Verificacion:
    cod_estatus: str
    estado_solicitud: int  # 1 Aceptada, 2 En proceso, 3 Terminada, 4 Error, 5 Rechazada, 6 Vencida
    codigo_estado_solicitud: str
    numero_cfdis: int
    mensaje: str
    ids_paquetes: tuple[str, ...]


def _sat_time(moment: datetime) -> str:
    """WS-Security's xsd:dateTime in UTC with milliseconds: 2026-12-02T16:30:00.000Z."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def _c14n(element: etree._Element) -> bytes:
    return etree.tostring(element, method="c14n", exclusive=True, with_comments=False)


def _sha1_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha1(data).digest()).decode("ascii")


def operation_digest(operation: etree._Element) -> str:
    """The DigestValue of a body's signature: the operation element without its Signature,
    exclusive-canonicalized, SHA1, base64."""
    copy = etree.fromstring(etree.tostring(operation))
    for signature in copy.iter(f"{{{NS_DS}}}Signature"):
        parent = signature.getparent()
        if parent is not None:
            parent.remove(signature)
    return _sha1_b64(_c14n(copy))


def _signature(
    credential: Credential, digest: str, uri: str, key_info: etree._Element
) -> etree._Element:
    signature = etree.Element(f"{{{NS_DS}}}Signature", nsmap={None: NS_DS})
    signed_info = etree.SubElement(signature, f"{{{NS_DS}}}SignedInfo")
    etree.SubElement(signed_info, f"{{{NS_DS}}}CanonicalizationMethod", Algorithm=EXC_C14N)
    etree.SubElement(signed_info, f"{{{NS_DS}}}SignatureMethod", Algorithm=RSA_SHA1)
    reference = etree.SubElement(signed_info, f"{{{NS_DS}}}Reference", URI=uri)
    transforms = etree.SubElement(reference, f"{{{NS_DS}}}Transforms")
    etree.SubElement(transforms, f"{{{NS_DS}}}Transform", Algorithm=EXC_C14N)
    etree.SubElement(reference, f"{{{NS_DS}}}DigestMethod", Algorithm=SHA1)
    etree.SubElement(reference, f"{{{NS_DS}}}DigestValue").text = digest
    value = credential.sign_sha1(_c14n(signed_info))
    etree.SubElement(signature, f"{{{NS_DS}}}SignatureValue").text = base64.b64encode(value).decode(
        "ascii"
    )
    signature.append(key_info)
    return signature


def _envelope(nsmap: dict[str | None, str] | None = None) -> etree._Element:
    return etree.Element(f"{{{NS_SOAP}}}Envelope", nsmap={"s": NS_SOAP, **(nsmap or {})})


def authentication_envelope(credential: Credential, created: datetime) -> bytes:
    """The Autentica request: a Timestamp valid five minutes, signed with the e.firma."""
    envelope = _envelope({"u": NS_WSU})
    header = etree.SubElement(envelope, f"{{{NS_SOAP}}}Header")
    security = etree.SubElement(
        header,
        f"{{{NS_WSSE}}}Security",
        nsmap={"o": NS_WSSE},
        attrib={f"{{{NS_SOAP}}}mustUnderstand": "1"},
    )
    timestamp = etree.SubElement(security, f"{{{NS_WSU}}}Timestamp", {f"{{{NS_WSU}}}Id": "_0"})
    etree.SubElement(timestamp, f"{{{NS_WSU}}}Created").text = _sat_time(created)
    etree.SubElement(timestamp, f"{{{NS_WSU}}}Expires").text = _sat_time(created + TOKEN_LIFETIME)
    token_id = f"uuid-{uuid.uuid4()}-1"
    token = etree.SubElement(
        security,
        f"{{{NS_WSSE}}}BinarySecurityToken",
        {f"{{{NS_WSU}}}Id": token_id, "ValueType": X509_TOKEN, "EncodingType": BASE64_ENCODING},
    )
    token.text = credential.certificate.base64
    key_info = etree.Element(f"{{{NS_DS}}}KeyInfo")
    reference = etree.SubElement(
        etree.SubElement(key_info, f"{{{NS_WSSE}}}SecurityTokenReference"),
        f"{{{NS_WSSE}}}Reference",
        URI=f"#{token_id}",
        ValueType=X509_TOKEN,
    )
    del reference
    security.append(_signature(credential, _sha1_b64(_c14n(timestamp)), "#_0", key_info))
    body = etree.SubElement(envelope, f"{{{NS_SOAP}}}Body")
    etree.SubElement(body, f"{{{NS_AUTH}}}Autentica", nsmap={None: NS_AUTH})
    return etree.tostring(envelope, encoding="utf-8")


def _x509_key_info(credential: Credential) -> etree._Element:
    certificate = credential.certificate
    key_info = etree.Element(f"{{{NS_DS}}}KeyInfo")
    data = etree.SubElement(key_info, f"{{{NS_DS}}}X509Data")
    issuer_serial = etree.SubElement(data, f"{{{NS_DS}}}X509IssuerSerial")
    etree.SubElement(issuer_serial, f"{{{NS_DS}}}X509IssuerName").text = certificate.issuer_name
    etree.SubElement(issuer_serial, f"{{{NS_DS}}}X509SerialNumber").text = str(
        certificate.serial_number
    )
    etree.SubElement(data, f"{{{NS_DS}}}X509Certificate").text = certificate.base64
    return key_info


def request_envelope(
    credential: Credential,
    operation: str,
    child: str,
    attributes: dict[str, str],
    children: Iterable[tuple[str, str]] = (),
) -> bytes:
    """A signed body: `<des:{operation}><des:{child} attributes>[children]<Signature/>`."""
    envelope = _envelope({"des": NS_DES})
    etree.SubElement(envelope, f"{{{NS_SOAP}}}Header")
    body = etree.SubElement(envelope, f"{{{NS_SOAP}}}Body")
    op = etree.SubElement(body, f"{{{NS_DES}}}{operation}")
    request = etree.SubElement(op, f"{{{NS_DES}}}{child}")
    for name in sorted(attributes):
        request.set(name, attributes[name])
    for name, text in children:
        etree.SubElement(request, f"{{{NS_DES}}}{name}").text = text
    request.append(_signature(credential, operation_digest(op), "", _x509_key_info(credential)))
    return etree.tostring(envelope, encoding="utf-8")


def _sat_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


class SatDescargaClient:
    """One company's e.firma against the four services (or a loopback emulator's
    `base_url`). Not thread-safe; the token is kept and renewed when it expires."""

    def __init__(
        self,
        credential: Credential,
        *,
        base_url: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        session: requests.Session | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.credential = credential
        self.rfc = credential.certificate.rfc
        base = base_url.rstrip("/") if base_url else None
        self.urls = (
            {name: base + path for name, path in _PATHS.items()} if base else SAT_DESCARGA_URLS
        )
        self._transport = Transport(timeout, session)
        self._clock = clock
        self._token: Token | None = None

    def close(self) -> None:
        self._transport.close()

    # ------------------------------------------------------------ the four services

    def authenticate(self) -> Token:
        created = self._clock()
        response = self._post(
            "autenticacion", "Autentica", authentication_envelope(self.credential, created)
        )
        root = self._parse(response, auth=True)
        result = root.find(f".//{{{NS_AUTH}}}AutenticaResult")
        if result is None or not (result.text or "").strip():
            raise PacProtocolError("SAT", "respuesta de Autentica sin token", request_sent=True)
        self._token = Token(result.text.strip(), created, created + TOKEN_LIFETIME)
        return self._token

    def token(self) -> Token:
        """The current token, authenticating again when it is about to expire."""
        if self._token is None or not self._token.valid_at(self._clock()):
            return self.authenticate()
        return self._token

    def solicitar(
        self,
        tipo: Tipo,
        desde: datetime,
        hasta: datetime,
        *,
        metadata: bool = False,
        before_send: Callable[[], None] | None = None,
    ) -> Solicitud:
        """Ask for a period's CFDI (`desde`/`hasta` in Mexico's local time, to the second).
        Received XML are of Vigente CFDI only (SAT's rule); cancelled ones need Metadata."""
        attributes = {
            "FechaInicial": _sat_date(desde),
            "FechaFinal": _sat_date(hasta),
            "RfcSolicitante": self.rfc,
            "TipoSolicitud": "Metadata" if metadata else "CFDI",
        }
        if tipo == "emitidos":
            operation = "SolicitaDescargaEmitidos"
            attributes["RfcEmisor"] = self.rfc
        else:
            operation = "SolicitaDescargaRecibidos"
            attributes["RfcReceptor"] = self.rfc
            if not metadata:
                attributes["EstadoComprobante"] = "Vigente"
        envelope = request_envelope(self.credential, operation, "solicitud", attributes)
        token = self.token()
        if before_send is not None:
            before_send()  # e.g. record the send: nothing slow stands between it and the POST
        root = self._parse(self._post("solicita", operation, envelope, token))
        result = self._result(root, f"{operation}Result")
        code = result.get("CodEstatus", "")
        mensaje = result.get("Mensaje", "")
        self._check(code, mensaje)
        id_solicitud = (result.get("IdSolicitud") or "").strip()
        if not id_solicitud:
            raise PacProtocolError("SAT", "solicitud aceptada sin IdSolicitud", request_sent=True)
        return Solicitud(id_solicitud, code, mensaje)

    def verificar(self, id_solicitud: str) -> Verificacion:
        operation = "VerificaSolicitudDescarga"
        envelope = request_envelope(
            self.credential,
            operation,
            "solicitud",
            {"IdSolicitud": id_solicitud, "RfcSolicitante": self.rfc},
        )
        root = self._parse(self._post("verifica", operation, envelope, self.token()))
        result = self._result(root, f"{operation}Result")
        code = result.get("CodEstatus", "")
        self._check(code, result.get("Mensaje", ""))
        try:
            estado = int(result.get("EstadoSolicitud", ""))
            numero = int(result.get("NumeroCFDIs") or "0")
        except ValueError:
            raise PacProtocolError("SAT", "EstadoSolicitud ilegible", request_sent=True) from None
        ids = tuple(
            (node.text or "").strip()
            for node in result.findall(f"{{{NS_DES}}}IdsPaquetes")
            if (node.text or "").strip()
        )
        return Verificacion(
            cod_estatus=code,
            estado_solicitud=estado,
            codigo_estado_solicitud=result.get("CodigoEstadoSolicitud", ""),
            numero_cfdis=numero,
            mensaje=result.get("Mensaje", ""),
            ids_paquetes=ids,
        )

    def descargar(self, id_paquete: str, *, before_send: Callable[[], None] | None = None) -> bytes:
        """The package's bytes (a ZIP), checked to be one. `before_send` runs when the
        request is signed and the token in hand, right before it leaves (to record it)."""
        envelope = request_envelope(
            self.credential,
            "PeticionDescargaMasivaTercerosEntrada",
            "peticionDescarga",
            {"IdPaquete": id_paquete, "RfcSolicitante": self.rfc},
        )
        token = self.token()
        if before_send is not None:
            before_send()
        root = self._parse(self._post("descarga", "Descargar", envelope, token))
        answer = root.find(f".//{{{NS_DES}}}respuesta")
        if answer is None:
            raise PacProtocolError(
                "SAT", "respuesta de Descargar sin CodEstatus", request_sent=True
            )
        self._check(answer.get("CodEstatus", ""), answer.get("Mensaje", ""))
        paquete = root.find(f".//{{{NS_DES}}}Paquete")
        try:
            data = base64.b64decode("".join((paquete.text or "").split()), validate=True)
        except (AttributeError, binascii.Error, ValueError):
            raise PacProtocolError("SAT", "paquete ilegible", request_sent=True) from None
        if not data.startswith(b"PK"):
            raise PacProtocolError("SAT", "el paquete no es un ZIP", request_sent=True)
        return data

    # ------------------------------------------------------------ plumbing

    def _post(
        self, service: str, action: str, envelope: bytes, token: Token | None = None
    ) -> requests.Response:
        headers = {
            "Content-Type": "text/xml; charset=utf-8",
            "SOAPAction": SOAP_ACTIONS[action],
        }
        if token is not None:
            headers["Authorization"] = f'WRAP access_token="{token.value}"'
        return self._transport.request("POST", self.urls[service], data=envelope, headers=headers)

    def _parse(self, response: requests.Response, *, auth: bool = False) -> etree._Element:
        try:
            root = parse_xml(response.content)
        except UnsafeXmlError as error:
            if response.status_code >= 500:
                raise PacUnavailableError(
                    f"HTTP{response.status_code}", "servicio de descarga masiva del SAT",
                    request_sent=True,
                ) from None  # fmt: skip
            raise PacProtocolError("SAT", error.detail, request_sent=True) from None
        fault = root.find(f".//{{{NS_SOAP}}}Fault")
        if fault is not None:
            text = (fault.findtext("faultstring") or "").strip()
            if auth:  # SAT refuses a signature or certificate with a SOAP Fault
                raise SatDescargaAuthError("300", text or None)
            raise PacUnavailableError(
                f"HTTP{response.status_code}", text or "SOAP Fault", request_sent=True
            )
        if response.status_code >= 500 or root.tag != f"{{{NS_SOAP}}}Envelope":
            raise PacUnavailableError(
                f"HTTP{response.status_code}", "respuesta inesperada del SAT", request_sent=True
            )
        return root

    @staticmethod
    def _result(root: etree._Element, name: str) -> etree._Element:
        result = root.find(f".//{{{NS_DES}}}{name}")
        if result is None:
            raise PacProtocolError("SAT", f"respuesta sin {name}", request_sent=True)
        return result

    def _check(self, code: str, mensaje: str) -> None:
        if code == SATISFIED:
            return
        if not code:
            raise PacProtocolError("SAT", "respuesta sin CodEstatus", request_sent=True)
        if code in AUTH_CODES:
            self._token = None
            raise SatDescargaAuthError(code, mensaje or None)
        raise SatDescargaError(code, mensaje or None)
