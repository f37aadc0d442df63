"""Pages of the talent app; each sub-feature keeps its own list of paths."""

app_name = "talent"

urlpatterns: list = []
