"""Serializers of the careers API, one module per sub-feature."""
