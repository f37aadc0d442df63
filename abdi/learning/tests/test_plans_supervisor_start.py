"""A supervisor starts a development plan for a subordinate: the service's rules (who, which
year, the employee told once), the team page's button, the employee's plan page and the 404s."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from abdi.core.models import Notification
from abdi.learning.choices import PlanStatus
from abdi.learning.models import DevelopmentPlan
from abdi.learning.selectors import plans as selectors_plans
from abdi.learning.services import plans as svc

YEAR = timezone.localdate().year
TEAM = reverse("learning:team_plans")


def start_url(employee):
    return reverse("learning:plan_start_for", args=[employee.nip])


def page_url(employee, year=YEAR):
    return f"{reverse('learning:employee_plan', args=[employee.nip])}?year={year}"


# --- service -------------------------------------------------------------------------------


def test_supervisor_starts_a_draft_and_the_employee_is_told_once(personas):
    p = personas
    plan = svc.plan_start(actor=p.supervisor.user, employee=p.employee, year=YEAR)
    assert plan.status == PlanStatus.DRAFT and plan.employee == p.employee and plan.year == YEAR
    told = Notification.objects.get(user=p.employee.user, verb="idp_started")
    assert p.supervisor.name in told.message and str(YEAR) in told.message
    assert told.url == reverse("learning:plan_detail", args=[plan.pk])
    # a second start returns the same plan and tells nobody again
    again = svc.plan_start(actor=p.supervisor.user, employee=p.employee, year=YEAR)
    assert again.pk == plan.pk
    assert Notification.objects.filter(verb="idp_started").count() == 1


def test_the_employee_starting_their_own_plan_notifies_nobody(personas):
    svc.plan_start(actor=personas.employee.user, employee=personas.employee, year=YEAR)
    assert not Notification.objects.filter(verb="idp_started").exists()


def test_a_colleague_or_an_operator_may_not_start_it(personas):
    for actor in (personas.colleague.user, personas.operator, personas.outsider.user):
        with pytest.raises(PermissionDenied):
            svc.plan_start(actor=actor, employee=personas.employee, year=YEAR)
    assert not DevelopmentPlan.objects.exists()
    assert not Notification.objects.filter(verb="idp_started").exists()


def test_only_this_year_or_the_next(personas):
    with pytest.raises(ValidationError):
        svc.plan_start(actor=personas.supervisor.user, employee=personas.employee, year=YEAR - 1)
    assert not DevelopmentPlan.objects.exists()
    plan = svc.plan_start(actor=personas.supervisor.user, employee=personas.employee, year=YEAR + 1)
    assert plan.year == YEAR + 1


# --- selectors -----------------------------------------------------------------------------


def test_subordinates_and_their_plans(personas):
    p = personas
    mine = DevelopmentPlan.objects.create(employee=p.employee, year=YEAR)
    theirs = DevelopmentPlan.objects.create(employee=p.outsider, year=YEAR)
    team = set(selectors_plans.subordinates(p.supervisor.user))
    assert {p.employee, p.colleague} <= team and p.outsider not in team
    assert set(selectors_plans.subordinate_plans(p.supervisor.user)) == {mine}
    assert set(selectors_plans.subordinate_plans(p.head_b.user)) == {theirs}  # the other OPD
    assert not selectors_plans.subordinates(p.employee.user).exists()
    assert not selectors_plans.subordinates(p.operator).exists()


# --- pages ---------------------------------------------------------------------------------


def test_team_page_offers_the_button_and_it_starts_the_plan(personas, login):
    p = personas
    client = login(p.supervisor.user)
    page = client.get(TEAM).content.decode()
    assert start_url(p.employee) in page and "Susun rencana" in page
    response = client.post(start_url(p.employee), {"year": YEAR, "next": "team"})
    plan = DevelopmentPlan.objects.get(employee=p.employee, year=YEAR)
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:plan_detail", args=[plan.pk])
    assert Notification.objects.filter(user=p.employee.user, verb="idp_started").exists()
    page = client.get(response["Location"]).content.decode()
    assert "dibuat dan pegawai diberi tahu" in page and "Usulkan dari kesenjangan" in page
    # the row now links to the plan; the button is gone for this employee only
    page = client.get(TEAM).content.decode()
    assert start_url(p.employee) not in page and start_url(p.colleague) in page


def test_no_button_for_a_past_year_and_a_forged_post_is_refused(personas, login):
    p = personas
    client = login(p.supervisor.user)
    page = client.get(f"{TEAM}?year={YEAR - 1}").content.decode()
    assert "Susun rencana" not in page
    response = client.post(start_url(p.employee), {"year": YEAR - 1, "next": "team"}, follow=True)
    assert "hanya dapat dibuat untuk tahun" in response.content.decode()
    response = client.post(start_url(p.employee), {"year": "abc"}, follow=True)
    assert "hanya dapat dibuat untuk tahun" in response.content.decode()
    assert not DevelopmentPlan.objects.exists()


def test_starting_twice_leads_to_the_existing_plan(personas, login):
    plan = DevelopmentPlan.objects.create(employee=personas.employee, year=YEAR)
    client = login(personas.supervisor.user)
    response = client.post(start_url(personas.employee), {"year": YEAR}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("learning:plan_detail", args=[plan.pk])
    assert "sudah memiliki rencana" in response.content.decode()
    assert DevelopmentPlan.objects.count() == 1
    assert not Notification.objects.filter(verb="idp_started").exists()


@pytest.mark.parametrize("who", ["colleague", "outsider", "operator", "admin", "leader"])
def test_anyone_but_a_superior_gets_404_and_nothing_is_written(personas, login, who):
    response = login(personas.user(who)).post(start_url(personas.employee), {"year": YEAR})
    assert response.status_code == 404
    assert not DevelopmentPlan.objects.exists()


def test_employee_plan_page_for_the_supervisor_and_read_only_viewers(personas, login):
    p = personas
    page = login(p.supervisor.user).get(page_url(p.employee)).content.decode()
    assert "Belum ada rencana untuk" in page and start_url(p.employee) in page
    # next year is offered too; an earlier year without a plan has no button
    assert f"?year={YEAR + 1}" in page
    page = login(p.supervisor.user).get(page_url(p.employee, YEAR - 3)).content.decode()
    assert f"Belum ada rencana untuk {YEAR}" in page  # an unknown year falls back to this one
    page = login(p.operator).get(page_url(p.employee)).content.decode()
    assert "Belum ada rencana untuk" in page and start_url(p.employee) not in page
    assert login(p.outsider.user).get(page_url(p.employee)).status_code == 404
    assert login(p.colleague.user).get(page_url(p.employee)).status_code == 404


def test_employee_plan_page_leads_to_the_plan_or_to_my_plan(personas, login):
    p = personas
    plan = DevelopmentPlan.objects.create(employee=p.employee, year=YEAR)
    response = login(p.supervisor.user).get(page_url(p.employee))
    assert response["Location"] == reverse("learning:plan_detail", args=[plan.pk])
    response = login(p.employee.user).get(page_url(p.employee, YEAR + 1))
    assert response["Location"] == f"{reverse('learning:my_plan')}?year={YEAR + 1}"
    # the plan page links back to the employee's other years
    page = login(p.supervisor.user).get(reverse("learning:plan_detail", args=[plan.pk]))
    assert page_url(p.employee, YEAR + 1).replace("&", "&amp;") in page.content.decode()
