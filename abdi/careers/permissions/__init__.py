"""Permissions of the careers app, one module per sub-feature; public names re-exported here."""
