from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from abdi.core.models import Notification
from abdi.core.notifications import notifications_mark_read, unread_count


@require_GET
@never_cache
@login_not_required
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        database = "error"
    status = "ok" if database == "ok" else "error"
    return JsonResponse(
        {"status": status, "database": database}, status=200 if status == "ok" else 503
    )


# --- the notification centre (issue 13) -------------------------------------------------------


def notifications(request):
    """The user's notifications, newest first, each in the reader's language."""

    qs = Notification.objects.filter(user=request.user).order_by("-created_at", "-pk")
    page = Paginator(qs, settings.ABDI_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/notifications.html",
        {"page_obj": page, "unread": unread_count(request.user)},
    )


@require_POST
def notification_open(request, pk: int):
    """Mark one notification read and go to its item (or back to the list)."""

    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    notifications_mark_read(user=request.user, notification_id=notification.pk)
    target = notification.url
    if request.POST.get("stay") or not (target.startswith("/") and not target.startswith("//")):
        return redirect("core:notifications")
    return redirect(target)


@require_POST
def notifications_read_all(request):
    n = notifications_mark_read(user=request.user)
    if n:
        messages.success(request, _("Semua notifikasi ditandai dibaca."))
    return redirect("core:notifications")
