"""Build + seal a 5-concept invoice: documents per second, ours vs satcfdi, same inputs, one core.

Prints one JSON line. Run with `uv run --group bench python bench/seal.py [--quick]`.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _inputs import CONCEPTOS, CSD_DIR, FECHA, NOW, invoice_input
from _quick import rounds

from facturador.sat.build import build_comprobante
from facturador.sat.credentials import Credential
from facturador.sat.sello import seal

ROUNDS, PER_ROUND = rounds(7), rounds(300, 10)


def _credential() -> Credential:
    return Credential.load(
        (CSD_DIR / "certificate.cer").read_bytes(),
        (CSD_DIR / "private_key.key").read_bytes(),
        (CSD_DIR / "password.txt").read_text(),
        now=NOW,
    )


def ours() -> Callable[[int], bytes]:
    credential = _credential()

    def run(folio: int) -> bytes:
        return seal(build_comprobante(invoice_input(folio), fecha=FECHA), credential).xml

    return run


def satcfdi() -> Callable[[int], bytes]:
    from satcfdi.create.cfd import cfdi40
    from satcfdi.models import Signer

    signer = Signer.load(
        certificate=(CSD_DIR / "certificate.cer").read_bytes(),
        key=(CSD_DIR / "private_key.key").read_bytes(),
        password=(CSD_DIR / "password.txt").read_text(),
    )
    data = invoice_input()
    emisor, receptor = data["Emisor"], data["Receptor"]

    def run(folio: int) -> bytes:
        invoice = cfdi40.Comprobante(
            emisor=cfdi40.Emisor(
                rfc=emisor["Rfc"], nombre=emisor["Nombre"], regimen_fiscal=emisor["RegimenFiscal"]
            ),
            lugar_expedicion="42501",
            receptor=cfdi40.Receptor(
                rfc=receptor["Rfc"],
                nombre=receptor["Nombre"],
                domicilio_fiscal_receptor=receptor["DomicilioFiscalReceptor"],
                regimen_fiscal_receptor=receptor["RegimenFiscalReceptor"],
                uso_cfdi=receptor["UsoCFDI"],
            ),
            conceptos=[
                cfdi40.Concepto(
                    clave_prod_serv=clave,
                    cantidad=Decimal(cantidad),
                    clave_unidad=unidad,
                    descripcion=descripcion,
                    valor_unitario=Decimal(valor),
                    objeto_imp="02",
                    impuestos=cfdi40.Impuestos(
                        traslados=cfdi40.Traslado(
                            impuesto="002", tipo_factor="Tasa", tasa_o_cuota=Decimal("0.160000")
                        )
                    ),
                )
                for clave, cantidad, unidad, descripcion, valor in CONCEPTOS
            ],
            serie="A",
            folio=str(folio),
            forma_pago="03",
            metodo_pago="PUE",
            fecha=FECHA,
        )
        invoice.sign(signer)
        return invoice.xml_bytes()

    return run


def _rate(run: Callable[[int], bytes]) -> float:
    start = time.perf_counter()
    for folio in range(PER_ROUND):
        run(folio)
    return PER_ROUND / (time.perf_counter() - start)


def _sign_only_ms(credential: Credential, cadena: bytes) -> float:
    start = time.perf_counter()
    for _ in range(PER_ROUND):
        credential.sign_base64(cadena)
    return (time.perf_counter() - start) / PER_ROUND * 1000


def _validar_ms(xml: bytes) -> float | None:
    try:
        from facturador.sat.validation import validate_xml
    except ImportError:
        return None
    validate_xml(xml)
    start = time.perf_counter()
    for _ in range(PER_ROUND):
        validate_xml(xml)
    return (time.perf_counter() - start) / PER_ROUND * 1000


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    mine, theirs = ours(), satcfdi()
    sample = mine(0)
    theirs(0)
    mine_rates, their_rates = [], []
    for _ in range(ROUNDS):  # interleaved, so both see the same machine
        mine_rates.append(_rate(mine))
        their_rates.append(_rate(theirs))
    ours_per_s, satcfdi_per_s = statistics.median(mine_rates), statistics.median(their_rates)
    credential = _credential()
    cadena = seal(build_comprobante(invoice_input(), fecha=FECHA), credential).cadena.encode()
    sign_ms = _sign_only_ms(credential, cadena)
    validar = _validar_ms(sample)
    print(
        json.dumps(
            {
                "seal_per_s": round(ours_per_s, 1),
                "satcfdi_per_s": round(satcfdi_per_s, 1),
                "ratio_vs_satcfdi": round(ours_per_s / satcfdi_per_s, 3),
                "seal_ms_per_doc": round(1000 / ours_per_s, 3),
                "rsa_sign_ms": round(sign_ms, 3),
                "overhead_ms_without_rsa": round(1000 / ours_per_s - sign_ms, 3),
                "satcfdi_overhead_ms_without_rsa": round(1000 / satcfdi_per_s - sign_ms, 3),
                "validar_ms_per_doc": None if validar is None else round(validar, 3),
                "conceptos": len(CONCEPTOS),
            }
        )
    )


if __name__ == "__main__":
    main()
