"""Build the demo province: units, positions, employees with histories, and one login per role."""

from __future__ import annotations

import datetime as dt
import random
import resource
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from faker import Faker

from abdi.competency.services import requirement_counts_rebuild
from abdi.demo.builders.accounts import (
    DEMO_LOGINS,
    EMPLOYEE_POSITION,
    EMPLOYEE_POSITION_WITH_SECTIONS,
    SUPERVISOR_POSITION,
    create_logins,
)
from abdi.demo.builders.bulk import analyze_loaded, foreign_keys_checked_once
from abdi.demo.builders.careers_proposals import seed_careers_proposals
from abdi.demo.builders.careers_proposals import summary as careers_proposals_summary
from abdi.demo.builders.careers_selection import seed_selection
from abdi.demo.builders.careers_selection import summary as selection_summary
from abdi.demo.builders.competency import seed_competency
from abdi.demo.builders.competency import summary as competency_summary
from abdi.demo.builders.employees import EmployeeFactory, write_employees
from abdi.demo.builders.feedback import FEEDBACK_LOGINS, seed_feedback
from abdi.demo.builders.feedback import summary as feedback_summary
from abdi.demo.builders.insights import seed_insights
from abdi.demo.builders.insights import summary as insights_summary
from abdi.demo.builders.learning import seed_learning
from abdi.demo.builders.learning import summary as learning_summary
from abdi.demo.builders.org import plan_org, write_org
from abdi.demo.builders.performance import seed_performance
from abdi.demo.builders.performance import summary as performance_summary
from abdi.demo.builders.staffing import fill_plan
from abdi.demo.builders.talent import seed_talent
from abdi.demo.builders.talent import summary as talent_summary
from abdi.employees.models import Employee
from abdi.employees.services import retirement_dates_refresh
from abdi.org.models import OrgUnit
from abdi.performance.services import predikat_counts_refresh, unit_counts_refresh


