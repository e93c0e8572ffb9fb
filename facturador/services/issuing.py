"""Generar: the one use case that decides how the form becomes a sealed, queued document.

- the correction of a RECHAZADO document keeps its serie and folio (`reissue`);
- the replacement of a stamped one is a substitution: relation 04 + cancellation 01
  (`substitution.substitute`);
- anything else is a new emission (`emission.emit`); a draft it came from is deleted once
  the sealed document exists.

Every path seals at `pac_clock.sealing_now` (the local clock corrected by the PAC's, when
they disagree), like the CLI's `emitir`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from facturador.services import registry
from facturador.services.pac_clock import sealing_now
from facturador.services.views import DocumentRow

if TYPE_CHECKING:
    from facturador.services.context import Context

__all__ = ["issue"]


def issue(
    ctx: Context,
    data: Mapping[str, Any],
    *,
    draft_id: int | None = None,
    rejected_id: int | None = None,
    substitutes: str | None = None,
) -> DocumentRow:
    """Seal and queue what the form describes (see the module's docstring for which way)."""
    now = sealing_now(ctx.clock)
    if rejected_id is not None:
        from facturador.services.reissue import reissue

        reissue(ctx.engine, rejected_id, data, secrets=ctx.secrets, now=now)
        return registry.row(ctx, rejected_id)
    if substitutes:
        from facturador.services.substitution import substitute

        rest = {k: v for k, v in data.items() if k != "CfdiRelacionados"}
        done = substitute(ctx.engine, substitutes, rest, secrets=ctx.secrets, now=now)
        return registry.row(ctx, done.new.documento_id)
    from facturador.services.drafts import delete_draft
    from facturador.services.emission import emit

    emitted = emit(ctx.engine, data, secrets=ctx.secrets, now=now)
    if draft_id is not None:
        delete_draft(ctx, draft_id)
    return registry.row(ctx, emitted.documento_id)
