"""seed_demo's talent data (issue 11): placements for two years with movement and unmappable
staff, one review with two adjustments, 15 critical positions (some at risk) with successors at
every readiness, and change projects in every state, the completed one on a puskesmas service
whose IKM rose after it."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from abdi.accounts.models import User
from abdi.talent.choices import ProjectState, Readiness
from abdi.talent.models import (
    BoxAdjustment,
    ChangeProject,
    Successor,
    TalentPlacement,
    TalentReview,
)
from abdi.talent.selectors.projects import service_figures
from abdi.talent.selectors.succession import bench

TODAY = dt.date(2026, 3, 15)


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_seed_demo_tells_the_talent_story():
    call_command(
        "seed_demo", employees=400, seed=42, password="demo-pass-123", today=TODAY,
        stdout=StringIO(),
    )  # fmt: skip
    this, last = TODAY.year, TODAY.year - 1
    assert TalentPlacement.objects.filter(year=this, box__isnull=False).exists()
    assert TalentPlacement.objects.filter(year=last, box__isnull=False).exists()
    assert (
        TalentPlacement.objects.filter(year=this, box__isnull=True).exclude(unmappable="").exists()
    )
    moved = 0
    previous = dict(TalentPlacement.objects.filter(year=last).values_list("employee_id", "box"))
    for emp, box in TalentPlacement.objects.filter(year=this).values_list("employee_id", "box"):
        moved += emp in previous and box is not None and previous[emp] not in (None, box)
    assert moved > 0
    assert TalentReview.objects.count() == 1
    assert BoxAdjustment.objects.count() == 2
    positions = {s.position for s in Successor.objects.select_related("position")}
    assert len(positions) == 15
    assert set(Successor.objects.values_list("readiness", flat=True)) == set(Readiness.values)
    rows = bench(positions, today=TODAY)
    assert any(r.at_risk for r in rows) and not all(r.at_risk for r in rows)
    assert set(ChangeProject.objects.values_list("state", flat=True)) == set(ProjectState.values)
    done = ChangeProject.objects.get(state=ProjectState.COMPLETED)
    assert done.is_published and done.service.org_unit.kind == "puskesmas"
    figures = service_figures(done, user=User.objects.get(username="admin"))
    assert figures.ikm_after > figures.ikm_before
