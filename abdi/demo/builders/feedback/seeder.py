"""The entry point of the public-voice demo: logins, catalogue, complaints and surveys."""

from __future__ import annotations

import datetime as dt
import random

from abdi.accounts.models import User
from abdi.demo.builders.feedback.catalogue import (
    write_catalogue,
)
from abdi.demo.builders.feedback.common import (
    PUSKESMAS_LIAISON_SCOPE,
    Clock,
    FeedbackStats,
    calendar_memo,
    create_feedback_logins,
)
from abdi.demo.builders.feedback.complaints import build_complaints
from abdi.demo.builders.feedback.surveys import build_surveys, surveyed_services
from abdi.org.models import OrgUnit

# --- entry point ----------------------------------------------------------------------------------


def seed_feedback(
    *,
    seed: int,
    faker,
    today: dt.date,
    now: dt.datetime,
    n_employees: int,
    users: dict[str, User],
    units_by_code: dict[str, OrgUnit],
) -> tuple[dict[str, User], FeedbackStats]:
    """The public voice of the demo province. `users` holds the demo logins of accounts.py."""
    with calendar_memo():
        return _seed_feedback(
            seed=seed,
            faker=faker,
            today=today,
            now=now,
            n_employees=n_employees,
            users=users,
            units_by_code=units_by_code,
        )


def _seed_feedback(*, seed, faker, today, now, n_employees, users, units_by_code):
    rng = random.Random(f"feedback-{seed}")
    stats = FeedbackStats()
    clock = Clock(today, now)
    hashed = users["admin"].password
    logins = create_feedback_logins(hashed_password=hashed, units_by_code=units_by_code)
    units = {u.pk: u for u in units_by_code.values()}
    catalogue = write_catalogue(sorted(units.values(), key=lambda u: u.path))
    stats.services = sum(len(s) for _k, s in catalogue.values())
    liaison_unit = units_by_code[PUSKESMAS_LIAISON_SCOPE]
    n_complaints = min(200, 30 + n_employees // 80)
    build_complaints(
        rng=rng,
        faker=faker,
        clock=clock,
        catalogue=catalogue,
        units=units,
        coordinator=logins["pengaduan"],
        liaison=logins["penghubung.puskesmas"],
        liaison_unit=liaison_unit,
        employee_login=users.get("pegawai"),
        n=n_complaints,
        stats=stats,
    )
    dinkes = units_by_code["DINKES"]
    build_surveys(
        rng=rng,
        clock=clock,
        services=surveyed_services(catalogue, units),
        unit_admin=logins["admin.layanan"],
        unit_admin_path=dinkes.path,
        bkpsdm_admin=users["admin"],
        stats=stats,
    )
    return logins, stats


def summary(stats: FeedbackStats) -> dict[str, object]:
    states = ", ".join(f"{k} {v}" for k, v in sorted(stats.complaints.items()))
    return {
        "public services": stats.services,
        "complaints": f"{sum(stats.complaints.values())} ({states})",
        "  overdue": stats.overdue,
        "  linked to an employee": stats.linked,
        "surveys (4 quarters)": stats.surveys,
        "survey responses": f"{stats.responses_online} online, {stats.responses_paper} paper",
    }
