"""A folder of CFDIs as a bookkeeper receives them, for `recibidos importar` (test and bench).

For the company EKU9003173C9: SAT's real samples (three it issued; one of other taxpayers),
CFDI 4.0 invoices issued to it by CACX7605101P8 (sealed with that test CSD, stamped by the
sandbox), CFDI 3.3 invoices (signed over SAT's 3.3 cadena, stamped by the sandbox), copies of
those with a new UUID in the TFD (for volume: their TFD no longer verifies against a known
certificate, which the validator only notes), copies with SAT's `xmlns:schemaLocation`
defect, byte-identical duplicates under other names, and broken files (truncated, not XML,
not a CFDI, not stamped). `write_corpus` returns what an import must report.
"""

from __future__ import annotations

import base64
import uuid as uuidlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import load_der_private_key
from lxml import etree

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO.parent / "shared" / "sat"
CACX = SHARED / "csd" / "csd_CACX7605101P8"
FECHA = datetime(2026, 11, 20, 10, 30, 0)
STAMPED_AT = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 25, 16, 30, 0, tzinfo=UTC)
COMPANY = "EKU9003173C9"

CFDI33 = """<cfdi:Comprobante xmlns:cfdi="http://www.sat.gob.mx/cfd/3"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
 xsi:schemaLocation="http://www.sat.gob.mx/cfd/3 http://www.sat.gob.mx/sitio_internet/cfd/3/cfdv33.xsd"
 Version="3.3" Serie="B" Folio="{folio}" Fecha="2023-06-01T10:00:00" FormaPago="03"
 NoCertificado="" Certificado="" SubTotal="200.00" Moneda="MXN" Total="232.00"
 TipoDeComprobante="I" MetodoPago="PUE" LugarExpedicion="36257" Sello=""><cfdi:Emisor
 Rfc="CACX7605101P8" Nombre="XOCHILT CASAS CHAVEZ" RegimenFiscal="612"/><cfdi:Receptor
 Rfc="EKU9003173C9" Nombre="ESCUELA KEMPER URGATE" UsoCFDI="G03"/><cfdi:Conceptos><cfdi:Concepto
 ClaveProdServ="01010101" Cantidad="2" ClaveUnidad="H87" Descripcion="Venta"
 ValorUnitario="100.00" Importe="200.00"><cfdi:Impuestos><cfdi:Traslados><cfdi:Traslado
 Base="200.00" Impuesto="002" TipoFactor="Tasa" TasaOCuota="0.160000" Importe="32.00"/>
 </cfdi:Traslados></cfdi:Impuestos></cfdi:Concepto></cfdi:Conceptos><cfdi:Impuestos
 TotalImpuestosTrasladados="32.00"><cfdi:Traslados><cfdi:Traslado Impuesto="002"
 TipoFactor="Tasa" TasaOCuota="0.160000" Importe="32.00"/></cfdi:Traslados></cfdi:Impuestos>
</cfdi:Comprobante>"""


def _cacx_credential():
    from facturador.sat.credentials import Credential

    return Credential.load((CACX / "certificate.cer").read_bytes(),
                           (CACX / "private_key.key").read_bytes(),
                           (CACX / "password.txt").read_text().strip(), now=NOW)  # fmt: skip


def invoice_to_company(folio: int) -> dict[str, object]:
    """A CFDI 4.0 input: CACX7605101P8 invoices EKU9003173C9."""
    data = {
        "Serie": "R", "Folio": str(folio), "TipoDeComprobante": "I", "Exportacion": "01",
        "FormaPago": "03", "MetodoPago": "PUE", "Moneda": "MXN", "LugarExpedicion": "36257",
        "Emisor": {"Rfc": "CACX7605101P8", "Nombre": "XOCHILT CASAS CHAVEZ",
                   "RegimenFiscal": "612"},
        "Receptor": {"Rfc": COMPANY, "Nombre": "ESCUELA KEMPER URGATE",
                     "DomicilioFiscalReceptor": "42501", "RegimenFiscalReceptor": "601",
                     "UsoCFDI": "G03"},
        "Conceptos": [{"ClaveProdServ": "81111811", "Cantidad": str(1 + folio % 4),
                       "ClaveUnidad": "HUR", "Descripcion": f"Soporte técnico {folio}",
                       "ValorUnitario": "450.00", "ObjetoImp": "02",
                       "Impuestos": {"Traslados": [{"Impuesto": "002", "TipoFactor": "Tasa",
                                                    "TasaOCuota": "0.160000"}]}}],
    }  # fmt: skip
    return data


def stamped_invoices(count: int, stamper) -> list[bytes]:  # type: ignore[no-untyped-def]
    from facturador.sat.build import build_comprobante
    from facturador.sat.sello import seal

    credential = _cacx_credential()
    out = []
    for folio in range(1, count + 1):
        sealed = seal(build_comprobante(invoice_to_company(folio), fecha=FECHA), credential).xml
        result = stamper.stamp(sealed)
        assert result.xml is not None, result
        out.append(result.xml)
    return out


