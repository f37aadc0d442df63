"""The careers, talent and insights work in "Tugas saya": panel scoring due, objections to
answer, transfers at the user's approval step, proposals to process, mentor confirmations,
milestones due and the merit self-assessment — each within its query budget, each counted as
the app's own pages count it, each disappearing once done."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from abdi.careers import services as career_services
from abdi.careers.models import Objection
from abdi.careers.selectors.home import careers_work
from abdi.careers.services import selection as selection_services
from abdi.careers.testing_proposals import build_careers_world
from abdi.careers.testing_selection import build_selection_world
from abdi.insights.models import MeritAssessment
from abdi.insights.selectors.home import merit_work
from abdi.talent.selectors.home import talent_work
from abdi.talent.services import projects as project_services
from abdi.talent.testing import build_projects
from config.home import all_work

pytestmark = pytest.mark.django_db


def by_key(items):
    return {i.key: i for i in items}


def test_panel_member_sees_the_applicants_still_to_score(personas, django_assert_max_num_queries):
    world = build_selection_world(personas, scoring=True)
    member = world.panel_users[0]
    today = timezone.localdate()
    with django_assert_max_num_queries(4):
        items = by_key(careers_work(member, today=today, detail=True))
    scores = items["selection_scores"]
    assert scores.count == 1
    stage = world.selection.current_stage
    assert scores.entries[0].title == personas.supervisor.full_name
    assert scores.entries[0].url == reverse("careers:score", args=[world.application.pk, stage.pk])
    # Another member's score does not take it off this member's list; their own does.
    selection_services.score_submit(
        actor=world.panel_users[1], application=world.application, stage=stage, value=80
    )
    assert by_key(careers_work(member, today=today))["selection_scores"].count == 1
    selection_services.score_submit(
        actor=member, application=world.application, stage=stage, value=75
    )
    assert by_key(careers_work(member, today=today))["selection_scores"].count == 0
    # A member who declared a conflict of interest has nothing to score.
    selection_services.conflict_declare(
        actor=world.panel_users[2], application=world.application, reason="Saudara kandung."
    )
    assert by_key(careers_work(world.panel_users[2], today=today))["selection_scores"].count == 0
    # Not on the panel: no card, a query or two.
    with django_assert_max_num_queries(2):
        assert "selection_scores" not in by_key(careers_work(personas.colleague.user, today=today))


def test_bkpsdm_answers_objections_and_processes_proposals(personas):
    world = build_selection_world(personas)
    Objection.objects.create(
        application=world.application,
        reason="Berkas saya lengkap.",
        filed_by=personas.supervisor.user,
    )
    careers = build_careers_world(personas)
    items = by_key(careers_work(personas.admin, today=timezone.localdate(), detail=True))
    assert items["selection_objections"].count == 1
    assert items["selection_objections"].entries[0].url == reverse(
        "careers:application_detail", args=[world.application.pk]
    )
    assert items["proposals"].count == 1
    assert items["proposals"].entries[0].title == personas.employee.full_name
    # BKPSDM: the approved transfer's decree to record; the fresh one waits for the operator,
    # but BKPSDM may take every step too.
    assert items["transfers"].count == 2
    # The operator proposes but does not verify: no proposals card, no objections card.
    operator = by_key(careers_work(personas.operator, today=timezone.localdate(), detail=True))
    assert "proposals" not in operator and "selection_objections" not in operator
    # The operator of the home unit approves the fresh request (home step) only.
    assert operator["transfers"].count == 1
    assert operator["transfers"].entries[0].url == reverse(
        "careers:transfer_detail", args=[careers.transfer.pk]
    )
    career_services.transfer_decide(actor=personas.operator, request=careers.transfer, approve=True)
    # Now it waits for the receiving unit (unit B), outside this operator's OPD.
    assert (
        by_key(careers_work(personas.operator, today=timezone.localdate()))["transfers"].count == 0
    )
    # The employee who asked has nothing to decide.
    assert careers_work(personas.employee.user, today=timezone.localdate()) == []


def test_mentor_confirms_and_participant_reports_milestones(
    personas, django_assert_max_num_queries
):
    project, milestone, _done = build_projects(personas)
    today = dt.date(2026, 2, 20)  # the milestone is due on 1 March: within two weeks
    with django_assert_max_num_queries(6):
        mine = by_key(talent_work(personas.employee.user, today=today, detail=True))
    assert mine["milestones_due"].count == 1 and mine["milestones_due"].overdue == 0
    assert mine["milestones_due"].entries[0].title == "Uji coba"
    late = by_key(talent_work(personas.employee.user, today=dt.date(2026, 3, 5)))
    assert late["milestones_due"].overdue == 1
    assert (
        by_key(talent_work(personas.supervisor.user, today=today))["mentor_confirmations"].count
        == 0
    )
    project_services.milestone_report(
        actor=personas.employee.user, milestone=milestone, note="Sudah diuji."
    )
    mentor = by_key(talent_work(personas.supervisor.user, today=today, detail=True))
    assert mentor["mentor_confirmations"].count == 1
    assert mentor["mentor_confirmations"].entries[0].title == personas.employee.full_name
    assert by_key(talent_work(personas.employee.user, today=today))["milestones_due"].count == 0
    project_services.milestone_confirm(actor=personas.supervisor.user, milestone=milestone)
    assert (
        by_key(talent_work(personas.supervisor.user, today=today))["mentor_confirmations"].count
        == 0
    )
    assert talent_work(personas.admin, today=today) == []  # no employee record


def test_merit_self_assessment_waits_for_the_auditor(personas, django_assert_max_num_queries):
    today = timezone.localdate()
    assessment = MeritAssessment.objects.create(year=today.year)
    with django_assert_max_num_queries(3):
        admin = by_key(merit_work(personas.admin, today=today, detail=True))
    assert admin["merit"].count == 1
    assert admin["merit"].entries[0].url == reverse("insights:merit_detail", args=[today.year])
    assert by_key(merit_work(personas.auditor, today=today))["merit"].count == 0
    MeritAssessment.objects.filter(pk=assessment.pk).update(status="submitted")
    assert by_key(merit_work(personas.auditor, today=today))["merit"].count == 1
    assert by_key(merit_work(personas.admin, today=today))["merit"].count == 0
    assert merit_work(personas.employee.user, today=today) == []


def test_tasks_page_lists_the_later_apps_work(personas, login):
    build_careers_world(personas)
    work = by_key(all_work(personas.admin, today=timezone.localdate(), detail=True))
    assert {"proposals", "transfers"} <= set(work)
    page = login(personas.admin).get(reverse("tasks")).content.decode()
    assert "Usulan kepegawaian menunggu proses BKPSDM" in page
    assert "Permohonan pindah menunggu keputusan Anda" in page
    assert work["proposals"].entries[0].url in page
