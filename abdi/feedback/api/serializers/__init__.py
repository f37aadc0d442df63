"""The feedback API's serializers, one module per area."""
