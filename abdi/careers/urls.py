"""Pages of the careers app; each sub-feature keeps its own list of paths."""

from abdi.careers.urls_mutations import urlpatterns as mutations_urls
from abdi.careers.urls_proposals import urlpatterns as proposals_urls
from abdi.careers.urls_selection import urlpatterns as selection_urls
from abdi.careers.urls_talent import urlpatterns as talent_urls
from abdi.careers.urls_workforce import urlpatterns as workforce_urls

app_name = "careers"

urlpatterns: list = [
    *selection_urls,
    *proposals_urls,
    *mutations_urls,
    *workforce_urls,
    *talent_urls,
]
