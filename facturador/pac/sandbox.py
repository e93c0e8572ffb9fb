"""The sandbox stamper: an in-process PAC for demo mode and for the loopback emulators.

It checks what a PAC checks (XSD, SAT rules and Sello via `validate_xml`; the 72-hour window
against an injected clock; duplicates; credits) and issues a TimbreFiscalDigital 1.1 signed
with a local demo key (`DemoSigner`). The TFD is inserted at byte level, so the stamped
XML is the sealed XML plus the TFD and the Sello still verifies. Everything it stamps says
so forever: NoCertificadoSAT starts with 99999 and the Leyenda reads "SIN VALIDEZ FISCAL"
(`is_demo_stamp`).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
import uuid as uuid_module
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from lxml import etree

from facturador.pac.base import (
    CancelCommand,
    CancelResult,
    CreditBalance,
    SatStatus,
    StampResult,
    StampStatus,
    StatusQuery,
    find_uuid,
)
from facturador.pac.demo_certificate import DEMO_LEYENDA, DEMO_RFC, DemoSigner, is_demo_stamp
from facturador.pac.errors import PacCreditsExhaustedError
from facturador.sat.cadena import tfd_cadena_xslt
from facturador.sat.errors import CatalogError, FacturadorError
from facturador.sat.fecha import zona_horaria
from facturador.sat.validation import validate_xml
from facturador.sat.xml_reader import TFD_NS
from facturador.sat.xml_safety import parse_xml

__all__ = ["DEMO_LEYENDA", "SandboxStamper", "insert_tfd", "is_demo_stamp"]

XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
TFD_SCHEMA_LOCATION = (
    "http://www.sat.gob.mx/TimbreFiscalDigital "
    "http://www.sat.gob.mx/sitio_internet/cfd/TimbreFiscalDigital/TimbreFiscalDigitalv11.xsd"
)
WINDOW = timedelta(hours=72)
_CENTRAL = ZoneInfo("America/Mexico_City")
_FECHA = "%Y-%m-%dT%H:%M:%S"


def insert_tfd(sealed: bytes, tfd: bytes, prefix: str | None) -> bytes:
    """Insert the serialized TFD into cfdi:Complemento without touching any other byte."""
    p = f"{prefix}:" if prefix else ""
    empty = re.search(rf"<{p}Complemento\s*/>".encode(), sealed)
    if empty:
        filled = f"<{p}Complemento>".encode() + tfd + f"</{p}Complemento>".encode()
        return sealed[: empty.start()] + filled + sealed[empty.end() :]
    closing = sealed.rfind(f"</{p}Complemento>".encode())
    if closing != -1:
        return sealed[:closing] + tfd + sealed[closing:]
    addenda = re.search(rf"<{p}Addenda[\s>/]".encode(), sealed)
    at = addenda.start() if addenda else sealed.rfind(f"</{p}Comprobante>".encode())
    if at == -1:
        raise ValueError("no </Comprobante> closing tag")
    block = f"<{p}Complemento>".encode() + tfd + f"</{p}Complemento>".encode()
    return sealed[:at] + block + sealed[at:]


@dataclass(frozen=True, slots=True)
class _Stamp:
    key: str
    result: StampResult
    rfc_emisor: str


class SandboxStamper:
    """A `PacClient` that stamps locally. `credits=None` means unlimited."""

    name = "sandbox"

    def __init__(
        self,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        credits: int | None = None,
        signer: DemoSigner | None = None,
        data_dir: Path | None = None,
        validate: bool = True,
        future_tolerance: timedelta = timedelta(minutes=5),
        rfc_prov_certif: str = DEMO_RFC,
    ) -> None:
        if signer is None:
            signer = DemoSigner.load_or_create(data_dir) if data_dir else DemoSigner.in_memory()
        self.signer = signer
        self.clock = clock
        self.credits_left = credits
        self.validate = validate
        self.future_tolerance = future_tolerance
        self.rfc_prov_certif = rfc_prov_certif
        self.stamp_counts: Counter[str] = Counter()  # document key -> TFDs issued
        self._by_key: dict[str, _Stamp] = {}
        self._by_uuid: dict[str, _Stamp] = {}
        self._cancelled: set[str] = set()
        self._lock = threading.RLock()
        # A PAC remembers what it stamped: with a data dir, so does the sandbox, across runs.
        self._registry = _Registry(data_dir / REGISTRY_FILE) if data_dir else None
        if self._registry is not None:
            for stamp in self._registry.stamps():
                self._by_key[stamp.key] = stamp
                self._by_uuid[stamp.result.uuid or ""] = stamp
            self._cancelled.update(self._registry.cancelled())

    # ------------------------------------------------------------ PacClient

    def stamp(self, xml: bytes) -> StampResult:
        try:
            root = parse_xml(xml)
        except FacturadorError as error:
            return _rejected("301", error.message)
        if find_uuid(xml) is not None:
            return _rejected("707", "El XML ya contiene un TimbreFiscalDigital")
        key = document_key(root, xml)
        with self._lock:
            earlier = self._by_key.get(key)
            if earlier is not None:
                return _previous(earlier.result)
            problem = self._check(root, xml)
            if problem is not None:
                return problem
            if self.credits_left is not None:
                if self.credits_left <= 0:
                    raise PacCreditsExhaustedError("718", "Sin timbres disponibles")
                self.credits_left -= 1
            result = self._issue(root, xml)
            stamp = _Stamp(key, result, _emisor_rfc(root))
            if self._registry is not None:
                self._registry.add_stamp(stamp)
            self._by_key[key] = stamp
            self._by_uuid[result.uuid or ""] = stamp
            self.stamp_counts[key] += 1
            return result

    def lookup(self, document: bytes | str) -> StampResult | None:
        """The earlier stamp of these sealed bytes (or this UUID), without stamping."""
        with self._lock:
            if isinstance(document, str):
                stamp = self._by_uuid.get(document.upper())
            else:
                try:
                    root = parse_xml(document)
                except FacturadorError:
                    return None
                stamp = self._by_key.get(document_key(root, document))
        return _previous(stamp.result) if stamp else None

    def recover(self, document: bytes | str) -> StampResult | None:
        return self.lookup(document)

    def cancel(self, command: CancelCommand) -> CancelResult:
        uuid = command.uuid.upper()
        with self._lock:
            stamp = self._by_uuid.get(uuid)
            if stamp is None:
                return CancelResult(uuid=uuid, code="205", detail="UUID no encontrado")
            if stamp.rfc_emisor != command.rfc_emisor.upper():
                return CancelResult(uuid=uuid, code="203", detail="UUID no corresponde al emisor")
            if uuid in self._cancelled:
                return CancelResult(uuid=uuid, code="202", detail="Previamente cancelado")
            if self._registry is not None:
                self._registry.add_cancelled(uuid)
            self._cancelled.add(uuid)
        return CancelResult(
            uuid=uuid, code="201", detail="Petición de cancelación realizada exitosamente"
        )

    def status(self, query: StatusQuery) -> SatStatus:
        uuid = query.uuid.upper()
        with self._lock:
            known = uuid in self._by_uuid
            cancelled = uuid in self._cancelled
        if not known:
            return SatStatus(
                codigo_estatus="N - 602: Comprobante no encontrado.", estado="No Encontrado"
            )
        return SatStatus(
            codigo_estatus="S - Comprobante obtenido satisfactoriamente.",
            estado="Cancelado" if cancelled else "Vigente",
            es_cancelable="No cancelable" if cancelled else "Cancelable sin aceptación",
            estatus_cancelacion="Cancelado sin aceptación" if cancelled else "",
            validacion_efos="200",
        )

    def credits(self) -> CreditBalance | None:
        if self.credits_left is None:
            return CreditBalance(remaining=None, unlimited=True)
        return CreditBalance(remaining=self.credits_left)

    # ------------------------------------------------------------ internals

    def is_cancelled(self, uuid: str) -> bool:
        with self._lock:
            return uuid.upper() in self._cancelled

    def _check(self, root: etree._Element, xml: bytes) -> StampResult | None:
        window = self._check_window(root)
        if window is not None:
            return window
        if not self.validate:
            return None
        if root.get("Version") != "4.0":  # PACs stamp only CFDI 4.0 since April 2023
            return _rejected("301", "Sólo se timbran comprobantes CFDI versión 4.0")
        report = validate_xml(xml)
        if report.valido:
            return None
        first = report.errores[0]
        return _rejected(first.codigo, f"{first.mensaje} ({first.ruta})")

    def _check_window(self, root: etree._Element) -> StampResult | None:
        try:
            fecha = datetime.strptime(root.get("Fecha", ""), _FECHA)
        except ValueError:
            return _rejected("CFDI40101", "Fecha no cumple con el formato AAAA-MM-DDThh:mm:ss")
        try:
            zone = zona_horaria(root.get("LugarExpedicion", ""))
        except CatalogError:
            zone = _CENTRAL
        age = self.clock() - fecha.replace(tzinfo=zone)
        if age > WINDOW or age < -self.future_tolerance:
            return _rejected(
                "401",
                "El rango de la fecha de generación no debe de ser mayor a 72 horas "
                "para la emisión del timbre.",
            )
        return None

    def _issue(self, root: etree._Element, xml: bytes) -> StampResult:
        uuid = str(uuid_module.uuid4()).upper()
        fecha = self.clock().astimezone(_CENTRAL).replace(tzinfo=None, microsecond=0)
        fecha_text = fecha.strftime(_FECHA)
        tfd = etree.Element(
            f"{{{TFD_NS}}}TimbreFiscalDigital", nsmap={"tfd": TFD_NS, "xsi": XSI_NS}
        )
        tfd.set(f"{{{XSI_NS}}}schemaLocation", TFD_SCHEMA_LOCATION)
        for name, value in (
            ("Version", "1.1"),
            ("UUID", uuid),
            ("FechaTimbrado", fecha_text),
            ("RfcProvCertif", self.rfc_prov_certif),
            ("Leyenda", DEMO_LEYENDA),
            ("SelloCFD", root.get("Sello", "")),
            ("NoCertificadoSAT", self.signer.no_certificado),
        ):
            tfd.set(name, value)
        cadena = tfd_cadena_xslt()(etree.ElementTree(tfd))
        tfd.set("SelloSAT", self.signer.sign_base64(cadena.encode("utf-8")))
        stamped = insert_tfd(xml, etree.tostring(tfd, encoding="utf-8"), root.prefix)
        return StampResult(
            status=StampStatus.STAMPED, xml=stamped, uuid=uuid, fecha_timbrado=fecha_text
        )


REGISTRY_FILE = "sandbox_pac.sqlite3"


class _Registry:
    """The sandbox's own memory of stamps and cancellations (a small SQLite file)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS stamp (key TEXT PRIMARY KEY, uuid TEXT NOT NULL,"
            " rfc_emisor TEXT NOT NULL, fecha_timbrado TEXT, xml BLOB NOT NULL)"
        )
        self._db.execute("CREATE TABLE IF NOT EXISTS cancelled (uuid TEXT PRIMARY KEY)")

    def stamps(self) -> list[_Stamp]:
        rows = self._db.execute("SELECT key, uuid, rfc_emisor, fecha_timbrado, xml FROM stamp")
        return [
            _Stamp(
                key,
                StampResult(
                    status=StampStatus.STAMPED, xml=bytes(xml), uuid=uuid, fecha_timbrado=fecha
                ),
                rfc,
            )
            for key, uuid, rfc, fecha, xml in rows
        ]

    def cancelled(self) -> set[str]:
        return {uuid for (uuid,) in self._db.execute("SELECT uuid FROM cancelled")}

    def add_stamp(self, stamp: _Stamp) -> None:
        self._db.execute(
            "INSERT OR IGNORE INTO stamp VALUES (?, ?, ?, ?, ?)",
            (stamp.key, stamp.result.uuid, stamp.rfc_emisor, stamp.result.fecha_timbrado,
             stamp.result.xml),
        )  # fmt: skip

    def add_cancelled(self, uuid: str) -> None:
        self._db.execute("INSERT OR IGNORE INTO cancelled VALUES (?)", (uuid,))


def document_key(root: etree._Element, xml: bytes) -> str:
    """How a PAC recognises "the same document": its Sello, else the bytes."""
    sello = root.get("Sello")
    return hashlib.sha256(sello.encode("ascii") if sello else xml).hexdigest()


def _emisor_rfc(root: etree._Element) -> str:
    emisor = next((e for e in root if etree.QName(e).localname == "Emisor"), None)
    return (emisor.get("Rfc", "") if emisor is not None else "").upper()


def _rejected(code: str, detail: str) -> StampResult:
    return StampResult(status=StampStatus.REJECTED, code=code, detail=detail)


def _previous(result: StampResult) -> StampResult:
    return StampResult(
        status=StampStatus.PREVIOUSLY_STAMPED,
        xml=result.xml,
        uuid=result.uuid,
        code="307",
        fecha_timbrado=result.fecha_timbrado,
        detail="Comprobante timbrado previamente",
    )
