"""Careers' links to talent: inviting the talent pool to a selection, recording an appointment
against a succession plan, and completed change projects in the track record."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from abdi.careers.models import Application, PoolInvitation, SelectionStage
from abdi.careers.services import selection as services
from abdi.careers.services import talent_links
from abdi.careers.services.selection.common import prefill_track_record
from abdi.careers.testing_selection import build_selection_world, close_registration, open_selection
from abdi.core.models import Notification
from abdi.employees.services import position_change
from abdi.talent.models import SuccessionAppointment, Successor
from abdi.talent.services.succession import successor_add
from abdi.talent.testing import build_projects, build_talent_world, compute

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(personas):
    # employee box 9 and outsider box 7 (pelaksana), supervisor box 8 (administrator)
    world = build_talent_world(personas)
    compute(world)
    return world


def test_the_pool_of_the_selection_levels_is_invited_once(computed):
    p = computed.p
    selection = open_selection(p)  # a JPT post: its pool is JPT and Administrator members
    Notification.objects.all().delete()
    invited = talent_links.selection_invite_pool(actor=p.admin, selection=selection)
    assert [(i.employee_id, i.box) for i in invited] == [(p.supervisor.pk, 8)]
    assert Notification.objects.filter(
        user=p.supervisor.user, verb="selection_pool_invite"
    ).exists()
    assert not Notification.objects.filter(user=p.employee.user).exists()
    with pytest.raises(ValidationError):  # nobody left to invite
        talent_links.selection_invite_pool(actor=p.admin, selection=selection)
    assert PoolInvitation.objects.count() == 1


def test_a_pengawas_selection_invites_the_pool_below_and_skips_applicants(computed):
    from abdi.org.models import Position

    p = computed.p
    post = Position.objects.create(
        code="DINKES-KASI", name="Kepala Seksi Layanan", kind="pengawas", class_grade=9,
        org_unit=p.subunit_a,
    )  # fmt: skip
    selection = open_selection(p, position=post, kind="pengawas", title="Seleksi Kasi")
    Application.objects.create(selection=selection, employee=p.outsider, submitted_by=p.admin)
    invited = talent_links.selection_invite_pool(actor=p.admin, selection=selection)
    # pelaksana pool: employee (9) and outsider (7, already applied); colleague (5) not in pool
    assert [i.employee_id for i in invited] == [p.employee.pk]


def test_only_bkpsdm_invites_and_only_while_registration_is_open(computed, client):
    p = computed.p
    selection = open_selection(p)
    with pytest.raises(PermissionDenied):
        talent_links.selection_invite_pool(actor=p.supervisor.user, selection=selection)
    client.force_login(p.leader)
    assert client.get(reverse("careers:selection_pool", args=[selection.pk])).status_code in (
        403,
        404,
    )
    close_registration(selection)
    with pytest.raises(ValidationError):
        talent_links.selection_invite_pool(actor=p.admin, selection=selection)
    assert not PoolInvitation.objects.exists()


def test_the_pool_page_lists_and_invites(computed, client, django_assert_max_num_queries):
    p = computed.p
    selection = open_selection(p)
    client.force_login(p.admin)
    url = reverse("careers:selection_pool", args=[selection.pk])
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert [m.employee_id for m in response.context["invitees"]] == [p.supervisor.pk]
    client.post(url)
    response = client.get(url)
    assert [i.employee_id for i in response.context["invited"]] == [p.supervisor.pk]
    assert list(response.context["invitees"]) == []


def _score_all(w):
    values = {"written_test": "80", "competency_assessment": "70", "interview": "90"}
    for kind, value in values.items():
        stage = SelectionStage.objects.get(selection=w.selection, kind=kind)
        for user in w.panel_users:
            services.score_submit(actor=user, application=w.application, stage=stage, value=value)


def test_an_appointment_from_a_selection_is_recorded_against_the_succession_plan(computed, client):
    p = computed.p
    w = build_selection_world(p, scoring=True)
    named = successor_add(
        actor=p.admin, position=w.position, employee=p.supervisor, readiness="ready_now"
    )
    _score_all(w)
    services.ranking_propose(actor=p.admin, selection=w.selection)
    services.appointment_decide(
        actor=p.admin, application=w.application, position=w.position,
        decree_number="821/002/BKD/2026", effective_from=timezone.localdate(),
    )  # fmt: skip
    record = SuccessionAppointment.objects.get()
    assert (record.position_id, record.employee_id, record.successor_id) == (
        w.position.pk,
        p.supervisor.pk,
        named.pk,
    )
    assert record.readiness == "ready_now" and record.decree_number == "821/002/BKD/2026"
    named.refresh_from_db()
    assert not named.is_active and "821/002/BKD/2026" in named.ended_reason
    client.force_login(p.admin)
    html = client.get(reverse("talent:critical_detail", args=[w.position.pk])).content.decode()
    assert "succession-appointments" in html and "821/002/BKD/2026" in html
    assert not Successor.objects.filter(position=w.position, is_active=True).exists()


def test_an_appointment_to_a_critical_post_still_held_asks_for_the_incumbents_move_first(
    computed,
):
    p = computed.p
    w = build_selection_world(p, scoring=True)
    position_change(
        actor=p.admin, employee=p.head_b, position=w.position,
        effective_from=timezone.localdate() - dt.timedelta(days=30),
        decree_number="821/001/BKD/2026", reason="Mutasi.",
    )  # fmt: skip
    _score_all(w)
    services.ranking_propose(actor=p.admin, selection=w.selection)
    with pytest.raises(ValidationError) as exc:
        services.appointment_decide(
            actor=p.admin, application=w.application, position=w.position,
            decree_number="821/002/BKD/2026", effective_from=timezone.localdate(),
        )  # fmt: skip
    message = exc.value.message_dict["position"][0]
    assert p.head_b.name in message and "pensiun pejabat lama" in message
    p.supervisor.refresh_from_db()
    assert p.supervisor.position_id != w.position.pk
    assert not SuccessionAppointment.objects.exists()
    w.application.refresh_from_db()
    assert w.application.state == "proposed"


def test_completed_change_projects_are_facts_of_the_track_record(personas):
    p = personas
    _active, _milestone, done = build_projects(p)  # the employee completed "Layanan satu pintu"
    selection = open_selection(p)
    application = Application.objects.create(
        selection=selection, employee=p.employee, submitted_by=p.admin
    )
    facts = prefill_track_record(application).facts
    assert any("Layanan satu pintu" in f for f in facts)
    assert not any("Antrean daring" in f for f in facts)  # still running
    # a project completed after the selection closed does not count
    facts = talent_links.change_project_facts(p.employee.pk, on=done.completed_on)
    assert facts == []
    assert talent_links.change_project_facts(
        p.employee.pk, on=done.completed_on + dt.timedelta(days=1)
    )
