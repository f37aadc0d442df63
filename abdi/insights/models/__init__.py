"""Models of the insights app, one module per sub-feature; re-exported here."""
