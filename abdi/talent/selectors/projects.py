"""Reads of change projects: the register by state, the public gallery, a project's service
figures before and after (IKM through feedback's selectors, complaints counted)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from abdi.accounts.models import User
from abdi.feedback.models import Complaint, SatisfactionSurvey
from abdi.feedback.selectors.surveys import survey_trend
from abdi.talent.choices import ProjectState
from abdi.talent.models import ChangeProject
from abdi.talent.permissions import projects_visible_to


def project_register(user: User, *, state: str = "") -> QuerySet[ChangeProject]:
    qs = projects_visible_to(user).select_related("participant", "mentor", "org_unit")
    if state in ProjectState.values:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at", "-pk")


def register_counts(user: User) -> dict[str, int]:
    return dict(projects_visible_to(user).order_by().values_list("state").annotate(n=Count("pk")))


def gallery() -> QuerySet[ChangeProject]:
    """Completed projects the agency published: titles, units and the public summary only."""
    return (
        ChangeProject.objects.filter(state=ProjectState.COMPLETED, is_published=True)
        .select_related("org_unit", "service")
        .only("pk", "title", "public_summary", "training", "completed_on", "org_unit__name",
              "service__name")
        .order_by("-completed_on", "-pk")
    )  # fmt: skip


@dataclass
class ServiceFigures:
    ikm_before: object
    ikm_after: object
    complaints_before: int
    complaints_after: int


def service_figures(project: ChangeProject, *, user: User) -> ServiceFigures | None:
    """The named service's IKM (latest survey period ending before the project started, and
    the latest one after) and complaints in the year before and since the start."""
    if project.service_id is None or project.started_on is None:
        return None
    start = project.started_on
    survey = SatisfactionSurvey.objects.filter(service_id=project.service_id).first()
    trend = survey_trend(survey, user=user) if survey else []
    before = [p for p in trend if p.period_end < start]
    after = [p for p in trend if p.period_start >= start]
    complaints = Complaint.objects.filter(service_id=project.service_id)
    year_before = start.replace(year=start.year - 1)
    return ServiceFigures(
        ikm_before=before[-1].ikm_100 if before else None,
        ikm_after=after[-1].ikm_100 if after else None,
        complaints_before=complaints.filter(
            created_at__date__gte=year_before, created_at__date__lt=start
        ).count(),
        complaints_after=complaints.filter(created_at__date__gte=start).count(),
    )


def completed_projects_of(
    employee_id: int, *, before: dt.date | None = None
) -> QuerySet[ChangeProject]:
    """The participant's completed change projects (completed before a date, when given): what
    careers counts in an applicant's track record. Not scoped: the caller scopes its users."""
    qs = ChangeProject.objects.filter(participant_id=employee_id, state=ProjectState.COMPLETED)
    if before is not None:
        qs = qs.filter(completed_on__lt=before)
    return qs.order_by("completed_on", "pk")
