"""Facturador: facturación electrónica CFDI 4.0 de escritorio, sin conexión primero."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("facturador")
except PackageNotFoundError:  # frozen bundle without metadata
    __version__ = "0.1.0"

__all__ = ["__version__"]
