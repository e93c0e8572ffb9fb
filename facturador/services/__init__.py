"""services layer (see docs/architecture in ../shared)."""
