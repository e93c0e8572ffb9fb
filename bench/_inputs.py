"""Shared benchmark inputs: a 5-concept invoice in the JSON input format, and SAT's test CSD."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CSD_DIR = REPO / "resources" / "csd_demo"
FECHA = datetime(2026, 11, 25, 10, 30, 0)
NOW = datetime(2026, 11, 25, 16, 30, 0, tzinfo=UTC)

CONCEPTOS = [
    ("43211503", "2", "H87", "Computadora portátil 14 pulgadas", "15999.99"),
    ("43211708", "3", "H87", "Teclado inalámbrico", "349.50"),
    ("81112101", "1", "E48", "Instalación y configuración", "1200.00"),
    ("43202005", "10", "H87", "Memoria USB 64 GB", "129.90"),
    ("81111811", "6.5", "HUR", "Soporte técnico por hora", "450.00"),
]


def invoice_input(folio: int = 1) -> dict[str, object]:
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
        "Conceptos": [
            {
                "ClaveProdServ": clave,
                "Cantidad": cantidad,
                "ClaveUnidad": unidad,
                "Descripcion": descripcion,
                "ValorUnitario": valor,
                "ObjetoImp": "02",
                "Impuestos": {
                    "Traslados": [
                        {"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.160000"}
                    ]
                },
            }
            for clave, cantidad, unidad, descripcion, valor in CONCEPTOS
        ],
    }


def company_home(home: Path) -> None:
    """SAT's test company and CSD in a fresh data dir, which becomes FACTURADOR_HOME (the
    CSD password kept out of the keyring)."""
    import os

    from facturador.models.engine import write_session
    from facturador.services.companies import add_company, install_csd
    from facturador.services.secrets import MemorySecretStore
    from facturador.services.settings import open_engine

    os.environ["FACTURADOR_HOME"] = str(home)
    engine = open_engine()
    with write_session(engine) as session:
        empresa = add_company(session, rfc="EKU9003173C9", nombre="ESCUELA KEMPER URGATE",
                              regimen_fiscal="601", lugar_expedicion="42501")  # fmt: skip
        assert empresa.id is not None
        install_csd(session, empresa.id, (CSD_DIR / "certificate.cer").read_bytes(),
                    (CSD_DIR / "private_key.key").read_bytes(),
                    (CSD_DIR / "password.txt").read_text().strip(), MemorySecretStore(),
                    datetime.now(UTC))  # fmt: skip
    engine.dispose()
