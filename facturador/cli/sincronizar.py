"""`facturador sincronizar [--json]`: send what is queued, once, and say what happened.

The PAC comes from the active company's settings (provider, environment, URL); its user and
password from the OS keyring under the service `facturador`:

    finkok   pac:finkok:{RFC}:username   pac:finkok:{RFC}:password
    sw       pac:sw:{RFC}:user           pac:sw:{RFC}:password   (or pac:sw:{RFC}:token)
    sandbox  nothing (demo stamps, without fiscal validity)

A company without a PAC uses the sandbox, and the output says so. Exit 0 after the pass,
even when documents are still waiting; 1 on a configuration error.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "sincronizar",
        help="envía a timbrar los comprobantes en cola e informa el resultado",
        description="Envía al PAC, una vez, los comprobantes en cola de la empresa activa "
        "(y los que quedaron a medio enviar) e informa qué se timbró y qué sigue en espera.",
    )
    parser.add_argument("--json", action="store_true", help="salida JSON en una línea")
    parser.set_defaults(handler=run)


def _secret_store() -> Any:
    """The OS keyring, or an empty store when there is none (the PAC then is unconfigured)."""
    from facturador.services.errors import SecretStoreError
    from facturador.services.secrets import KeyringSecretStore, MemorySecretStore

    try:
        return KeyringSecretStore()
    except SecretStoreError:
        return MemorySecretStore()


def _name(serie: str | None, folio: int | None) -> str:
    return f"{serie}-{folio}" if serie else str(folio)


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from facturador.models.engine import read_session
    from facturador.services.companies import get_active_company, load_csd
    from facturador.services.failover import client_with_failover
    from facturador.services.queue import sync_once
    from facturador.services.settings import data_dir, open_engine

    engine = open_engine()
    with read_session(engine) as session:
        empresa = get_active_company(session)
    secrets = _secret_store()
    # With a second PAC configured (pac configurar --respaldo), a failover client.
    client, demo = client_with_failover(empresa, secrets, data_dir=data_dir())
    assert empresa.id is not None
    report = sync_once(
        engine,
        client,
        empresa_id=empresa.id,
        credential_provider=lambda e: load_csd(e, secrets, datetime.now(UTC)),
    )
    if args.json:
        print(json.dumps(_as_json(client.name, demo, report), ensure_ascii=False))
        return 0
    if demo:
        print(
            "Sin PAC configurado: se usa el modo de demostración; los timbres no tienen "
            "validez fiscal."
        )
    for s in report.stamped:
        how = " (recuperado: ya estaba timbrado)" if s.previously else ""
        print(f"Timbrado {_name(s.serie, s.folio)}: UUID {s.uuid}{how}")
    for r in report.rejected:
        print(f"Rechazado {_name(r.serie, r.folio)}: {r.message}")
    for notice in report.notices:
        print(f"Aviso: {notice}")
    for w in report.waiting:
        print(f"En espera {_name(w.serie, w.folio)}: {w.reason}")
    if report.paused_reason:
        print(f"Sincronización en pausa: {report.paused_reason}.")
    print(
        f"{len(report.stamped)} timbrado(s), {len(report.rejected)} rechazado(s), "
        f"{len(report.waiting)} en espera."
    )
    return 0


def _as_json(pac: str, demo: bool, report: Any) -> dict[str, Any]:
    return {
        "pac": pac,
        "demostracion": demo,
        "timbrados": [
            {
                "id": s.documento_id,
                "serie": s.serie,
                "folio": s.folio,
                "uuid": s.uuid,
                "previamente": s.previously,
                "demo": s.is_demo,
            }
            for s in report.stamped
        ],
        "rechazados": [
            {
                "id": r.documento_id,
                "serie": r.serie,
                "folio": r.folio,
                "codigo": r.code,
                "mensaje": r.message,
            }
            for r in report.rejected
        ],
        "en_espera": [
            {
                "id": w.documento_id,
                "serie": w.serie,
                "folio": w.folio,
                "motivo": w.reason,
                "proximo_intento": w.next_attempt_at.isoformat() if w.next_attempt_at else None,
            }
            for w in report.waiting
        ],
        "refechados": [
            {
                "id": r.documento_id,
                "serie": r.serie,
                "folio": r.folio,
                "fecha_anterior": r.old_fecha.isoformat() if r.old_fecha else None,
                "fecha_nueva": r.new_fecha.isoformat(),
            }
            for r in report.redated
        ],
        "pausa": report.paused_reason,
        "avisos": report.notices,
    }
