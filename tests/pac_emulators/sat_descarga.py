"""SAT "descarga masiva" emulator: the four services on one loopback port.

It checks what SAT checks, with its own code (not the client's): the WS-Security Timestamp
(not expired) and its XMLDSig, the enveloped XMLDSig of every other body (DigestValue of
the operation element without the signature, exclusive C14N, SHA1; SignatureValue RSA-SHA1
over the canonical SignedInfo) with the FIEL's public key, the certificate sent being that
FIEL, RfcSolicitante being its RFC and the WRAP token being one it issued.

SAT's rules, as answered: the same parameters asked more than twice -> 5002 (and, with
`duplicate_while_live`, a second identical request while the first lives -> 5005); a
request is ready after `polls_before_ready` verifications (EstadoSolicitud 1, 2, then 3);
a period without CFDI ends with CodigoEstadoSolicitud 5004; a package downloaded more than
twice -> 5008; an unknown package -> 5007. Faults come from `faults` (operations
"Autentica", "SolicitaDescargaEmitidos", "SolicitaDescargaRecibidos",
"VerificaSolicitudDescarga", "Descargar"): the harness's transport faults, `AUTH` (arg: the
300-305 code) and `REJECT` (arg: any code, e.g. 404 or 5002).

`records` holds every request as (operation, key, code answered); `period_counts`,
`download_counts` and `served` count what the limits are about.
"""

from __future__ import annotations

import base64
import hashlib
import io
import threading
import uuid
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from lxml import etree

from facturador.sat.credentials import Certificate
from tests.pac_emulators.faults import Fault, FaultKind, FaultPlan
from tests.pac_emulators.server import LoopbackServer, Reply, Request

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
DS = "http://www.w3.org/2000/09/xmldsig#"
AUTH_NS = "http://DescargaMasivaTerceros.gob.mx"
DES = "http://DescargaMasivaTerceros.sat.gob.mx"
OPERATIONS = frozenset(
    {
        "Autentica",
        "SolicitaDescargaEmitidos",
        "SolicitaDescargaRecibidos",
        "VerificaSolicitudDescarga",
        "Descargar",
    }
)
SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "sat" / "samples"
METADATA_HEADER = (
    "Uuid~RfcEmisor~NombreEmisor~RfcReceptor~NombreReceptor~RfcPac~FechaEmision~"
    "FechaCertificacionSat~Monto~EfectoComprobante~Estatus~FechaCancelacion"
)
# The samples of the test company EKU9003173C9 (the one the tests download for): SAT
# serves a company only CFDI it issued or received.
_SAMPLE_UUIDS = {
    "cfdi40_ingreso_iva16_timbrado.xml": "6F35D3B5-3651-5370-BC2C-14CDBE384CD7",
    "cfdi40_ingreso_retenciones_timbrado.xml": "F08A8B8C-26DB-5385-86AF-2A1D354C5CC3",
}


class _Refused(Exception):
    def __init__(self, code: str, mensaje: str) -> None:
        super().__init__(code)
        self.code = code
        self.mensaje = mensaje


@dataclass
class EmulatedRequest:
    id_solicitud: str
    key: tuple[str, ...]
    metadata: bool
    uuids: list[str]
    polls: int = 0
    packages: list[str] = field(default_factory=list)


def sample_cfdis(count: int, *, seed: str = "x") -> list[tuple[str, bytes]]:
    """`count` stamped CFDI 4.0 (SAT's samples, each with a UUID of its own): (uuid, xml)."""
    templates = [(SAMPLES / name).read_bytes() for name in sorted(_SAMPLE_UUIDS)]
    originals = [_SAMPLE_UUIDS[name] for name in sorted(_SAMPLE_UUIDS)]
    result = []
    for index in range(count):
        new_uuid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{seed}-{index}")).upper()
        template = templates[index % len(templates)]
        old = originals[index % len(originals)]
        result.append((new_uuid, template.replace(old.encode(), new_uuid.encode())))
    return result


