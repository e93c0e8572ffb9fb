"""`facturador sincronizar [--json]`: send what is queued, once, and say what happened.

The PAC comes from the active company's settings (provider, environment, URL); its user and
password from the OS keyring under the service `facturador`:

    finkok   pac:finkok:{RFC}:username   pac:finkok:{RFC}:password
    sw       pac:sw:{RFC}:user           pac:sw:{RFC}:password   (or pac:sw:{RFC}:token)
    sandbox  nothing (demo stamps, without fiscal validity)

A company without a PAC uses the sandbox, and the output says so. The pass is the GUI's
(`services.sync.run_pass`): stamping, cancellations, then the email outbox; asked for by the
user, so every queued document is tried now. Before it, the recurring invoices whose date has
come are issued (services.recurring.run_due), one per missed date. Exit 0 after the pass, even
when documents are still waiting; 1 on a configuration error.
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


def _name(serie: str | None, folio: int | None) -> str:
    return f"{serie}-{folio}" if serie else str(folio)


def run(args: argparse.Namespace) -> int:
    from facturador.cli._common import read_password
    from facturador.models.engine import read_session
    from facturador.services.companies import get_active_company
    from facturador.services.recurring import run_due
    from facturador.services.sync import run_pass

    engine = args.ctx.engine
    with read_session(engine) as session:
        empresa = get_active_company(session)
    password = read_password(args.password_file) if args.password_file else None
    recurring = run_due(args.ctx, password=password)
    # The one pass the GUI runs too: stamping (through the backup PAC when configured),
    # cancellations, then the email outbox. Asked for by the user: every queued one, now.
    outcome = run_pass(
        engine,
        empresa,
        args.ctx.secrets,
        data_dir=args.ctx.data_dir,
        user_asked=True,
        password=password,
    )
    report, cancelling, demo = outcome.stamping, outcome.cancelling, outcome.demo
    if args.json:
        output = _as_json(outcome.pac, demo, report)
        output["cancelaciones"] = _cancellations_json(cancelling)
        output["correos"] = _email_json(outcome.email)
        output["recurrentes"] = _recurring_json(recurring)
        print(json.dumps(output, ensure_ascii=False))
        return 0
    for line in recurring.lines:
        print(line)
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
    for p in report.possibly_stamped:
        print(f"Posiblemente timbrado {_name(p.serie, p.folio)}: {p.message}")
    for w in report.waiting:
        print(f"En espera {_name(w.serie, w.folio)}: {w.reason}")
    if report.paused_reason:
        print(f"Sincronización en pausa: {report.paused_reason.text}.")
    print(
        f"{len(report.stamped)} timbrado(s), {len(report.rejected)} rechazado(s), "
        f"{len(report.waiting)} en espera."
    )
    _print_cancellations(cancelling)
    _print_email(outcome.email)
    return 0


def _recurring_json(report: Any) -> dict[str, Any]:
    return {
        "emitidas": [
            {
                "id": i.documento_id,
                "recurrente": i.recurrente_id,
                "fecha_programada": i.programada.isoformat(),
                "serie": i.serie,
                "folio": i.folio,
                "fecha": i.fecha.isoformat(),
                "fuera_de_plazo": i.fuera_de_plazo,
            }
            for i in report.issued
        ],
        "fallidas": [{"recurrente": f.recurrente_id, "mensaje": f.text} for f in report.failed],
    }


def _email_json(report: Any) -> dict[str, Any]:
    if report is None:
        return {}
    return {
        kind: [{"id": o.correo_id, "para": list(o.recipients), "detalle": o.detail} for o in items]
        for kind, items in (
            ("enviados", report.sent),
            ("en_espera", report.retrying),
            ("fallidos", report.failed),
        )
    }


def _print_email(report: Any) -> None:
    if report is None:
        return
    for sent in report.sent:
        print(f"Correo enviado a {', '.join(sent.recipients)}.")
    for waiting in report.retrying:
        print(f"Correo en espera ({', '.join(waiting.recipients)}): {waiting.detail}")
    for failed in report.failed:
        print(f"Correo no entregado ({', '.join(failed.recipients)}): {failed.detail}")


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
        print(f"Cancelaciones en pausa: {report.paused_reason.text}.")


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
        "pausa": report.paused_reason and report.paused_reason.text,
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
        "posiblemente_timbrados": [
            {"id": p.documento_id, "serie": p.serie, "folio": p.folio, "mensaje": p.message}
            for p in report.possibly_stamped
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
        "pausa": report.paused_reason and report.paused_reason.text,
        "avisos": report.notices,
    }