def signed_33(folio: int) -> bytes:
    from facturador.sat.cadena import cadena_xslt_for
    from facturador.sat.credentials import Certificate

    key = load_der_private_key((CACX / "private_key.key").read_bytes(),
                               (CACX / "password.txt").read_bytes().strip())  # fmt: skip
    der = (CACX / "certificate.cer").read_bytes()
    root = etree.fromstring(CFDI33.format(folio=folio).encode())
    root.set("NoCertificado", Certificate.from_bytes(der).no_certificado)
    root.set("Certificado", base64.b64encode(der).decode())
    xslt = cadena_xslt_for("3.3")
    assert xslt is not None
    signature = key.sign(str(xslt(root)).encode(), padding.PKCS1v15(), hashes.SHA256())  # type: ignore[union-attr]
    root.set("Sello", base64.b64encode(signature).decode())
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def stamped_33(count: int) -> list[bytes]:
    from facturador.pac.sandbox import SandboxStamper

    stamper = SandboxStamper(clock=lambda: datetime(2023, 6, 1, 18, 0, tzinfo=UTC),
                             validate=False)  # fmt: skip
    out = []
    for folio in range(1, count + 1):
        xml = stamper.stamp(signed_33(folio)).xml
        assert xml is not None
        out.append(xml)
    return out


def with_new_uuid(data: bytes, new: str) -> bytes:
    start = data.index(b' UUID="') + 7
    end = data.index(b'"', start)
    return data[:start] + new.encode() + data[end:]


def uuid_of(data: bytes) -> str:
    start = data.index(b' UUID="') + 7
    return data[start : data.index(b'"', start)].decode().upper()


def _renamed(data: bytes) -> bytes:
    return with_new_uuid(data, str(uuidlib.uuid4()).upper())


def with_sat_defect(data: bytes) -> bytes:
    return data.replace(b"xsi:schemaLocation=", b"xmlns:schemaLocation=", 1)


BROKEN = {
    "roto_truncado.xml": lambda good: good[: len(good) // 2],
    "roto_no_es_xml.xml": lambda good: b"esto no es un XML",
    "roto_otra_raiz.xml": lambda good: b'<?xml version="1.0"?><Factura Total="1"/>',
    "roto_vacio.xml": lambda good: b"",
}


@dataclass
class Corpus:
    good: dict[str, str] = field(default_factory=dict)  # UUID -> file name (first seen)
    duplicates: list[str] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)
    files: int = 0
    versions: dict[str, int] = field(default_factory=dict)


def write_corpus(folder: Path, total: int, *, distinct_40: int = 20, distinct_33: int = 10,
                 stamper=None) -> Corpus:  # type: ignore[no-untyped-def]  # fmt: skip
    """`total` files in `folder` (and a subfolder): ~80 % 4.0, ~15 % 3.3, 2 % SAT-defect,
    2 % duplicates, the rest broken; SAT's samples included."""
    from facturador.pac.sandbox import SandboxStamper

    stamper = stamper or SandboxStamper(clock=lambda: STAMPED_AT)
    corpus = Corpus()
    (folder / "2026" / "11").mkdir(parents=True, exist_ok=True)

    def put(name: str, data: bytes, version: str | None) -> None:
        sub = folder / "2026" / "11" if corpus.files % 2 else folder
        (sub / name).write_bytes(data)
        corpus.files += 1
        if version is None:
            corpus.bad.append(name)
        elif (u := uuid_of(data)) in corpus.good:
            corpus.duplicates.append(name)
        else:
            corpus.good[u] = name
            corpus.versions[version] = corpus.versions.get(version, 0) + 1

    samples = {p.name: p.read_bytes() for p in sorted(SHARED.glob("samples/*.xml"))}
    for name, data in samples.items():
        ours = b'Rfc="EKU9003173C9"' in data and b"TimbreFiscalDigital" in data
        put(name, data, "4.0" if ours else None)  # not stamped, or not of this company
    base40 = stamped_invoices(distinct_40, stamper)
    base33 = stamped_33(distinct_33)
    n_bad = max(len(BROKEN), total // 100)
    n_dup = max(1, total // 50)
    n_defect = max(1, total // 50)
    n_33 = max(distinct_33, total * 15 // 100)
    n_40 = total - corpus.files - n_bad - n_dup - n_defect - n_33
    for i in range(n_40):
        data = base40[i] if i < len(base40) else _renamed(base40[i % len(base40)])
        put(f"cfdi40_{i:05d}.xml", data, "4.0")
    for i in range(n_33):
        data = base33[i] if i < len(base33) else _renamed(base33[i % len(base33)])
        put(f"cfdi33_{i:05d}.xml", data, "3.3")
    for i in range(n_defect):
        data = with_sat_defect(_renamed(base40[i % len(base40)]))
        put(f"sat_defecto_{i:04d}.xml", data, "4.0")
    for i in range(n_dup):
        put(f"duplicado_{i:04d}.xml", base40[i % len(base40)], "4.0")
    broken = list(BROKEN.items())
    for i in range(n_bad):
        label, make = broken[i % len(broken)]
        put(f"{label[:-4]}_{i:04d}.xml", make(base40[0]), None)
    return corpus
