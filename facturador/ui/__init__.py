"""ui layer (see docs/architecture in ../shared)."""
