"""Talent management of the demo province (issue 11): placements for last year and this year
(computed by the same service the worker runs, so boxes move between the years and staff without
two predikat or an assessment are "not mappable"), one talent review with two adjustments,
15 critical positions with successors at every readiness (some posts at risk: incumbent retiring
within 24 months and nobody ready now), development actions from the catalogue, and change
projects in every state — the completed one tied to a puskesmas service whose IKM rose after it.

Everything is drawn from a Random of its own (seed + offset). Change projects are written as rows
(their participants have no demo login to act through the services)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from django.utils import timezone

from abdi.core.calendar import JAKARTA
from abdi.employees.models import Employee
from abdi.employees.selectors import supervisor_of
from abdi.feedback.models import SatisfactionSurvey
from abdi.feedback.selectors.surveys import survey_trend
from abdi.learning.models import Programme
from abdi.talent.choices import ProjectAction, ProjectState, Readiness, RunStatus
from abdi.talent.models import (
    ChangeProject,
    ChangeProjectStep,
    Milestone,
    PlacementRun,
    Successor,
    TalentPlacement,
)
from abdi.talent.selectors.succession import bench, candidates_for, critical_positions
from abdi.talent.services.placement import placements_compute
from abdi.talent.services.review import box_adjust, review_create
from abdi.talent.services.succession import (
    successor_action_add,
    successor_add,
    successor_readiness_set,
)

SEED_OFFSET = 1100
CRITICAL_SHOWN = 15


def _place(year: int, admin, stats: Counter) -> None:
    now = timezone.now()
    run = PlacementRun.objects.create(year=year, requested_by=admin, started_at=now)
    placed, unmappable = placements_compute(year=year, run=run)
    run.status, run.finished_at = RunStatus.DONE, timezone.now()
    run.placed, run.unmappable = placed, unmappable
    run.save()
    stats[f"placed {year}"] = placed
    stats[f"not mappable {year}"] = unmappable


def _review(rng: random.Random, year: int, admin, stats: Counter) -> None:
    heads = list(
        Employee.objects.filter(is_active=True, position__kind__startswith="jpt").order_by("nip")[
            :3
        ]
    )
    review = review_create(
        actor=admin,
        year=year,
        title=f"Rapat Tim Penilai Kinerja dan Komite Talenta {year}",
        held_on=dt.date(year, 1, 20) if dt.date(year, 1, 20) <= timezone.localdate() else timezone.localdate(),
        members=heads,
        other_members="Asesor SDM aparatur dari BKN Kantor Regional VII",
        notes="Kalibrasi pemetaan talenta hasil hitung Abdi.",
    )  # fmt: skip
    moves = [
        (5, 8, "Memimpin inovasi layanan dengan hasil terukur; potensial dinilai lebih tinggi "
               "dari skor asesmen lama."),
        (7, 4, "Hasil asesmen terbaru belum masuk; komite menahan di kotak 4 sampai asesmen "
               "ulang."),
    ]  # fmt: skip
    for from_box, to_box, reason in moves:
        placement = (
            TalentPlacement.objects.filter(year=year, box=from_box).order_by("employee_id").first()
        )
        if placement is None:
            continue
        box_adjust(
            actor=admin, review=review, employee=placement.employee, to_box=to_box, reason=reason
        )
        stats["review adjustments"] += 1


def _succession(rng: random.Random, today: dt.date, admin, stats: Counter) -> None:
    rows = bench(critical_positions().select_related("org_unit"), today=today)
    rows = [r for r in rows if r.incumbent is not None]
    rows.sort(key=lambda r: r.retires_on or dt.date.max)
    chosen = rows[:CRITICAL_SHOWN]
    by_category: dict[str, list[Programme]] = {}
    for programme in Programme.objects.filter(is_active=True).order_by("code"):
        by_category.setdefault(programme.category, []).append(programme)
    leadership = {"jpt_utama": "pkn", "jpt_madya": "pkn", "jpt_pratama": "pkn",
                  "administrator": "pka"}  # fmt: skip
    readiness_cycle = [Readiness.READY_NOW, Readiness.ONE_TWO_YEARS, Readiness.THREE_PLUS]
    for index, row in enumerate(chosen):
        candidates = candidates_for(row.position, limit=3)
        # The three soonest retirements keep nobody ready now: the register shows them at risk.
        for turn, candidate in enumerate(candidates):
            readiness = readiness_cycle[(index + turn) % 3]
            if index < 3 and readiness == Readiness.READY_NOW:
                readiness = Readiness.ONE_TWO_YEARS
            successor = successor_add(
                actor=admin,
                position=row.position,
                employee=candidate.placement.employee,
                readiness=readiness,
            )
            stats[f"successors {readiness}"] += 1
            programmes = by_category.get(
                leadership.get(row.position.kind, "pkp")
            ) or by_category.get("technical", [])
            if programmes and rng.random() < 0.6:
                programme = rng.choice(programmes)
                successor_action_add(
                    actor=admin,
                    successor=successor,
                    description="",
                    target_date=today + dt.timedelta(days=rng.randint(60, 400)),
                    programme=programme,
                )
                stats["development actions"] += 1
    # One successor progressed after the review: the "who moved" page shows a readiness change.
    progressed = (
        Successor.objects.filter(
            position__in=[r.position for r in chosen[3:]], readiness=Readiness.THREE_PLUS
        )
        .order_by("pk")
        .first()
    )
    if progressed is not None:
        successor_readiness_set(
            actor=admin, successor=progressed, readiness=Readiness.ONE_TWO_YEARS
        )
        stats["readiness changes"] += 1
    stats["critical positions shown"] = len(chosen)
    stats["critical positions at risk"] = sum(
        1 for r in bench([r.position for r in chosen], today=today) if r.at_risk
    )


def _rising_service(admin):
    """A puskesmas service and the start of a survey period after which its IKM rose."""
    best = None
    for survey in (
        SatisfactionSurvey.objects.filter(service__org_unit__kind="puskesmas")
        .select_related("service")
        .order_by("service_id", "period_start")
    ):
        trend = [p for p in survey_trend(survey, user=admin) if p.ikm_100 is not None]
        for before, after in zip(trend, trend[1:], strict=False):
            rise = after.ikm_100 - before.ikm_100
            if rise > 0 and (best is None or rise > best[2]):
                best = (survey.service, after.period_start, rise)
        if best is not None:
            break
    return best


def _project(participant, mentor, state, *, title, summary, training, service=None,
             started=None, admin=None):  # fmt: skip
    project = ChangeProject.objects.create(
        participant=participant, training=training, cohort="Angkatan I", title=title,
        summary=summary, org_unit=participant.org_unit, mentor=mentor,
        coach="Dr. Rahmawati, M.Si. (BPSDM Provinsi)", service=service, state=state,
        started_on=started,
    )  # fmt: skip
    registered = (started or timezone.localdate()) - dt.timedelta(days=14)
    _step(project, ProjectAction.REGISTERED, registered, actor=participant.user)
    if state != ProjectState.DRAFT and started:
        _step(project, ProjectAction.STARTED, started, actor=participant.user)
    return project


def _step(project, action, day: dt.date, *, actor=None, note: str = "") -> None:
    """A step of the register, dated on the demo day it happened."""
    step = ChangeProjectStep.objects.create(project=project, action=action, actor=actor, note=note)
    moment = dt.datetime.combine(day, dt.time(10, 0), tzinfo=JAKARTA)
    ChangeProjectStep.objects.filter(pk=step.pk).update(at=min(moment, timezone.now()))


def _participants(today: dt.date, unit=None) -> list[tuple[Employee, Employee]]:
    """Structural officials (administrator, pengawas) with a superior as mentor; those of
    `unit` (a puskesmas) first."""
    people = []
    qs = Employee.objects.filter(is_active=True, position__kind__in=["administrator", "pengawas"])
    if unit is not None:
        qs = Employee.objects.filter(is_active=True, org_unit=unit)
    for emp in qs.select_related("position", "org_unit").order_by("nip")[:60]:
        mentor = supervisor_of(emp, on=today)
        if mentor is not None:
            people.append((emp, mentor))
        if len(people) >= 4:
            break
    return people


def _projects(rng: random.Random, today: dt.date, admin, stats: Counter) -> None:
    rising = _rising_service(admin)
    service, start, _rise = rising if rising else (None, today - dt.timedelta(days=200), 0)
    people = _participants(today)
    local = _participants(today, service.org_unit) if service else []
    if len(people) < 4:
        return
    (p1, m1), (p2, m2), (p3, m3), (p4, m4) = people[:4]
    if local:
        p1, m1 = local[0]
    now = timezone.now()
    done = _project(
        p1, m1, ProjectState.COMPLETED, training="pka", service=service, started=start,
        title=f"Antrean daring dan janji temu di {service.org_unit.name}" if service
        else "Antrean daring layanan",
        summary="Pasien mendaftar lewat WhatsApp dan mendapat jam datang; waktu tunggu turun.",
    )  # fmt: skip
    for term, days, title in (
        ("short", 30, "Uji coba pendaftaran WhatsApp di loket umum"),
        ("medium", 90, "Seluruh poli memakai jam datang"),
        ("long", 150, "SOP antrean daring ditetapkan kepala dinas"),
    ):
        Milestone.objects.create(
            project=done, term=term, title=title, due_date=start + dt.timedelta(days=days),
            evidence_note="Laporan dan foto terlampir.", reported_at=now,
            confirmed_by=m1.user, confirmed_at=now,
        )  # fmt: skip
    done.completed_on = min(today, start + dt.timedelta(days=160))
    done.is_published = True
    done.public_summary = (
        "Pendaftaran pasien lewat WhatsApp dengan jam datang: antrean di ruang tunggu berkurang "
        "dan kepuasan masyarakat naik pada survei berikutnya."
    )
    done.save()
    _step(done, ProjectAction.COMPLETED, done.completed_on, actor=admin)
    _step(done, ProjectAction.PUBLISHED, done.completed_on + dt.timedelta(days=7), actor=admin)

    active = _project(
        p2, m2, ProjectState.ACTIVE, training="pkp", started=today - dt.timedelta(days=100),
        title="Arsip digital surat masuk bidang",
        summary="Surat masuk dipindai dan didisposisi lewat aplikasi.",
    )  # fmt: skip
    Milestone.objects.create(
        project=active, term="short", title="Pemindaian surat tiga bulan terakhir",
        due_date=today - dt.timedelta(days=60), evidence_note="120 surat terpindai.",
        reported_at=now, confirmed_by=m2.user, confirmed_at=now,
    )  # fmt: skip
    Milestone.objects.create(
        project=active, term="medium", title="Disposisi elektronik untuk seluruh seksi",
        due_date=today - dt.timedelta(days=10), evidence_note="Sudah berjalan di dua seksi.",
        reported_at=now,
    )  # fmt: skip
    Milestone.objects.create(
        project=active, term="long", title="Retensi arsip sesuai JRA",
        due_date=today + dt.timedelta(days=120),
    )  # fmt: skip
    lapsed = _project(
        p3, m3, ProjectState.LAPSED, training="pkp", started=today - dt.timedelta(days=400),
        title="Kanal pengaduan pelanggan air bersih", summary="Kanal aduan berbasis pesan singkat.",
    )  # fmt: skip
    Milestone.objects.create(
        project=lapsed, term="short", title="Kanal aktif", due_date=today - dt.timedelta(days=370),
        reported_at=now, confirmed_by=m3.user, confirmed_at=now,
    )  # fmt: skip
    Milestone.objects.create(
        project=lapsed, term="medium", title="Laporan bulanan aduan",
        due_date=today - dt.timedelta(days=300),
    )  # fmt: skip
    _step(
        lapsed, ProjectAction.LAPSED, today - dt.timedelta(days=200), actor=admin,
        note="Peserta mutasi; mentor baru tidak melanjutkan.",
    )  # fmt: skip
    _project(
        p4, m4, ProjectState.DRAFT, training="pka",
        title="Dasbor capaian kinerja bidang", summary="Rancangan awal; tonggak belum disusun.",
    )  # fmt: skip
    stats["change projects"] = ChangeProject.objects.count()


def seed_talent(*, seed: int, today: dt.date, users: dict) -> Counter:
    rng = random.Random(seed + SEED_OFFSET)
    admin = users["admin"]
    stats: Counter = Counter()
    for year in (today.year - 1, today.year):
        _place(year, admin, stats)
    _review(rng, today.year, admin, stats)
    _succession(rng, today, admin, stats)
    _projects(rng, today, admin, stats)
    return stats


def summary(stats: Counter) -> dict:
    return {f"talent: {k}": v for k, v in sorted(stats.items())}
