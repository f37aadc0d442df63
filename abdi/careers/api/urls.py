"""API of the careers app under /api/v1/; each sub-feature keeps its own list of paths."""

from abdi.careers.api.urls_mutations import urlpatterns as mutations_urls
from abdi.careers.api.urls_proposals import urlpatterns as proposals_urls

urlpatterns: list = []
urlpatterns += proposals_urls
urlpatterns += mutations_urls
