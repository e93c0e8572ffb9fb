"""pdf layer (see docs/architecture in ../shared)."""
