"""Fixtures for the CFDI core: SAT's test CSD at a pinned moment, and a valid JSON input."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from facturador.sat.credentials import Credential

PINNED_NOW = datetime(2026, 11, 25, 16, 0, 0, tzinfo=UTC)
FECHA = datetime(2026, 11, 25, 10, 0, 0)

BASE_INPUT: dict[str, object] = {
    "Serie": "A",
    "Folio": "1",
    "TipoDeComprobante": "I",
    "Exportacion": "01",
    "FormaPago": "03",
    "MetodoPago": "PUE",
    "Moneda": "MXN",
    "LugarExpedicion": "42501",
    "Emisor": {"Rfc": "EKU9003173C9", "Nombre": "ESCUELA KEMPER URGATE", "RegimenFiscal": "601"},
    "Receptor": {
        "Rfc": "CACX7605101P8",
        "Nombre": "XOCHILT CASAS CHAVEZ",
        "DomicilioFiscalReceptor": "36257",
        "RegimenFiscalReceptor": "612",
        "UsoCFDI": "G03",
    },
    "Conceptos": [
        {
            "ClaveProdServ": "01010101",
            "Cantidad": "2",
            "ClaveUnidad": "H87",
            "Descripcion": "Venta",
            "ValorUnitario": "500.00",
            "ObjetoImp": "02",
            "Impuestos": {
                "Traslados": [{"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.160000"}]
            },
        }
    ],
}


@pytest.fixture
def invoice_input() -> dict[str, object]:
    """A fresh copy of a valid ingreso: 2 x 500.00 + IVA 16 % = 1,160.00 MXN."""
    return copy.deepcopy(BASE_INPUT)


@pytest.fixture(scope="session")
def credential(shared_sat) -> Credential:
    csd = shared_sat / "csd" / "csd_EKU9003173C9"
    return Credential.load(
        (csd / "certificate.cer").read_bytes(),
        (csd / "private_key.key").read_bytes(),
        (csd / "password.txt").read_text(),
        now=PINNED_NOW,
    )