class Command(BaseCommand):
    help = "Isi basis data dengan provinsi demo (unit kerja, jabatan, pegawai, akun demo)."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--password", default="abdi-demo-2026")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when employees already exist."
        )
        parser.add_argument(
            "--personnel-only",
            action="store_true",
            help="Only the organisation and personnel (no SKPs, complaints, surveys, competency "
            "or learning): for benchmarks of the personnel pages at 100,000 employees.",
        )
        parser.add_argument(
            "--with-competency",
            action="store_true",
            help="With --personnel-only: also seed competency (position standards, assessments "
            "for ~85%% of employees) and learning (catalogue, sessions, registrations, "
            "e-learning, plans, the JP ledger of last year and this year), for the heat-map and "
            "JP-dashboard bench at 60,000 employees. Without --personnel-only they are always "
            "seeded.",
        )
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="Reference date (YYYY-MM-DD); ages and dates are relative to it.",
        )

    def handle(self, *args, **opts):
        n = opts["employees"]
        if n < 100:
            raise CommandError("--employees must be at least 100 for a believable province.")
        if Employee.objects.exists() or OrgUnit.objects.exists():
            if opts["if_empty"]:
                self.stdout.write(
                    f"Database already holds {Employee.objects.count()} employees; "
                    "demo data not seeded (--if-empty)."
                )
                return
            raise CommandError(
                "The database already holds data. Use a fresh database, or --if-empty."
            )
        started = self._started = time.perf_counter()
        summary = seed(
            n_employees=n,
            seed=opts["seed"],
            password=opts["password"],
            today=opts["today"] or timezone.localdate(),
            progress=self._progress if opts["verbosity"] >= 1 and n >= 10_000 else None,
            personnel_only=opts["personnel_only"],
            with_competency=opts["with_competency"],
            phase=self._phase if opts["verbosity"] >= 1 else None,
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Demo province seeded in {elapsed:.1f} s"))
        for key, value in summary.items():
            self.stdout.write(f"  {key:<28} {value}")

    def _phase(self, label: str) -> None:
        """One line per phase, flushed at once: `make run` is never silent for minutes. With the
        seconds since the start and the peak memory so far (where a long seed spends its time)."""
        if not hasattr(self, "_started"):
            self._started = time.perf_counter()
        seconds = time.perf_counter() - self._started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        self.stdout.write(f"  → {label}  [{seconds:.0f} s, {peak_mb} MB]")
        self.stdout.flush()

    def _progress(self, done: int, total: int) -> None:
        self.stdout.write(f"  … {done}/{total} employees")


@transaction.atomic
def seed(**kwargs) -> dict:
    """The whole seed in one transaction: a failure leaves the database as it was. On PostgreSQL
    the foreign keys are dropped for the load and added back (each validated by one query) before
    the commit, instead of queueing one check per loaded row until the commit."""
    say = kwargs.get("phase") or (lambda _label: None)
    with foreign_keys_checked_once():
        summary = _seed(**kwargs)
        # planner statistics before the keys are validated (a join per key over loaded tables)
        analysed = analyze_loaded()
        if analysed:
            say(f"ANALYZE: {len(analysed)} tabel")
    say("kunci asing diperiksa")
    return summary


def _seed(
    *,
    n_employees: int,
    seed: int,
    password: str,
    today: dt.date,
    progress=None,
    personnel_only: bool = False,
    with_competency: bool = False,
    phase=None,
) -> dict:
    say = phase or (lambda _label: None)
    rng = random.Random(seed)
    faker = Faker("id_ID")
    faker.seed_instance(seed)
    plan = plan_org(n_employees, rng)
    codes = {p.code for p in plan.positions}
    employee_position = (
        EMPLOYEE_POSITION_WITH_SECTIONS
        if EMPLOYEE_POSITION_WITH_SECTIONS in codes
        else EMPLOYEE_POSITION
    )
    keep = {plan.top.code, SUPERVISOR_POSITION, "DINKES-KA"}
    vacant, plt_for = fill_plan(plan, n_employees, rng, keep=keep, must_staff=[employee_position])
    say("organisasi: unit kerja dan jabatan")
    agency = write_org(plan)
    units_by_code: dict[str, OrgUnit] = {}
    for u in plan.units:
        assert u.obj is not None  # every unit of the plan is written just above
        units_by_code[u.code] = u.obj
    users = create_logins(password, units_by_code=units_by_code)
    users_for = {}
    for login in DEMO_LOGINS:
        if login.employee_position:
            code = (
                employee_position
                if login.employee_position == EMPLOYEE_POSITION
                else login.employee_position
            )
            users_for[code] = users[login.username]
    factory = EmployeeFactory(rng=rng, faker=faker, today=today)
    say(f"pegawai dan riwayatnya ({n_employees})")
    write_employees(
        plan, factory, users_for=users_for, vacant=vacant, plt_for=plt_for, progress=progress
    )
    retirement_dates_refresh()  # the stored BUP date of every employee just written
    for username, code in (("atasan", SUPERVISOR_POSITION), ("pegawai", employee_position)):
        user = users[username]
        employee = Employee.objects.filter(user=user).first()
        if employee is not None:
            user.first_name, _sep, user.last_name = employee.name.partition(" ")
            user.save(update_fields=["first_name", "last_name"])
        elif code:
            raise RuntimeError(f"demo login {username} has no employee ({code})")
    extra: dict = {}
    if not personnel_only:
        say("pengaduan dan survei kepuasan")
        _feedback_users, feedback_stats = seed_feedback(
            seed=seed,
            faker=faker,
            today=today,
            now=timezone.now(),
            n_employees=n_employees,
            users=users,
            units_by_code=units_by_code,
        )
        say("kinerja: SKP, realisasi dan penilaian")
        performance_stats = seed_performance(seed=seed, today=today, users=users)
        extra = {**feedback_summary(feedback_stats), **performance_summary(performance_stats)}
        extra.update(
            careers_proposals_summary(seed_careers_proposals(seed=seed, today=today, users=users))
        )
    if not personnel_only or with_competency:
        started = time.perf_counter()
        say("kompetensi: standar jabatan dan asesmen")
        competency = seed_competency(
            seed=seed,
            today=today,
            users=users,
            pegawai_position_code=employee_position,
        )
        say("pengembangan: katalog, pendaftaran, e-learning dan JP")
        learning_stats = seed_learning(seed=seed, today=today, users=users, comp=competency)
        extra.update(competency_summary(competency))
        extra.update(learning_summary(learning_stats))
        extra["competency+learning seconds"] = f"{time.perf_counter() - started:.1f}"
    if not personnel_only:
        extra.update(talent_summary(seed_talent(seed=seed, today=today, users=users)))
        selection_stats = seed_selection(seed=seed, today=today, users=users, password=password)
        extra.update(selection_summary(selection_stats))

        extra.update(insights_summary(seed_insights(today=today, users=users)))
    unit_counts_refresh()  # the unit monitor's per-unit figures of everything written in bulk
    predikat_counts_refresh()  # and its predikat distribution
    requirement_counts_rebuild()  # the heat-map's per-unit counts, which the worker keeps
    s = factory.stats
    return {
        "agency": agency.name,
        "org units": len(plan.units),
        "positions": len(plan.positions),
        "employees": s.employees,
        "  of which PPPK": s.pppk,
        "  of which CPNS": s.cpns,
        "retiring within 12 months": s.retiring_12m,
        "vacant head positions": s.vacant_heads,
        "acting officials (Plt)": s.acting,
        "discipline records": f"{s.discipline} ({s.discipline_in_force} in force)",
        "awards": s.awards,
        **{f"{k} rows": v for k, v in sorted(s.rows.items())},
        **extra,
        "demo logins": ", ".join(login.username for login in [*DEMO_LOGINS, *FEEDBACK_LOGINS]),
        "reference date": today.isoformat(),
    }
