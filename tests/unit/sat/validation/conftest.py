"""Helpers for validation tests: a valid sealed invoice, and ways to break it.

The emitter is SAT's public test CSD EKU9003173C9 from `shared/sat/csd/` (see its README:
eclipxe13/CfdiUtils, MIT); documents are dated 2026-11-25, inside its validity.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from facturador.sat.build import build_comprobante
from facturador.sat.comprobante import Comprobante
from facturador.sat.credentials import Credential
from facturador.sat.sello import seal

FECHA = datetime(2026, 11, 25, 10, 0, 0)
NOW = datetime(2026, 11, 25, tzinfo=UTC)

INVOICE = {
    "Serie": "A",
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
            "ValorUnitario": "100.00",
            "ObjetoImp": "02",
            "Impuestos": {
                "Traslados": [{"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.160000"}]
            },
        },
        {
            "ClaveProdServ": "84111506",
            "Cantidad": "1.5",
            "ClaveUnidad": "E48",
            "Descripcion": "Servicio",
            "ValorUnitario": "333.33",
            "ObjetoImp": "02",
            "Impuestos": {
                "Traslados": [{"Impuesto": "002", "TipoFactor": "Tasa", "TasaOCuota": "0.160000"}],
                "Retenciones": [
                    {"Impuesto": "001", "TipoFactor": "Tasa", "TasaOCuota": "0.100000"}
                ],
            },
        },
    ],
}

GLOBAL = {
    **INVOICE,
    "Receptor": {
        "Rfc": "XAXX010101000",
        "Nombre": "PUBLICO EN GENERAL",
        "DomicilioFiscalReceptor": "42501",
        "RegimenFiscalReceptor": "616",
        "UsoCFDI": "S01",
    },
    "InformacionGlobal": {"Periodicidad": "01", "Meses": "11", "Año": "2026"},
}


def load_credential(shared_sat: Path, folder: str, now: datetime = NOW, **kw) -> Credential:
    base = shared_sat / "csd" / folder
    return Credential.load(
        (base / "certificate.cer").read_bytes(),
        (base / "private_key.key").read_bytes(),
        (base / "password.txt").read_text(),
        now=now,
        **kw,
    )


@pytest.fixture(scope="session")
def credential(shared_sat: Path) -> Credential:
    return load_credential(shared_sat, "csd_EKU9003173C9")


def build(data: dict | None = None) -> Comprobante:
    return build_comprobante(copy.deepcopy(data or INVOICE), fecha=FECHA, folio="1")


@pytest.fixture(scope="session")
def invoice() -> Comprobante:
    return build(INVOICE)


@pytest.fixture(scope="session")
def global_invoice() -> Comprobante:
    return build(GLOBAL)


@pytest.fixture(scope="session")
def sealed(credential: Credential) -> Callable[[Comprobante], bytes]:
    def _sealed(comprobante: Comprobante) -> bytes:
        return seal(comprobante, credential).xml

    return _sealed


def replace(obj, **changes):
    return dataclasses.replace(obj, **changes)


def replace_concepto(c: Comprobante, index: int = 0, **changes) -> Comprobante:
    conceptos = list(c.conceptos)
    conceptos[index] = replace(conceptos[index], **changes)
    return replace(c, conceptos=tuple(conceptos))
