"""The home page and "Tugas saya": a summary for whoever signs in, composed from each app's home
selectors (config/home.py)."""

from django.shortcuts import render
from django.utils import timezone

from abdi.employees.selectors import home_summary
from config.home import all_work, home_for


def home(request):
    today = timezone.localdate()
    return render(
        request,
        "home.html",
        {
            "summary": home_summary(request.user, today=today),
            "home": home_for(request.user, today=today),
        },
    )


def tasks(request):
    """Every kind of pending work with its first entries, bulk actions where the rules allow."""
    items = all_work(request.user, today=timezone.localdate(), detail=True)
    return render(
        request,
        "tasks.html",
        {"items": items, "total": sum(i.count for i in items)},
    )
