from django.conf import settings
from django.templatetags.static import static

from abdi.core.notifications import unread_count
from config.navigation import navigation_for


def agency(request):
    """The agency's name and logo for the header (settings ABDI_AGENCY_NAME / ABDI_AGENCY_LOGO)."""

    logo = settings.ABDI_AGENCY_LOGO
    if logo and not logo.startswith(("http://", "https://", "/")):
        logo = static(logo)
    return {"agency_name": settings.ABDI_AGENCY_NAME, "agency_logo": logo}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {
        "nav_items": navigation_for(user, request.path),
        "unread_notifications": unread_count(user),  # the bell: one COUNT on an index
    }
