"""API of the careers app under /api/v1/; each sub-feature keeps its own list of paths."""

from abdi.careers.api.urls_selection import urlpatterns as selection_urls

urlpatterns: list = [*selection_urls]
