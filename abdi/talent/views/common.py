"""Helpers shared by the talent pages (not by other apps)."""

from __future__ import annotations

from django.utils import timezone

from abdi.talent.models import TalentPlacement


def chosen_year(request) -> int:
    """?year=, else the latest year with placements, else this year."""
    value = request.GET.get("year", "")
    if value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    latest = TalentPlacement.objects.order_by("-year").values_list("year", flat=True).first()
    return latest or timezone.localdate().year
