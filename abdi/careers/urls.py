"""Pages of the careers app; each sub-feature keeps its own list of paths."""

from abdi.careers.urls_selection import urlpatterns as selection_urls

app_name = "careers"

urlpatterns: list = [*selection_urls]
