"""Shared pieces of the public-voice demo: the liaison logins, the statistics, the clock."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth.models import Group

from abdi.accounts.models import RoleAssignment, User
from abdi.accounts.roles import Role
from abdi.core import selectors as core_selectors
from abdi.core.calendar import JAKARTA, is_working_day
from abdi.core.selectors import non_working_days
from abdi.demo.builders.accounts import DemoLogin

HISTORY_REASON = "Data demo"  # shown to auditors in the audit trail: no command names
PUSKESMAS_LIAISON_SCOPE = "DINKES-PKM-KJB-1"  # the first puskesmas always exists (Kota Jambi 1)

FEEDBACK_LOGINS = [
    DemoLogin("pengaduan", "Pengelola pengaduan", "Pengelola", "Pengaduan",
              Role.COMPLAINT_COORDINATOR),
    DemoLogin("penghubung.puskesmas", "Penghubung pengaduan (Puskesmas)", "Penghubung",
              "Puskesmas", Role.COMPLAINT_LIAISON, PUSKESMAS_LIAISON_SCOPE),
    DemoLogin("admin.layanan", "Admin layanan (Dinas Kesehatan)", "Admin", "Layanan Dinkes",
              Role.SERVICE_ADMIN, "DINKES"),
]  # fmt: skip


@dataclass
class FeedbackStats:
    services: int = 0
    complaints: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    overdue: int = 0
    linked: int = 0
    surveys: int = 0
    responses_online: int = 0
    responses_paper: int = 0


# --- logins -------------------------------------------------------------------------------------


def create_feedback_logins(*, hashed_password: str, units_by_code: dict) -> dict[str, User]:
    """The public-voice demo logins, with the (already hashed) demo password."""
    groups = {g.name: g for g in Group.objects.filter(name__in=Role.values)}
    users: dict[str, User] = {}
    for login in FEEDBACK_LOGINS:
        user = User(
            username=login.username,
            first_name=login.first_name,
            last_name=login.last_name,
            email=f"{login.username}@demo.abdi.local",
        )
        user.password = hashed_password
        user.save()
        assert login.role is not None  # every complaint-handling login has a role
        RoleAssignment.objects.create(
            user=user,
            role=login.role,
            org_unit=units_by_code[login.scope_code] if login.scope_code else None,
        )
        if login.role in groups:
            user.groups.add(groups[login.role])
        users[login.username] = user
    return users


# --- helpers ------------------------------------------------------------------------------------


class Clock:
    """Working-day arithmetic backwards from the reference moment (Jakarta office hours)."""

    def __init__(self, today: dt.date, now: dt.datetime):
        self.today = today
        self.off = non_working_days([today.year - 1, today.year, today.year + 1])
        anchor = dt.datetime.combine(today, dt.time(15, 0), tzinfo=JAKARTA)
        # Seeding "today": nothing may happen after the present moment.
        self.now = min(now, anchor) if today == now.astimezone(JAKARTA).date() else anchor

    def workday_back(self, n: int) -> dt.date:
        day, counted = self.today, 0
        while counted < n or not is_working_day(day, self.off):
            day -= dt.timedelta(days=1)
            if is_working_day(day, self.off):
                counted += 1
        return day

    def workday_after(self, day: dt.date, n: int) -> dt.date:
        counted = 0
        while counted < n:
            day += dt.timedelta(days=1)
            if is_working_day(day, self.off):
                counted += 1
        return day

    def at(self, day: dt.date, rng: random.Random, hour_from: int = 8, hour_to: int = 15):
        moment = dt.datetime.combine(
            day, dt.time(rng.randint(hour_from, hour_to), rng.randint(0, 59)), tzinfo=JAKARTA
        )
        return min(moment, self.now)


@contextmanager
def calendar_memo():
    """Within the seed, the non-working days of a year are read once, not at every deadline the
    services compute (the holidays package and the collective leave days do not change while
    the seed runs)."""

    original = core_selectors.non_working_days
    memo: dict[tuple[int, ...], set[dt.date]] = {}

    def remembered(years):
        key = tuple(sorted(set(years)))
        if key not in memo:
            memo[key] = original(key)
        return memo[key]

    core_selectors.non_working_days = remembered
    try:
        yield
    finally:
        core_selectors.non_working_days = original


def random_code(rng: random.Random, alphabet: str, length: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))
