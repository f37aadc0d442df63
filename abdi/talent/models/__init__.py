"""Models of the talent app, one module per sub-feature; re-exported here."""
