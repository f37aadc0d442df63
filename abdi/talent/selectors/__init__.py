"""Reads of the talent app, cut by sub-feature."""
