"""Build the configured PAC client: `make_client("finkok" | "sw" | "sandbox", ...)`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from facturador.pac.base import DEFAULT_TIMEOUT, PacClient, Timeout
from facturador.pac.finkok import FinkokClient
from facturador.pac.sandbox import SandboxStamper
from facturador.pac.sat_status import SatStatusClient
from facturador.pac.sw import SwClient

__all__ = ["ENVIRONMENTS", "PROVIDERS", "make_client"]

PROVIDERS = ("finkok", "sw", "sandbox")
ENVIRONMENTS = ("pruebas", "produccion")


def make_client(
    provider: str,
    environment: str,
    credentials: Mapping[str, str],
    *,
    base_url: str | None = None,
    api_url: str | None = None,
    sat_status_url: str | None = None,
    timeout: Timeout = DEFAULT_TIMEOUT,
    data_dir: Path | None = None,
) -> PacClient:
    """`credentials`: Finkok `username`/`password`; SW `user`/`password` or `token`;
    the sandbox needs none (its demo key lives in `data_dir`, or in memory)."""
    if provider not in PROVIDERS:
        raise ValueError(f"unknown PAC provider {provider!r}; expected one of {PROVIDERS}")
    if environment not in ENVIRONMENTS:
        raise ValueError(f"unknown environment {environment!r}; expected one of {ENVIRONMENTS}")
    if provider == "sandbox":
        return SandboxStamper(data_dir=data_dir)
    sat_status = SatStatusClient(environment, url=sat_status_url, timeout=timeout)
    if provider == "finkok":
        return FinkokClient(
            credentials["username"],
            credentials["password"],
            environment=environment,
            base_url=base_url,
            timeout=timeout,
            sat_status=sat_status,
        )
    return SwClient(
        user=credentials.get("user"),
        password=credentials.get("password"),
        token=credentials.get("token"),
        environment=environment,
        services_url=base_url,
        api_url=api_url,
        timeout=timeout,
        sat_status=sat_status,
    )
