"""Facturador: facturación electrónica CFDI 4.0 de escritorio, sin conexión primero."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    """`__version__`, read from the package metadata only when asked (importlib.metadata
    costs ~40 ms, a sixth of a CLI command's budget)."""
    if name != "__version__":
        raise AttributeError(f"module 'facturador' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("facturador")
    except PackageNotFoundError:  # frozen bundle without metadata
        found = "0.1.0"
    globals()["__version__"] = found
    return found
