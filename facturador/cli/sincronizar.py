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
    parser.add_argument(
        "--password-file",
        metavar="ARCHIVO",
        help="contraseña del CSD, si el llavero no la tiene (para re-sellar y cancelar)",
    )
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

    from facturador.cli._common import read_password
    from facturador.models.engine import read_session
    from facturador.services.cancellation import sync_all
    from facturador.services.companies import get_active_company
    from facturador.services.failover import client_with_failover
    from facturador.services.settings import data_dir, open_engine

    engine = open_engine()
    with read_session(engine) as session:
        empresa = get_active_company(session)
    secrets = _secret_store()
    # With a second PAC configured (pac configurar --respaldo), a failover client.
    client, demo = client_with_failover(empresa, secrets, data_dir=data_dir())
    assert empresa.id is not None
    # Stamping first, then cancellations (a substitute stamped now lets its original go).
    report, cancelling = sync_all(
        engine,
        client,
        empresa_id=empresa.id,
        secrets=secrets,
        sat_status_client=client,
        password=read_password(args.password_file) if args.password_file else None,
        now=datetime.now(UTC),
    )
    if args.json:
        output = _as_json(client.name, demo, report)
        output["cancelaciones"] = _cancellations_json(cancelling)
        print(json.dumps(output, ensure_ascii=False))
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
    _print_cancellations(cancelling)
    return 0


def _print_cancellations(report: Any) -> None:
    for r in report.requested:
        print(f"Cancelación solicitada {r.uuid} (código {r.code}).")
    for c in report.cancelled:
        print(f"Cancelado {c.uuid}: {c.estatus_cancelacion or 'Cancelado'}.")
    for r in report.rejected:
        print(f"Cancelación rechazada {r.uuid}: {r.message}")
    for w in report.waiting:
        print(f"Cancelación en espera {w.uuid}: {w.reason}")
    for notice in report.notices:
        print(f"Aviso: {notice}")
    if report.paused_reason:
        print(f"Cancelaciones en pausa: {report.paused_reason}.")


def _cancellations_json(report: Any) -> dict[str, Any]:
    return {
        "solicitadas": [{"uuid": r.uuid, "codigo": r.code} for r in report.requested],
        "canceladas": [
            {"uuid": c.uuid, "estatus": c.estatus_cancelacion} for c in report.cancelled
        ],
        "rechazadas": [
            {"uuid": r.uuid, "codigo": r.code, "mensaje": r.message} for r in report.rejected
        ],
        "en_espera": [{"uuid": w.uuid, "motivo": w.reason} for w in report.waiting],
        "pausa": report.paused_reason,
        "avisos": report.notices,
    }


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
