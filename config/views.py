"""The home page and "Tugas saya": a summary for whoever signs in, composed from each app's home
selectors (config/home.py)."""

from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import timezone

from abdi.accounts.permissions import is_bkpsdm_admin
from abdi.employees.permissions import own_employee
from abdi.employees.selectors import home_summary
from abdi.insights.permissions import can_view_insights
from config.home import all_work, home_for


def home(request):
    today = timezone.localdate()
    summary = home_summary(request.user, today=today)
    return render(
        request,
        "home.html",
        {
            "summary": summary,
            "home": home_for(request.user, today=today, visible_count=summary["visible_count"]),
        },
    )


def landing(request):
    """Where signing in leads: a leadership account (one that reads the leadership dashboard and
    has no employee record or BKPSDM work of its own) to the dashboard, everyone else home."""
    user = request.user
    if can_view_insights(user) and own_employee(user) is None and not is_bkpsdm_admin(user):
        return redirect("insights:dashboard")
    return redirect("home")


def tasks(request):
    """Every kind of pending work with its first entries, bulk actions where the rules allow."""
    items = all_work(request.user, today=timezone.localdate(), detail=True)
    return render(
        request,
        "tasks.html",
        {"items": items, "total": sum(i.count for i in items)},
    )


def server_error(request, *args, **kwargs):
    """The 500 page in Indonesian, with the menu when the failure allows it; a plain page if
    rendering the full one fails too (the error may be in the menu itself)."""

    try:
        body = loader.render_to_string("500.html", request=request)
    except Exception:  # noqa: BLE001 - the last resort must not fail
        body = (
            "<!doctype html><html lang='id'><meta charset='utf-8'><title>Abdi</title>"
            "<h1>Terjadi kesalahan pada sistem</h1><p>Coba lagi beberapa saat lagi.</p>"
            "<p><a href='/'>Kembali ke beranda</a></p></html>"
        )
    return HttpResponseServerError(body)
