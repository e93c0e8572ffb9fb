"""pac layer (see docs/architecture in ../shared)."""
