"""models layer (see docs/architecture in ../shared)."""
