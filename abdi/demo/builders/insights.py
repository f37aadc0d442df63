"""Insights demo data: the IP ASN of every employee and the leadership dashboard snapshots for
last year and this year, so trends show. Computed by the insights services themselves from the
data the other builders wrote (run it last)."""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal
from typing import Any

from abdi.employees.models import Employee
from abdi.feedback.models import SatisfactionSurvey
from abdi.insights.services import engagement, merit
from abdi.insights.services import programmes as ps
from abdi.insights.services.dashboard import dashboard_refresh
from abdi.insights.services.ip_asn import ip_asn_compute
from abdi.org.models import OrgUnit


def seed_insights(*, today: dt.date, users: dict | None = None) -> dict:
    started = time.perf_counter()
    stats: dict[str, Any] = {"years": [today.year - 1, today.year], "scores": 0, "snapshots": 0}
    for year in stats["years"]:
        stats["scores"] += ip_asn_compute(year=year)
        stats["snapshots"] += dashboard_refresh(year=year)
    if users and "admin" in users and "auditor" in users:
        stats["engagement"] = _seed_engagement(today, users["admin"])
        stats["merit"] = _seed_merit(today, users["admin"], users["auditor"])
        stats["programmes"] = _seed_programmes(today, users)
    stats["seconds"] = round(time.perf_counter() - started, 1)
    return stats


def _seed_merit(today: dt.date, admin, auditor) -> str:
    """Last year's self-assessment verified, this year's in progress (Abdi's proposals)."""

    last = merit.merit_start(actor=admin, year=today.year - 1)
    for answer in last.answers.filter(score__isnull=True).select_related("indicator"):
        merit.merit_answer(actor=admin, answer=answer, score=Decimal("0.5"))
    merit.merit_submit(actor=admin, assessment=last)
    merit.merit_verify(actor=auditor, assessment=last, approve=True)
    merit.merit_start(actor=admin, year=today.year)
    return f"{today.year - 1} verified, {today.year} in progress"


def _seed_engagement(today: dt.date, admin) -> str:
    """Last year's engagement survey, answered by up to 60 employees with an account and
    closed (its result becomes last year's merit engagement); this year's survey open."""

    rng = random.Random(17)
    last = engagement.engagement_open(actor=admin, year=today.year - 1)
    questions = list(last.questions.all())
    people = list(
        Employee.objects.filter(is_active=True, user__isnull=False)
        .select_related("user", "org_unit")
        .order_by("pk")[:60]
    )
    for person in people:
        mood = rng.choice((3, 4, 4, 5))
        values = {q.pk: max(1, min(5, mood + rng.choice((-1, 0, 0, 1)))) for q in questions}
        assert person.user is not None  # the query above keeps only employees with a login
        engagement.engagement_answer(actor=person.user, survey=last, values=values)
    engagement.engagement_close(actor=admin, survey=last)
    engagement.engagement_open(actor=admin, year=today.year)
    return f"{today.year - 1}: {len(people)} responden, {today.year} dibuka"


