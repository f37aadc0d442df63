"""Talent data stays in scope on the succession pages, milestone reports cannot overwrite a
confirmation, review decisions never box an unmappable employee, the public gallery is
throttled, and milestone evidence is served only to those who see the project."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from abdi.accounts.models import RoleAssignment
from abdi.employees.models import AnnualPredikat
from abdi.talent.models import Milestone, TalentPlacement
from abdi.talent.services import projects as services
from abdi.talent.services.placement import apply_adjustments
from abdi.talent.services.review import box_adjust, review_create
from abdi.talent.services.succession import successor_add
from abdi.talent.testing import build_projects, compute
from abdi.testing import make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def computed(talent_world):
    compute(talent_world)
    return talent_world


@pytest.fixture
def unit_leader(personas):
    """A leader whose talent scope is Dinas Kesehatan (unit A) only."""
    user = make_user("pimpinan_dinkes")
    RoleAssignment.objects.create(user=user, role="leader", org_unit=personas.unit_a)
    return user


# --- succession: a scoped leader sees talent data only of successors in scope ------------------


def _plan(p):
    # supervisor: unit A, box 8; outsider: unit B, box 7 (see abdi/talent/testing.py)
    for employee, readiness in ((p.supervisor, "ready_now"), (p.outsider, "one_two_years")):
        successor_add(
            actor=p.admin, position=p.head_position_a, employee=employee, readiness=readiness
        )


def test_a_scoped_leader_sees_no_box_of_a_successor_outside_their_scope(
    client, computed, unit_leader
):
    p = computed.p
    _plan(p)
    client.force_login(unit_leader)
    response = client.get(reverse("talent:critical_detail", args=[p.head_position_a.pk]))
    assert response.status_code == 200
    seen = {s.successor.employee_id: s for s in response.context["successors"]}
    assert seen[p.supervisor.pk].talent_visible and seen[p.supervisor.pk].successor.box == 8
    assert not seen[p.outsider.pk].talent_visible and seen[p.outsider.pk].gaps == {}
    html = response.content.decode()
    assert p.outsider.name in html  # named, with readiness
    assert "Kotak 8" in html and "Kotak 7" not in html


def test_the_critical_positions_api_hides_out_of_scope_placements(client, computed, unit_leader):
    p = computed.p
    _plan(p)
    client.force_login(unit_leader)
    data = client.get(reverse("api-critical-position-list")).json()
    row = next(r for r in data["results"] if r["id"] == p.head_position_a.pk)
    by_nip = {s["nip"]: s for s in row["successors"]}
    assert by_nip[p.supervisor.nip]["box"] == 8 and by_nip[p.supervisor.nip]["talent_visible"]
    outsider = by_nip[p.outsider.nip]
    assert (outsider["box"], outsider["jpm"], outsider["talent_visible"]) == (None, None, False)
    assert outsider["readiness"] == "one_two_years"
    # BKPSDM sees both boxes.
    client.force_login(p.admin)
    data = client.get(reverse("api-critical-position-list")).json()
    row = next(r for r in data["results"] if r["id"] == p.head_position_a.pk)
    assert {s["nip"]: s["box"] for s in row["successors"]} == {
        p.supervisor.nip: 8,
        p.outsider.nip: 7,
    }


# --- milestones: lock, own fields, closed projects -------------------------------------------


def test_a_stale_report_cannot_overwrite_the_mentors_confirmation(personas):
    p = personas
    project, milestone, _done = build_projects(p)
    services.milestone_report(actor=p.employee.user, milestone=milestone, note="Tahap 1.")
    stale = Milestone.objects.get(pk=milestone.pk)  # the participant's page, loaded earlier
    services.milestone_confirm(actor=p.supervisor.user, milestone=milestone)
    with pytest.raises(ValidationError):
        services.milestone_report(actor=p.employee.user, milestone=stale, note="Ubah.")
    fresh = Milestone.objects.get(pk=milestone.pk)
    assert fresh.confirmed_by == p.supervisor.user and fresh.evidence_note == "Tahap 1."


def test_no_milestone_report_on_a_closed_project(personas):
    p = personas
    project, milestone, _done = build_projects(p)
    services.project_close(actor=p.admin, project=project, completed=False, note="Mutasi.")
    with pytest.raises(ValidationError):
        services.milestone_report(actor=p.employee.user, milestone=milestone, note="Sudah.")
    assert Milestone.objects.get(pk=milestone.pk).reported_at is None


# --- review decisions never box an unmappable employee ---------------------------------------


def test_a_decision_is_not_applied_to_an_employee_who_became_unmappable(client, computed):
    p = computed.p
    review = review_create(
        actor=p.admin, year=computed.year, title="Rapat", held_on=dt.date(computed.year, 1, 9),
        members=[p.head_a],
    )  # fmt: skip
    box_adjust(actor=p.admin, review=review, employee=p.colleague, to_box=8, reason="Kinerja.")
    AnnualPredikat.objects.filter(employee=p.colleague, year=computed.year - 1).delete()
    compute(computed)  # recompute: the colleague now lacks a predikat
    placement = TalentPlacement.objects.get(year=computed.year, employee=p.colleague)
    assert placement.box is None and placement.unmappable == "no_predikat"
    result = apply_adjustments(computed.year)
    assert result.skipped == {p.colleague.pk: "no_predikat"}
    assert TalentPlacement.objects.get(pk=placement.pk).box is None
    client.force_login(p.admin)
    html = client.get(reverse("talent:review_detail", args=[review.pk])).content.decode()
    assert "adjustment-not-applied" in html


# --- the public gallery is throttled ----------------------------------------------------------


def test_the_public_gallery_is_rate_limited_per_address(client, personas, settings):
    settings.ABDI_PUBLIC_GALLERY_RATE = "2/hour"
    cache.clear()
    _active, _m, done = build_projects(personas)
    assert client.get(reverse("talent:gallery")).status_code == 200
    assert client.get(reverse("talent:gallery_detail", args=[done.pk])).status_code == 200
    refused = client.get(reverse("talent:gallery"))
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    # another address has its own budget
    assert client.get(reverse("talent:gallery"), REMOTE_ADDR="10.1.2.3").status_code == 200


# --- milestone evidence ---------------------------------------------------------------------


def test_milestone_evidence_downloads_only_within_the_project_scope(client, personas):
    p = personas
    project, milestone, _done = build_projects(p)
    services.milestone_report(
        actor=p.employee.user,
        milestone=milestone,
        evidence=SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf"),
    )
    url = reverse("talent:milestone_evidence", args=[milestone.pk])
    for user in (p.employee.user, p.supervisor.user, p.admin):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
    for user in (p.outsider.user, p.colleague.user):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code in (302, 404)
    # the detail page links to it
    client.force_login(p.employee.user)
    assert url in client.get(reverse("talent:project_detail", args=[project.pk])).content.decode()
