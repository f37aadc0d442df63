"""Who sees the workforce needs (formasi)."""
