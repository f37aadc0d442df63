"""Pages of the careers app, one module per sub-feature."""
