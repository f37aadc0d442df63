"""The daily deadline reminders of the SKP cycle (run by tasks.performance_reminders)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from abdi.accounts.models import User
from abdi.core.models import Notification
from abdi.core.notifications import Text, notify
from abdi.core.services import today as agency_today
from abdi.core.services import user_of
from abdi.performance.choices import (
    SKPStatus,
)
from abdi.performance.models.planning import SKP
from abdi.performance.models.years import PerformancePeriod, PerformanceYear
from abdi.performance.services.common import skp_url

# ---------------------------------------------------------------- reminders


def deadline_reminders(*, today: dt.date | None = None, days_ahead: int = 3) -> int:
    """Notify employees whose SKP, realisation or evaluation deadline falls within `days_ahead`
    days. Run daily: a user gets one reminder per item within 20 hours. Returns the count."""

    today = today or agency_today()
    horizon = today + dt.timedelta(days=days_ahead)
    sent = 0

    def once(user: User | None, verb: str, message: Text, url: str) -> None:
        nonlocal sent
        if user is None:
            return
        since = timezone.now() - dt.timedelta(hours=20)
        if Notification.objects.filter(
            user=user, verb=verb, url=url, created_at__gte=since
        ).exists():
            return
        notify(user=user, verb=verb, message=message, url=url)
        sent += 1

    for year in PerformanceYear.objects.filter(is_open=True, skp_deadline__range=(today, horizon)):
        pending = SKP.objects.filter(
            performance_year=year, status__in=(SKPStatus.DRAFT, SKPStatus.RETURNED)
        ).select_related("employee__user")
        for skp in pending:
            once(
                user_of(skp.employee),
                "deadline_skp",
                Text(
                    gettext_noop("Batas penetapan SKP %(year)s: %(date)s. Segera ajukan SKP Anda."),
                    {"year": year.year, "date": year.skp_deadline.strftime("%d-%m-%Y")},
                ),
                skp_url(skp),
            )
    periods = PerformancePeriod.objects.filter(
        is_closed=False, realisation_due__range=(today, horizon), performance_year__is_open=True
    )
    for period in periods:
        skps = SKP.objects.filter(
            performance_year_id=period.performance_year_id, status=SKPStatus.APPROVED
        ).select_related("employee__user")
        for skp in skps:
            once(
                user_of(skp.employee),
                "deadline_realisation",
                Text(
                    gettext_noop("Batas pengisian realisasi periode %(code)s: %(date)s."),
                    {
                        "code": period.label_text,
                        "date": period.realisation_due.strftime("%d-%m-%Y"),
                    },
                ),
                reverse("performance:realisations", args=[skp.pk, period.code]),
            )
    return sent
