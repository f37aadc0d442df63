from abdi.core.notifications import unread_count
from config.navigation import navigation_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {
        "nav_items": navigation_for(user, request.path),
        "unread_notifications": unread_count(user),  # the bell: one COUNT on an index
    }
