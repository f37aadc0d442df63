"""The home page: a summary for whoever signs in, composed from each app's selectors."""

from django.shortcuts import render
from django.utils import timezone

from abdi.employees.selectors import home_summary


def home(request):
    return render(
        request,
        "home.html",
        {"summary": home_summary(request.user, today=timezone.localdate())},
    )