class SatDescargaEmulator(LoopbackServer):
    def __init__(
        self,
        fiel: Certificate,
        *,
        cfdis: Callable[[tuple[str, ...]], list[tuple[str, bytes]]] | None = None,
        polls_before_ready: int = 2,
        package_size: int = 3,
        duplicate_while_live: bool = True,
        download_delay: float = 0.0,
        faults: FaultPlan | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(faults=faults or FaultPlan(operations=OPERATIONS))
        self.fiel = fiel
        self.cfdis = cfdis or (lambda key: sample_cfdis(7, seed="|".join(key)))
        self.polls_before_ready = polls_before_ready
        self.package_size = package_size
        self.duplicate_while_live = duplicate_while_live
        self.download_delay = download_delay
        self.clock = clock
        self.tokens: set[str] = set()
        self.solicitudes: dict[str, EmulatedRequest] = {}
        self.packages: dict[str, bytes] = {}
        self.period_counts: Counter[tuple[str, ...]] = Counter()
        self.download_counts: Counter[str] = Counter()
        self.served: Counter[str] = Counter()
        self.records: list[tuple[str, str, str]] = []
        self._lock = threading.Lock()

    # ------------------------------------------------------------ dispatch

    def operation(self, request: Request) -> str:
        return request.headers.get("soapaction", "").strip('"').rsplit("/", 1)[-1]

    def handle(self, request: Request, fault: Fault | None) -> Reply:
        operation = self.operation(request)
        with self._lock:
            try:
                root = etree.fromstring(request.body)
            except etree.XMLSyntaxError:
                return self._answer(operation, "", "301", "XML mal formado")
            if operation == "Autentica":
                return self._autentica(root, fault)
            if operation not in OPERATIONS:
                return Reply(404, b"<html>404</html>", "text/html")
            try:
                if fault is not None and fault.kind in (FaultKind.AUTH, FaultKind.REJECT):
                    raise _Refused(fault.arg or "305", "Error simulado")
                self._check_token(request)
                body = root.find(f"{{{SOAP}}}Body")
                op = body[0] if body is not None and len(body) else None
                if op is None:
                    raise _Refused("301", "XML mal formado")
                self._check_signature(op)
                if operation == "VerificaSolicitudDescarga":
                    return self._verifica(op)
                if operation == "Descargar":
                    return self._descargar(op)
                return self._solicita(operation, op)
            except _Refused as refused:
                return self._answer(operation, "", refused.code, refused.mensaje)

    # ------------------------------------------------------------ checks

    def _verify(self, signature: etree._Element, digest_of: bytes) -> None:
        """Digest and signature of `signature` (a ds:Signature) with the FIEL's key."""
        digest = base64.b64encode(hashlib.sha1(digest_of).digest()).decode()
        if signature.findtext(f".//{{{DS}}}DigestValue") != digest:
            raise _Refused("302", "Sello Mal Formado o Inválido")
        signed_info = signature.find(f"{{{DS}}}SignedInfo")
        value = base64.b64decode(signature.findtext(f"{{{DS}}}SignatureValue") or "")
        canonical = etree.tostring(signed_info, method="c14n", exclusive=True)
        try:
            self.fiel.public_key().verify(
                value,
                canonical,
                padding.PKCS1v15(),
                hashes.SHA1(),
            )
        except InvalidSignature:
            raise _Refused("302", "Sello Mal Formado o Inválido") from None

    def _autentica(self, root: etree._Element, fault: Fault | None) -> Reply:
        security = root.find(f".//{{{WSSE}}}Security")
        try:
            if fault is not None and fault.kind in (FaultKind.AUTH, FaultKind.REJECT):
                raise _Refused(fault.arg or "305", "Error simulado")
            if security is None:
                raise _Refused("301", "Sin WS-Security")
            timestamp = security.find(f"{{{WSU}}}Timestamp")
            token = security.findtext(f"{{{WSSE}}}BinarySecurityToken") or ""
            if base64.b64decode(token) != self.fiel.der:
                raise _Refused("305", "Certificado Inválido")
            expires = datetime.fromisoformat(timestamp.findtext(f"{{{WSU}}}Expires"))
            if expires <= self.clock():
                raise _Refused("304", "Timestamp vencido")
            self._verify(
                security.find(f"{{{DS}}}Signature"),
                etree.tostring(timestamp, method="c14n", exclusive=True),
            )
        except (_Refused, AttributeError, TypeError, ValueError) as error:
            detail = error.mensaje if isinstance(error, _Refused) else "petición ilegible"
            self.records.append(("Autentica", "", "fault"))
            return _fault(detail)
        value = base64.b64encode(uuid.uuid4().bytes * 2).decode()
        self.tokens.add(value)
        self.records.append(("Autentica", "", "ok"))
        envelope = _envelope()
        created = self.clock()
        header = etree.SubElement(envelope, f"{{{SOAP}}}Header")
        stamp = etree.SubElement(
            etree.SubElement(header, f"{{{WSSE}}}Security", nsmap={"o": WSSE}),
            f"{{{WSU}}}Timestamp",
            nsmap={"u": WSU},
        )
        etree.SubElement(stamp, f"{{{WSU}}}Created").text = created.isoformat()
        etree.SubElement(stamp, f"{{{WSU}}}Expires").text = (
            created + timedelta(minutes=5)
        ).isoformat()
        body = etree.SubElement(envelope, f"{{{SOAP}}}Body")
        response = etree.SubElement(body, f"{{{AUTH_NS}}}AutenticaResponse", nsmap={None: AUTH_NS})
        etree.SubElement(response, f"{{{AUTH_NS}}}AutenticaResult").text = value
        return Reply(200, etree.tostring(envelope, encoding="utf-8"))

    def _check_token(self, request: Request) -> None:
        header = request.headers.get("authorization", "")
        prefix = 'WRAP access_token="'
        if not header.startswith(prefix) or header[len(prefix) : -1] not in self.tokens:
            raise _Refused("300", "Usuario No Válido")

    def _check_signature(self, op: etree._Element) -> None:
        child = op[0] if len(op) else None
        signature = child.find(f"{{{DS}}}Signature") if child is not None else None
        if signature is None:
            raise _Refused("302", "Sello Mal Formado o Inválido")
        certificate = signature.findtext(f".//{{{DS}}}X509Certificate") or ""
        if base64.b64decode(certificate) != self.fiel.der:
            raise _Refused("305", "Certificado Inválido")
        serial = signature.findtext(f".//{{{DS}}}X509SerialNumber")
        if serial != str(self.fiel.serial_number):
            raise _Refused("305", "Certificado Inválido")
        unsigned = etree.fromstring(etree.tostring(op))
        unsigned[0].remove(unsigned[0].find(f"{{{DS}}}Signature"))
        self._verify(signature, etree.tostring(unsigned, method="c14n", exclusive=True))
        if child.get("RfcSolicitante") != self.fiel.rfc:
            raise _Refused("303", "Sello no corresponde con RfcSolicitante")

    # ------------------------------------------------------------ services

    def _solicita(self, operation: str, op: etree._Element) -> Reply:
        solicitud = op[0]
        rfc_field = "RfcEmisor" if operation.endswith("Emitidos") else "RfcReceptor"
        key = (
            operation,
            solicitud.get(rfc_field, ""),
            solicitud.get("FechaInicial", ""),
            solicitud.get("FechaFinal", ""),
            solicitud.get("TipoSolicitud", ""),
            solicitud.get("EstadoComprobante", ""),
        )
        if key[1] != self.fiel.rfc:
            raise _Refused("303", "Sello no corresponde con RfcSolicitante")
        if not (key[2] and key[3]) or key[2] > key[3]:
            raise _Refused("301", "XML mal formado (periodo)")
        label = "|".join(key)
        if self.period_counts[key] >= 2:
            self.period_counts[key] += 1
            return self._answer(operation, label, "5002", "Se agotó las solicitudes de por vida")
        self.period_counts[key] += 1
        if self.duplicate_while_live and any(s.key == key for s in self.solicitudes.values()):
            return self._answer(operation, label, "5005", "Solicitud duplicada")
        id_solicitud = str(uuid.uuid4())
        metadata = key[4] == "Metadata"
        uuids = []
        for number, start in enumerate(range(0, len(cfdis := self.cfdis(key)), self.package_size)):
            chunk = cfdis[start : start + self.package_size]
            package_id = f"{id_solicitud.upper()}_{number + 1:02d}"
            self.packages[package_id] = self._zip(chunk, metadata, key)
            uuids.extend(u for u, _ in chunk)
        request = EmulatedRequest(id_solicitud, key, metadata, uuids)
        request.packages = sorted(p for p in self.packages if p.startswith(id_solicitud.upper()))
        self.solicitudes[id_solicitud] = request
        return self._answer(
            operation, label, "5000", "Solicitud Aceptada", IdSolicitud=id_solicitud
        )

    def _verifica(self, op: etree._Element) -> Reply:
        id_solicitud = op[0].get("IdSolicitud", "")
        request = self.solicitudes.get(id_solicitud)
        if request is None:
            raise _Refused("5004", "No se encontró la solicitud")
        request.polls += 1
        attributes = {"CodEstatus": "5000", "Mensaje": "Solicitud Aceptada", "NumeroCFDIs": "0"}
        if request.polls <= self.polls_before_ready:
            attributes.update(EstadoSolicitud="1" if request.polls == 1 else "2")
            attributes["CodigoEstadoSolicitud"] = "5000"
            ids: list[str] = []
        elif not request.uuids:
            attributes.update(EstadoSolicitud="3", CodigoEstadoSolicitud="5004")
            ids = []
        else:
            attributes.update(EstadoSolicitud="3", CodigoEstadoSolicitud="5000")
            attributes["NumeroCFDIs"] = str(len(request.uuids))
            ids = request.packages
        self.records.append(
            ("VerificaSolicitudDescarga", id_solicitud, attributes["EstadoSolicitud"])
        )
        envelope = _envelope()
        body = etree.SubElement(envelope, f"{{{SOAP}}}Body")
        response = etree.SubElement(
            body, f"{{{DES}}}VerificaSolicitudDescargaResponse", nsmap={None: DES}
        )
        result = etree.SubElement(response, f"{{{DES}}}VerificaSolicitudDescargaResult")
        for name, value in attributes.items():
            result.set(name, value)
        for package_id in ids:
            etree.SubElement(result, f"{{{DES}}}IdsPaquetes").text = package_id
        return Reply(200, etree.tostring(envelope, encoding="utf-8"))

    def _descargar(self, op: etree._Element) -> Reply:
        package_id = op[0].get("IdPaquete", "")
        data = self.packages.get(package_id)
        if data is None:
            return self._download_answer(package_id, "5007", "No existe el paquete solicitado")
        if self.download_counts[package_id] >= 2:
            self.download_counts[package_id] += 1
            return self._download_answer(package_id, "5008", "Máximo de descargas permitidas")
        self.download_counts[package_id] += 1
        self.served[package_id] += 1
        if self.download_delay:
            self._lock.release()  # others are served meanwhile
            try:
                import time

                time.sleep(self.download_delay)
            finally:
                self._lock.acquire()
        return self._download_answer(package_id, "5000", "Solicitud Aceptada", data)

    # ------------------------------------------------------------ answers

    def _zip(self, chunk: list[tuple[str, bytes]], metadata: bool, key: tuple[str, ...]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            if metadata:
                lines = [METADATA_HEADER]
                for index, (cfdi_uuid, _) in enumerate(chunk):
                    estatus = "0" if index % 4 == 3 else "1"  # some cancelled
                    cancel = "2026-11-20 10:00:00" if estatus == "0" else ""
                    lines.append(
                        f"{cfdi_uuid}~AAA010101AAA~EMISOR DE PRUEBA~{key[1]}~RECEPTOR~"
                        f"SAT970701NN3~2026-11-05 10:00:00~2026-11-05 10:01:00~1160.00~I~"
                        f"{estatus}~{cancel}"
                    )
                name = f"{uuid.uuid4().hex.upper()}_01.txt"
                archive.writestr(name, "\r\n".join(lines) + "\r\n")
            else:
                for cfdi_uuid, xml in chunk:
                    archive.writestr(f"{cfdi_uuid}.xml", xml)
        return buffer.getvalue()

    def _answer(self, operation: str, label: str, code: str, mensaje: str, **extra: str) -> Reply:
        if operation == "Descargar":
            return self._download_answer(label, code, mensaje)
        if operation == "VerificaSolicitudDescarga":
            self.records.append((operation, label, code))
            envelope = _envelope()
            body = etree.SubElement(envelope, f"{{{SOAP}}}Body")
            response = etree.SubElement(
                body, f"{{{DES}}}VerificaSolicitudDescargaResponse", nsmap={None: DES}
            )
            result = etree.SubElement(response, f"{{{DES}}}VerificaSolicitudDescargaResult")
            result.set("CodEstatus", code)
            result.set("Mensaje", mensaje)
            return Reply(200, etree.tostring(envelope, encoding="utf-8"))
        self.records.append((operation, label, code))
        envelope = _envelope()
        body = etree.SubElement(envelope, f"{{{SOAP}}}Body")
        response = etree.SubElement(body, f"{{{DES}}}{operation}Response", nsmap={None: DES})
        result = etree.SubElement(response, f"{{{DES}}}{operation}Result")
        result.set("CodEstatus", code)
        result.set("Mensaje", mensaje)
        for name, value in extra.items():
            result.set(name, value)
        result.set("RfcSolicitante", self.fiel.rfc)
        return Reply(200, etree.tostring(envelope, encoding="utf-8"))

    def _download_answer(
        self, package_id: str, code: str, mensaje: str, data: bytes | None = None
    ) -> Reply:
        self.records.append(("Descargar", package_id, code))
        envelope = _envelope()
        header = etree.SubElement(envelope, f"{{{SOAP}}}Header")
        answer = etree.SubElement(header, f"{{{DES}}}respuesta", nsmap={"h": DES})
        answer.set("CodEstatus", code)
        answer.set("Mensaje", mensaje)
        body = etree.SubElement(envelope, f"{{{SOAP}}}Body")
        salida = etree.SubElement(
            body, f"{{{DES}}}RespuestaDescargaMasivaTercerosSalida", nsmap={None: DES}
        )
        etree.SubElement(salida, f"{{{DES}}}Paquete").text = (
            base64.b64encode(data).decode() if data is not None else None
        )
        return Reply(200, etree.tostring(envelope, encoding="utf-8"))

    # ------------------------------------------------------------ what tests read

    def requests_of(self, operation: str) -> list[tuple[str, str, str]]:
        return [record for record in self.records if record[0] == operation]

    def summary(self) -> dict[str, Any]:
        return {
            "period_counts": dict(self.period_counts),
            "download_counts": dict(self.download_counts),
            "packages": len(self.packages),
        }


def _envelope() -> etree._Element:
    return etree.Element(f"{{{SOAP}}}Envelope", nsmap={"s": SOAP})


def _fault(detail: str) -> Reply:
    envelope = _envelope()
    body = etree.SubElement(envelope, f"{{{SOAP}}}Body")
    fault = etree.SubElement(body, f"{{{SOAP}}}Fault")
    etree.SubElement(fault, "faultcode").text = "a:InvalidSecurity"
    etree.SubElement(fault, "faultstring").text = detail
    return Reply(500, etree.tostring(envelope, encoding="utf-8"))
