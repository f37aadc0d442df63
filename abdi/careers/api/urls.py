"""API of the careers app under /api/v1/."""

urlpatterns: list = []
