"""Documents for the PDF tests and benchmark: generated invoices, sealed with SAT's test CSD
and given a TimbreFiscalDigital locally (a stand-in for a PAC: its SelloSAT is not a real
signature, which the PDF does not check)."""

from __future__ import annotations

import base64
import hashlib
import uuid as uuid_module
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from facturador.sat.build import build_comprobante
from facturador.sat.credentials import Credential
from facturador.sat.sello import seal

REPO = Path(__file__).resolve().parents[3]
CSD_DIR = REPO.parent / "shared" / "sat" / "csd" / "csd_EKU9003173C9"
SAMPLES_DIR = REPO.parent / "shared" / "sat" / "samples"
FECHA = datetime(2026, 11, 25, 10, 0, 0)
NOW = datetime(2026, 11, 25, 16, 0, 0, tzinfo=UTC)
CFDI_NS = "http://www.sat.gob.mx/cfd/4"
TFD_NS = "http://www.sat.gob.mx/TimbreFiscalDigital"
REAL_SAT_CERTIFICATE = "30001000000500003456"
DEMO_SAT_CERTIFICATE = "99999000000000000001"

_CONCEPTOS = [
    ("43211503", "H87", "Computadora portátil 14 pulgadas, 16 GB RAM, 512 GB SSD", "15999.99"),
    ("43211708", "H87", "Teclado inalámbrico en español (ñ, á, é) con batería de litio", "349.50"),
    ("81112101", "E48", "Instalación y configuración del equipo en sitio", "1200.00"),
    ("43202005", "H87", "Memoria USB 64 GB", "129.90"),
    ("81111811", "HUR", "Soporte técnico por hora, atención remota y presencial", "450.00"),
]


def load_credential() -> Credential:
    return Credential.load(
        (CSD_DIR / "certificate.cer").read_bytes(),
        (CSD_DIR / "private_key.key").read_bytes(),
        (CSD_DIR / "password.txt").read_text(),
        now=NOW,
    )


def invoice_input(concepts: int, folio: int = 1) -> dict[str, object]:
    conceptos = []
    for i in range(concepts):
        clave, unidad, descripcion, precio = _CONCEPTOS[i % len(_CONCEPTOS)]
        concepto: dict[str, object] = {
            "ClaveProdServ": clave,
            "NoIdentificacion": f"SKU-{i + 1:04d}",
            "Cantidad": str(1 + i % 4),
            "ClaveUnidad": unidad,
            "Descripcion": f"{descripcion} (renglón {i + 1})",
            "ValorUnitario": precio,
            "ObjetoImp": "02",
            "Impuestos": {
                "Traslados": [{"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.160000"}]
            },
        }
        if i % 3 == 1:
            concepto["Descuento"] = "10.00"
        conceptos.append(concepto)
    return {
        "Serie": "A",
        "Folio": str(folio),
        "TipoDeComprobante": "I",
        "Exportacion": "01",
        "FormaPago": "03",
        "MetodoPago": "PUE",
        "Moneda": "MXN",
        "LugarExpedicion": "42501",
        "Emisor": {
            "Rfc": "EKU9003173C9",
            "Nombre": "ESCUELA KEMPER URGATE",
            "RegimenFiscal": "601",
        },
        "Receptor": {
            "Rfc": "CACX7605101P8",
            "Nombre": "XOCHILT CASAS CHAVEZ",
            "DomicilioFiscalReceptor": "36257",
            "RegimenFiscalReceptor": "612",
            "UsoCFDI": "G03",
        },
        "Conceptos": conceptos,
    }


def sealed_invoice(credential: Credential, concepts: int, folio: int = 1) -> bytes:
    return seal(build_comprobante(invoice_input(concepts, folio), fecha=FECHA), credential).xml


def add_timbre(
    xml: bytes,
    *,
    no_certificado_sat: str = REAL_SAT_CERTIFICATE,
    leyenda: str | None = None,
) -> bytes:
    """The XML with a TimbreFiscalDigital 1.1 appended to its Complemento."""
    root = etree.fromstring(xml)
    complemento = root.find(f"{{{CFDI_NS}}}Complemento")
    if complemento is None:
        complemento = etree.SubElement(root, f"{{{CFDI_NS}}}Complemento")
    digest = hashlib.sha256(xml).digest()
    sello_sat = base64.b64encode(hashlib.sha512(digest).digest() * 4).decode()
    attributes = {
        "Version": "1.1",
        "UUID": str(uuid_module.UUID(bytes=digest[:16])).upper(),
        "FechaTimbrado": "2026-11-25T10:00:05",
        "RfcProvCertif": "SPR190613I52",
        **({"Leyenda": leyenda} if leyenda else {}),
        "SelloCFD": root.get("Sello", ""),
        "NoCertificadoSAT": no_certificado_sat,
        "SelloSAT": sello_sat,
    }
    tfd = etree.SubElement(complemento, f"{{{TFD_NS}}}TimbreFiscalDigital", nsmap={"tfd": TFD_NS})
    for name, value in attributes.items():
        tfd.set(name, value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def stamped_invoice(credential: Credential, concepts: int, **timbre: str) -> bytes:
    return add_timbre(sealed_invoice(credential, concepts), **timbre)
