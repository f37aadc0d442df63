"""Models of the careers app, one module per sub-feature; re-exported here."""