def _seed_programmes(today: dt.date, users: dict) -> int:
    """Three programmes: one bound to JP, one to a service unit's IKM, one entered by hand;
    targets, budgets, findings and recommendations in every state (one overdue)."""

    admin = users["admin"]
    owner = users.get("atasan") or admin
    bkpsdm = OrgUnit.objects.filter(code__icontains="BKPSDM").order_by("depth").first()
    root = OrgUnit.objects.order_by("depth", "path").first()
    home = bkpsdm or root
    if home is None:
        return 0
    last, this = today.year - 1, today.year
    jp = ps.programme_save(
        actor=admin,
        name="Literasi digital seluruh pegawai 2027",
        description="Setiap pegawai mengikuti pelatihan teknis digital.",
        org_unit=home,
        start_year=last,
        end_year=this + 1,
    )
    ps.indicator_add(
        actor=admin,
        programme=jp,
        name="JP pelatihan teknis per pegawai",
        measure="jp_category",
        measure_param="technical",
        unit_label="JP",
        baseline=Decimal(2),
        targets={last: Decimal(4), this: Decimal(8), this + 1: Decimal(12)},
    )
    ps.indicator_add(
        actor=admin,
        programme=jp,
        name="Pegawai memenuhi target JP",
        measure="jp_target",
        unit_label="%",
        targets={this: Decimal(60)},
    )
    for year in (last, this):
        ps.values_measure(programme=jp, year=year)
    ps.budget_set(
        actor=admin,
        programme=jp,
        year=last,
        planned=Decimal(450_000_000),
        spent=Decimal(410_000_000),
    )
    ps.budget_set(
        actor=admin,
        programme=jp,
        year=this,
        planned=Decimal(600_000_000),
        spent=Decimal(250_000_000),
    )
    finding = ps.finding_add(
        actor=admin, programme=jp, year=last, text="Peserta dari puskesmas terpencil sedikit."
    )
    ps.recommendation_add(
        actor=admin,
        programme=jp,
        finding=finding,
        text="Sediakan kelas daring untuk puskesmas terpencil.",
        owner=owner,
        due_on=today - dt.timedelta(days=30),
    )
    done = ps.recommendation_add(
        actor=admin,
        programme=jp,
        text="Tetapkan kurikulum literasi digital.",
        owner=owner,
        due_on=today - dt.timedelta(days=90),
    )
    ps.recommendation_follow_up(
        actor=owner, recommendation=done, note="Draf kurikulum disusun.", status="in_progress"
    )
    ps.recommendation_follow_up(
        actor=admin, recommendation=done, note="Kurikulum ditetapkan.", status="closed"
    )
    surveyed = SatisfactionSurvey.objects.select_related("service__org_unit").order_by("pk").first()
    service_unit = surveyed.service.org_unit if surveyed else home
    ikm = ps.programme_save(
        actor=admin,
        name=f"Peningkatan mutu layanan {service_unit.name}",
        org_unit=service_unit,
        start_year=last,
        end_year=this,
    )
    ps.indicator_add(
        actor=admin,
        programme=ikm,
        name="IKM unit layanan",
        measure="ikm",
        measure_param=str(service_unit.pk),
        baseline=Decimal(78),
        targets={last: Decimal(80), this: Decimal(85)},
    )
    for year in (last, this):
        ps.values_measure(programme=ikm, year=year)
    ps.budget_set(
        actor=admin,
        programme=ikm,
        year=this,
        planned=Decimal(120_000_000),
        spent=Decimal(30_000_000),
    )
    progress = ps.recommendation_add(
        actor=admin,
        programme=ikm,
        text="Tambah loket pengaduan di unit layanan.",
        owner=owner,
        due_on=today + dt.timedelta(days=60),
    )
    ps.recommendation_follow_up(
        actor=owner, recommendation=progress, note="Loket sedang disiapkan.", status="in_progress"
    )
    manual = ps.programme_save(
        actor=admin,
        name="Sistem merit: penyusunan rencana kebutuhan ASN",
        org_unit=home,
        start_year=this,
        end_year=this,
    )
    plan = ps.indicator_add(
        actor=admin,
        programme=manual,
        name="Dokumen rencana kebutuhan ditetapkan",
        unit_label="dokumen",
        baseline=Decimal(0),
        targets={this: Decimal(1)},
    )
    ps.value_record(
        actor=admin,
        indicator=plan,
        year=this,
        value=Decimal(0),
        evidence="Draf dibahas dengan Bappeda; penetapan menunggu.",
    )
    ps.finding_add(
        actor=admin, programme=manual, year=this, text="Data formasi belum lengkap di 3 OPD."
    )
    ps.recommendation_add(
        actor=admin,
        programme=manual,
        text="Lengkapi data formasi OPD sebelum penetapan.",
        owner=owner,
        due_on=today + dt.timedelta(days=30),
    )
    return 3


def summary(stats: dict) -> dict:
    years = "–".join(str(y) for y in stats["years"])
    return {
        f"IP ASN scores {years}": stats["scores"],
        "dashboard snapshots": stats["snapshots"],
        "merit self-assessment": stats.get("merit", "-"),
        "engagement survey": stats.get("engagement", "-"),
        "M&E programmes": stats.get("programmes", 0),
        "insights seconds": stats["seconds"],
    }
