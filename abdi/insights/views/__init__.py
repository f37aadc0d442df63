"""Pages of the insights app (one module per sub-feature)."""
