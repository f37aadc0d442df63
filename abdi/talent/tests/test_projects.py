import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from abdi.core.models import Notification
from abdi.talent.models import ChangeProject, Milestone
from abdi.talent.services import projects as services
from abdi.talent.testing import build_projects

pytestmark = pytest.mark.django_db


def register(p, **extra):
    return services.project_register(
        actor=p.employee.user, training="pkp", title="Antrean daring", summary="Ringkas.",
        coach="Dr. Coach", **extra,
    )  # fmt: skip


def test_the_mentor_is_the_superior_and_is_told(personas):
    project = register(personas)
    assert project.mentor == personas.supervisor
    assert project.steps.get().action == "registered"
    assert Notification.objects.filter(user=personas.supervisor.user).exists()


def test_registration_needs_title_and_coach_and_writes_nothing(personas):
    with pytest.raises(ValidationError) as exc:
        services.project_register(
            actor=personas.employee.user, training="pkp", title="", summary="x", coach=""
        )
    assert {"title", "coach"} <= set(exc.value.message_dict)
    assert not ChangeProject.objects.exists()


def test_only_the_mentor_confirms_a_milestone(personas):
    p = personas
    project = register(p)
    m = services.milestone_add(
        actor=p.employee.user,
        project=project,
        term="short",
        title="Uji",
        due_date=dt.date(2026, 1, 1),
    )
    assert ChangeProject.objects.get(pk=project.pk).state == "active"
    services.milestone_report(actor=p.employee.user, milestone=m, note="Sudah.")
    for someone in (p.employee.user, p.admin, p.head_a.user, p.colleague.user):
        with pytest.raises(PermissionDenied):
            services.milestone_confirm(actor=someone, milestone=m)
    assert Milestone.objects.get(pk=m.pk).confirmed_at is None
    services.milestone_confirm(actor=p.supervisor.user, milestone=m)
    assert Milestone.objects.get(pk=m.pk).confirmed_by == p.supervisor.user


def test_an_unreported_milestone_cannot_be_confirmed_nor_a_project_with_one_completed(personas):
    p = personas
    project = register(p)
    m = services.milestone_add(
        actor=p.employee.user,
        project=project,
        term="medium",
        title="Uji",
        due_date=dt.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError):
        services.milestone_confirm(actor=p.supervisor.user, milestone=m)
    with pytest.raises(ValidationError):
        services.project_close(actor=p.admin, project=project, completed=True)
    with pytest.raises(ValidationError):
        services.project_close(actor=p.admin, project=project, completed=False, note="")


def test_overdue_milestones_remind_participant_and_mentor_once_a_week(personas):
    p = personas
    project = register(p)
    services.milestone_add(
        actor=p.employee.user,
        project=project,
        term="short",
        title="Uji",
        due_date=dt.date(2026, 1, 1),
    )
    Notification.objects.all().delete()
    assert services.milestones_remind_overdue(today=dt.date(2026, 1, 10)) == 1
    assert set(Notification.objects.values_list("user", flat=True)) == {
        p.employee.user.pk,
        p.supervisor.user.pk,
    }
    assert services.milestones_remind_overdue(today=dt.date(2026, 1, 12)) == 0
    assert services.milestones_remind_overdue(today=dt.date(2026, 1, 17)) == 1


def test_gallery_shows_only_published_completed_projects_without_personal_data(client, personas):
    active, _m, done = build_projects(personas)
    response = client.get(reverse("talent:gallery"))
    assert response.status_code == 200
    assert [p.pk for p in response.context["page_obj"]] == [done.pk]
    assert personas.employee.name not in response.content.decode()
    assert client.get(reverse("talent:gallery_detail", args=[active.pk])).status_code == 404
    with pytest.raises(ValidationError):
        services.project_publish(
            actor=personas.admin, project=active, publish=True, public_summary="x"
        )
