"""One place that finds the files in `resources/`, from source and from a frozen bundle."""

import sys
from pathlib import Path

__all__ = ["resource_path"]


def _resources_root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Absolute path of a file under `resources/`: `resource_path("xsd", "cfdv40.xsd")`."""
    return _resources_root().joinpath(*parts)
