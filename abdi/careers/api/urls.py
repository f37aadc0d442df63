"""API of the careers app under /api/v1/; each sub-feature keeps its own list of paths."""

from abdi.careers.api.urls_mutations import urlpatterns as mutations_urls
from abdi.careers.api.urls_proposals import urlpatterns as proposals_urls
from abdi.careers.api.urls_selection import urlpatterns as selection_urls

urlpatterns: list = [*selection_urls, *proposals_urls, *mutations_urls]
