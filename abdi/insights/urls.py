"""Pages of the insights app; each sub-feature keeps its own list of paths."""

app_name = "insights"

urlpatterns: list = []
