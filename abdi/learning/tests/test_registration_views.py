"""Registration pages: what each role sees and can do, and bounded queries on every list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from abdi.learning.choices import RegistrationAction, RegistrationStatus, SessionApproval
from abdi.learning.models import Attendance, JpEntry, ReactionSurvey, Registration
from abdi.learning.services import registration as svc
from abdi.learning.testing import build_learning_world, make_session

S = RegistrationStatus


@pytest.fixture
def world(personas):
    return build_learning_world(personas)


@pytest.fixture
def today():
    return timezone.localdate()


def text(response) -> str:
    return response.content.decode()


def running(world, today, **extra):
    return make_session(
        world.programme,
        today=today,
        name="Berjalan",
        start_date=today - dt.timedelta(days=1),
        end_date=today + dt.timedelta(days=1),
        registration_opens=today - dt.timedelta(days=30),
        registration_closes=today - dt.timedelta(days=10),
        **extra,
    )


# ------------------------------------------------------------------ session page


@pytest.mark.django_db
def test_session_page_shows_own_status_steps_and_seats(personas, world, login):
    response = login(personas.employee.user).get(
        reverse("learning:session_detail", args=[world.session.pk])
    )
    assert response.status_code == 200
    body = text(response)
    assert "Menunggu persetujuan atasan" in body
    assert "Mendaftar" in body  # the step
    assert 'data-testid="register-form"' not in body
    assert response.context["session"].seats_left == 3
    assert response.context["can_cancel_own"]
    assert "Usulkan bawahan" not in body  # no subordinates


@pytest.mark.django_db
def test_session_page_offers_registration_and_plan_items(personas, world, login):
    world.plan.employee = personas.colleague
    world.plan.save()
    response = login(personas.colleague.user).get(
        reverse("learning:session_detail", args=[world.session.pk])
    )
    body = text(response)
    assert 'data-testid="register-form"' in body
    assert 'name="plan_item"' in body


@pytest.mark.django_db
def test_session_page_explains_why_one_cannot_register(personas, world, login, today):
    closed = make_session(
        world.programme, today=today, registration_closes=today - dt.timedelta(days=1)
    )
    body = text(
        login(personas.colleague.user).get(reverse("learning:session_detail", args=[closed.pk]))
    )
    assert 'data-testid="registration-problems"' in body and "sudah ditutup" in body
    assert 'data-testid="register-form"' not in body


@pytest.mark.django_db
def test_waitlisted_employee_sees_their_position(personas, world, login, today):
    session = make_session(world.programme, today=today, approval=SessionApproval.NONE, quota=1)
    for who in ("colleague", "outsider", "employee"):
        svc.registration_create(actor=personas.user(who), session=session)
    response = login(personas.employee.user).get(
        reverse("learning:session_detail", args=[session.pk])
    )
    assert response.context["waitlist_position"] == 2
    assert "Urutan 2 dari 2" in text(response)


@pytest.mark.django_db
def test_supervisor_nominates_only_subordinates(personas, world, login, today):
    client = login(personas.supervisor.user)
    page = client.get(reverse("learning:session_detail", args=[world.session.pk]))
    options = {e.nip for e in page.context["subordinates"]}
    assert options == {personas.employee.nip, personas.colleague.nip}
    url = reverse("learning:nominate", args=[world.session.pk])
    assert client.post(url, {"nip": personas.outsider.nip}).status_code == 404
    response = client.post(url, {"nip": personas.colleague.nip, "motivation": "Perlu"})
    assert response.status_code == 302
    reg = Registration.objects.get(session=world.session, employee=personas.colleague)
    assert reg.status == S.PENDING_BKPSDM and reg.nominated_by == personas.supervisor.user


@pytest.mark.django_db
def test_register_post_and_twice(personas, world, login):
    client = login(personas.colleague.user)
    url = reverse("learning:register", args=[world.session.pk])
    response = client.post(url, {"motivation": "Belajar"})
    reg = Registration.objects.get(session=world.session, employee=personas.colleague)
    assert response["Location"] == reverse("learning:registration_detail", args=[reg.pk])
    response = client.post(url, {"motivation": "Lagi"}, follow=True)
    assert "sudah terdaftar" in text(response)
    assert Registration.objects.filter(employee=personas.colleague).count() == 1


@pytest.mark.django_db
def test_register_refuses_someone_elses_plan_item(personas, world, login):
    response = login(personas.colleague.user).post(
        reverse("learning:register", args=[world.session.pk]),
        {"plan_item": world.plan_item.pk},
        follow=True,
    )
    assert not Registration.objects.filter(employee=personas.colleague).exists()
    assert response.status_code == 200


# ------------------------------------------------------------------ inboxes


@pytest.mark.django_db
def test_approvals_inbox_lists_subordinates_only_and_approves(
    personas, world, login, django_assert_max_num_queries
):
    svc.registration_create(actor=personas.colleague.user, session=world.session)
    other = make_session(world.programme, today=timezone.localdate(), name="B")
    svc.registration_create(actor=personas.outsider.user, session=other)
    client = login(personas.supervisor.user)
    with django_assert_max_num_queries(15):  # +1: the header's notification bell
        response = client.get(reverse("learning:approvals"))
    names = {r.employee.name for r in response.context["registrations"]}
    assert names == {personas.employee.name, personas.colleague.name}
    response = client.post(
        reverse("learning:registration_approve", args=[world.pending.pk]),
        {"next": reverse("learning:approvals")},
    )
    assert response["Location"] == reverse("learning:approvals")
    world.pending.refresh_from_db()
    assert world.pending.status == S.PENDING_BKPSDM


@pytest.mark.django_db
def test_approvals_inbox_queries_do_not_grow(personas, world, login, django_assert_max_num_queries):
    client = login(personas.supervisor.user)
    client.get(reverse("learning:approvals"))
    with django_assert_max_num_queries(15):  # +1: the header's notification bell
        small = client.get(reverse("learning:approvals"))
    for i in range(6):
        s = make_session(world.programme, today=timezone.localdate(), name=f"X{i}")
        Registration.objects.create(
            session=s, employee=personas.colleague, status=S.PENDING_SUPERVISOR
        )
    with django_assert_max_num_queries(15):  # +1: the header's notification bell
        big = client.get(reverse("learning:approvals"))
    assert len(big.context["registrations"]) == len(small.context["registrations"]) + 6


@pytest.mark.django_db
def test_approval_by_someone_not_the_superior(personas, world, login):
    url = reverse("learning:registration_approve", args=[world.pending.pk])
    assert login(personas.head_b.user).post(url).status_code == 404
    assert login(personas.employee.user).post(url).status_code == 403
    assert login(personas.admin).post(url).status_code == 403
    world.pending.refresh_from_db()
    assert world.pending.status == S.PENDING_SUPERVISOR


@pytest.mark.django_db
def test_reject_needs_a_reason(personas, world, login):
    client = login(personas.supervisor.user)
    url = reverse("learning:registration_reject", args=[world.pending.pk])
    response = client.post(url, {"reason": ""}, follow=True)
    assert "alasan" in text(response).lower()
    world.pending.refresh_from_db()
    assert world.pending.status == S.PENDING_SUPERVISOR
    client.post(url, {"reason": "Tugas lapangan"})
    world.pending.refresh_from_db()
    assert world.pending.status == S.REJECTED


@pytest.mark.django_db
def test_confirmations_queue_with_seats_left(personas, world, login, django_assert_max_num_queries):
    for who in ("colleague", "outsider", "head_b"):
        Registration.objects.create(
            session=world.session, employee=getattr(personas, who), status=S.PENDING_BKPSDM
        )
    second = make_session(world.programme, today=timezone.localdate(), name="B", quota=1)
    Registration.objects.create(session=second, employee=personas.colleague, status=S.CONFIRMED)
    Registration.objects.create(session=second, employee=personas.outsider, status=S.PENDING_BKPSDM)
    client = login(personas.admin)
    with django_assert_max_num_queries(13):  # +1: the header's notification bell
        response = client.get(reverse("learning:confirmations"))
    groups = {g.session.pk: g for g in response.context["groups"]}
    assert len(groups[world.session.pk].registrations) == 3
    assert groups[world.session.pk].session.seats_left == 3
    assert groups[second.pk].session.seats_left == 0
    assert "Ke daftar tunggu" in text(response)
    reg = groups[second.pk].registrations[0]
    client.post(reverse("learning:registration_confirm", args=[reg.pk]))
    reg.refresh_from_db()
    assert reg.status == S.WAITLISTED


@pytest.mark.django_db
def test_inboxes_are_refused_to_the_wrong_people(personas, world, login):
    assert login(personas.employee.user).get(reverse("learning:approvals")).status_code == 403
    assert login(personas.supervisor.user).get(reverse("learning:confirmations")).status_code == 403


@pytest.mark.django_db
def test_my_registrations(personas, world, login, django_assert_max_num_queries):
    client = login(personas.employee.user)
    with django_assert_max_num_queries(11):  # +1: the menu's selection-panel check
        response = client.get(reverse("learning:my_registrations"))
    assert {r.pk for r in response.context["registrations"]} == {
        world.pending.pk,
        world.completed.pk,
    }
    body = text(login(personas.nobody).get(reverse("learning:my_registrations")))
    assert "tidak terhubung" in body


# ------------------------------------------------------------------ one registration


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["outsider", "colleague", "operator", "nobody"])
def test_registration_out_of_scope_is_404(personas, world, login, who):
    url = reverse("learning:registration_detail", args=[world.pending.pk])
    assert login(personas.user(who)).get(url).status_code == 404


@pytest.mark.django_db
def test_registration_detail_actions_per_role(personas, world, login):
    url = reverse("learning:registration_detail", args=[world.pending.pk])
    supervisor = login(personas.supervisor.user).get(url).context
    assert supervisor["can_approve"] and supervisor["can_reject"] and supervisor["can_cancel"]
    leader = login(personas.leader).get(url).context
    assert not (leader["can_approve"] or leader["can_reject"] or leader["can_cancel"])


@pytest.mark.django_db
def test_cancel_a_seat_moves_the_waiting_list(personas, world, login, today):
    session = make_session(world.programme, today=today, approval=SessionApproval.NONE, quota=1)
    holder = svc.registration_create(actor=personas.colleague.user, session=session)
    waiting = svc.registration_create(actor=personas.employee.user, session=session)
    login(personas.colleague.user).post(
        reverse("learning:registration_cancel", args=[holder.pk]), {"reason": "Dinas luar"}
    )
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED
    assert waiting.steps.last().action == RegistrationAction.PROMOTED


# ------------------------------------------------------------------ roster


@pytest.mark.django_db
def test_roster_attendance_scores_and_completion(
    personas, world, login, today, django_assert_max_num_queries
):
    session = running(world, today, quota=5)
    regs = [
        Registration.objects.create(
            session=session, employee=e, status=S.CONFIRMED, confirmed_at=timezone.now()
        )
        for e in (personas.employee, personas.colleague, personas.outsider)
    ]
    Registration.objects.create(
        session=session, employee=personas.head_b, status=S.WAITLISTED,
        waitlisted_at=timezone.now(),
    )  # fmt: skip
    client = login(personas.admin)
    url = reverse("learning:session_roster", args=[session.pk])
    with django_assert_max_num_queries(14):
        response = client.get(url)
    roster = response.context["roster"]
    assert [r.pk for r in roster.participants] == sorted(
        [r.pk for r in regs], key=lambda pk: Registration.objects.get(pk=pk).employee.name
    )
    assert [r.employee for r in roster.waiting] == [personas.head_b]
    assert response.context["mark_day"] == today
    assert len(roster.days) == 3

    client.post(
        reverse("learning:attendance", args=[session.pk]),
        {
            "date": today.isoformat(),
            "registration": [r.pk for r in regs],
            "present": [regs[0].pk, regs[1].pk],
        },
    )
    marks = dict(Attendance.objects.filter(date=today).values_list("registration_id", "present"))
    assert marks == {regs[0].pk: True, regs[1].pk: True, regs[2].pk: False}

    client.post(
        reverse("learning:registration_scores", args=[regs[0].pk]),
        {"pre_test": "60", "post_test": "85"},
    )
    regs[0].refresh_from_db()
    assert regs[0].post_test_score == 85

    client.post(
        reverse("learning:registration_complete", args=[regs[0].pk]),
        {"passed": "1", "score": "90"},
    )
    client.post(reverse("learning:registration_complete", args=[regs[2].pk]), {"passed": "0"})
    regs[0].refresh_from_db()
    regs[2].refresh_from_db()
    assert (regs[0].status, regs[2].status) == (S.COMPLETED, S.NOT_COMPLETED)
    assert JpEntry.objects.filter(registration=regs[0]).exists()

    response = client.post(
        reverse("learning:registration_complete", args=[regs[1].pk]),
        {"passed": "1", "score": "120"},
        follow=True,
    )
    assert "0 dan 100" in text(response)
    regs[1].refresh_from_db()
    assert regs[1].status == S.CONFIRMED


@pytest.mark.django_db
def test_roster_queries_do_not_grow(personas, world, login, today, django_assert_max_num_queries):
    session = running(world, today, quota=10)
    client = login(personas.admin)
    url = reverse("learning:session_roster", args=[session.pk])
    client.get(url)
    for e in (personas.employee, personas.colleague, personas.outsider, personas.head_b):
        r = Registration.objects.create(session=session, employee=e, status=S.CONFIRMED)
        Attendance.objects.create(registration=r, date=session.start_date, present=True)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert len(response.context["roster"].participants) == 4


@pytest.mark.django_db
def test_roster_is_for_bkpsdm(personas, world, login):
    url = reverse("learning:session_roster", args=[world.session.pk])
    assert login(personas.supervisor.user).get(url).status_code == 403


# ------------------------------------------------------------------ reaction survey


@pytest.mark.django_db
def test_reaction_survey_page(personas, world, login):
    client = login(personas.employee.user)
    url = reverse("learning:reaction_survey", args=[world.completed.pk])
    assert client.get(url).context["can_answer"]
    bad = client.post(url, {"content": 9})
    assert bad.status_code == 400 and not ReactionSurvey.objects.exists()
    response = client.post(
        url,
        {"content": 5, "facilitator": 4, "organisation": 4, "usefulness": 5, "comment": "Oke"},
    )
    assert response.status_code == 302
    assert ReactionSurvey.objects.get().usefulness == 5
    again = client.get(url)
    assert not again.context["can_answer"] and "Terima kasih" in text(again)
    assert login(personas.supervisor.user).get(url).status_code == 403


@pytest.mark.django_db
def test_navigation_entries(personas, world, login):
    body = text(login(personas.supervisor.user).get(reverse("learning:my_registrations")))
    assert reverse("learning:approvals") in body and reverse("learning:my_registrations") in body
    assert reverse("learning:confirmations") not in body
    admin_body = text(login(personas.admin).get(reverse("learning:my_registrations")))
    assert reverse("learning:confirmations") in admin_body
    assert reverse("learning:approvals") not in admin_body


@pytest.mark.django_db
def test_bkpsdm_cancels_a_session_from_the_roster(personas, world, login):
    client = login(personas.admin)
    url = reverse("learning:session_cancel", args=[world.session.pk])
    client.post(url, {"reason": ""})
    world.session.refresh_from_db()
    assert not world.session.is_cancelled
    client.post(url, {"reason": "Narasumber berhalangan"})
    world.session.refresh_from_db()
    world.pending.refresh_from_db()
    assert world.session.is_cancelled and world.pending.status == S.CANCELLED
    assert login(personas.supervisor.user).post(url, {"reason": "x"}).status_code == 403
