"""Pages of the talent app, one module per sub-feature."""
