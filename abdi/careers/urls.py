"""Pages of the careers app; each sub-feature keeps its own list of paths."""

app_name = "careers"

urlpatterns: list = []
