"""Pages of the careers app; each sub-feature keeps its own list of paths."""

from abdi.careers.urls_mutations import urlpatterns as mutations_urls
from abdi.careers.urls_proposals import urlpatterns as proposals_urls
from abdi.careers.urls_workforce import urlpatterns as workforce_urls

app_name = "careers"

urlpatterns: list = []
urlpatterns += proposals_urls
urlpatterns += mutations_urls
urlpatterns += workforce_urls
