"""Insights endpoints: the same selectors and permissions as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from abdi.core.api import ApiViewMixin
from abdi.core.services import require, today
from abdi.insights.api.serializers import (
    EmployeeIpAsnSerializer,
    IpAsnScoreSerializer,
    MeritAssessmentDetailSerializer,
    MeritAssessmentSerializer,
    PolicyProgrammeSerializer,
    ServiceScoreSerializer,
)
from abdi.insights.models import FollowUp, IpAsnScore, MeritAssessment, Programme, Recommendation
from abdi.insights.permissions import (
    can_view_insights,
    can_view_merit,
    default_unit,
    insight_unit_or_404,
    ip_asn_employee_or_404,
    ip_asn_scores_visible_to,
)
from abdi.insights.selectors import dashboard as dashboard_sel
from abdi.insights.selectors import ip_asn as sel
from abdi.insights.selectors import reports as report_sel
from abdi.insights.selectors import service_score as score_sel
from abdi.insights.selectors.ip_asn_inputs import points_table
from abdi.insights.selectors.merit import merit_result
from abdi.insights.selectors.programmes import can_view_programmes, programmes_visible_to
from abdi.insights.services.reports import report_table
from abdi.org.models import OrgUnit


def int_param(request, name: str) -> int | None:
    raw = request.query_params.get(name, "")
    if raw == "":
        return None
    if not raw.isdigit():
        raise ValidationError({name: ["Harus berupa angka."]})
    return int(raw)


class EmployeeIpAsnView(ApiViewMixin, APIView):
    """An employee's IP ASN per year (newest first) with what would raise it."""

    @extend_schema(responses=EmployeeIpAsnSerializer(many=True))
    def get(self, request, nip):
        employee = ip_asn_employee_or_404(request.user, nip)
        scores = list(
            IpAsnScore.objects.filter(employee=employee)
            .select_related("employee", "org_unit")
            .order_by("-year")
        )
        tables = {y: points_table(y) for y in {s.year for s in scores}}
        suggestions = {s.pk: sel.suggestions_for(s, tables[s.year]) for s in scores}
        data = EmployeeIpAsnSerializer(scores, many=True, context={"suggestions": suggestions}).data
        return Response(data)


class IpAsnListView(ApiViewMixin, generics.ListAPIView):
    """IP ASN scores of the employees the caller sees, lowest first; `year` (default the
    latest computed) and `unit` (a unit id: it and everything below)."""

    serializer_class = IpAsnScoreSerializer
    queryset = IpAsnScore.objects.none()  # for the schema; get_queryset scopes the rows

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, required=False),
            OpenApiParameter("unit", OpenApiTypes.INT, required=False),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        qs = ip_asn_scores_visible_to(self.request.user)
        year = int_param(self.request, "year")
        if year is None:
            years = sel.years_with_scores()
            year = years[0] if years else 0
        qs = qs.filter(year=year)
        unit_id = int_param(self.request, "unit")
        if unit_id is not None:
            user = self.request.user
            unit = (
                insight_unit_or_404(user, unit_id)
                if can_view_insights(user)
                else get_object_or_404(OrgUnit, pk=unit_id)
            )
            qs = sel.subtree_scores(qs, unit)
        return qs.select_related("employee", "org_unit").order_by("total", "employee__nip")


class InsightsSummaryView(ApiViewMixin, APIView):
    """The leadership dashboard's figures for a unit subtree and a year (`period`), as the
    page shows them: key figures and per section the rows behind the chart. Pimpinan and
    BKPSDM admins; a unit outside the caller's scope is a 404."""

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", OpenApiTypes.INT, required=False),
            OpenApiParameter("period", OpenApiTypes.INT, required=False, description="Tahun."),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        require(can_view_insights(request.user))
        unit_id = int_param(request, "unit")
        unit = (
            insight_unit_or_404(request.user, unit_id)
            if unit_id is not None
            else default_unit(request.user)
        )
        years = dashboard_sel.snapshot_years(unit) if unit else []
        period = int_param(request, "period")
        if period is None and years:
            period = years[0]
        snapshot = dashboard_sel.snapshot_for(unit, period) if unit and period else None
        if snapshot is None:
            return Response(
                {
                    "unit": unit.pk if unit else None,
                    "period": period,
                    "periods": years,
                    "computed_at": None,
                    "figures": None,
                    "sections": [],
                }
            )
        board = dashboard_sel.build(snapshot)
        return Response(
            {
                "unit": unit.pk,
                "unit_name": unit.name,
                "period": period,
                "periods": years,
                "computed_at": snapshot.computed_at,
                "figures": snapshot.data.get("figures", {}),
                "kpis": [{"label": k, "value": v, "link": link} for k, v, link in board.kpis],
                "sections": [
                    {
                        "key": s.key,
                        "title": s.title,
                        "headers": s.headers,
                        "rows": [
                            {"label": r.label, "values": r.values, "link": r.link} for r in s.rows
                        ],
                    }
                    for s in board.sections
                ],
            }
        )


class DukView(ApiViewMixin, generics.ListAPIView):
    """The DUK (seniority list) of a unit subtree (`unit`, default the caller's top unit), in
    the regulation's order, paginated; `number` is the place in the list. BKPSDM admins,
    pimpinan and operators over their units."""

    @extend_schema(
        parameters=[OpenApiParameter("unit", OpenApiTypes.INT, required=False)],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request, *args, **kwargs):
        require(report_sel.can_view_reports(request.user))
        units = report_sel.report_units(request.user)
        unit_id = int_param(request, "unit")
        unit = (
            get_object_or_404(units, pk=unit_id)
            if unit_id is not None
            else units.order_by("depth", "path").first()
        )
        headers, qs, _row = report_table("duk", request.user, unit, [])
        page = self.paginate_queryset(qs)
        start = self.paginator.page.start_index() if page else 1
        on = today()
        cols = report_sel.columns_for(report_sel.DUK_KEYS)
        data = [
            {"number": start + i, **{c.key: c.value(e, on) for c in cols}}
            for i, e in enumerate(page or [])
        ]
        return self.get_paginated_response(data)


# --- merit self-assessment ------------------------------------------------------------------


def _merit_payload(assessment, *, detail: bool) -> dict:
    result = merit_result(assessment)
    data = {
        "year": assessment.year,
        "status": assessment.status,
        "status_label": assessment.get_status_display(),
        "maturity": result.maturity,
        "engagement": result.engagement,
        "index": result.index,
        "level": result.level,
        "aspects": [
            {"code": a.code, "name": a.name, "weight": a.weight, "mean": m}
            for a, m in result.aspects
        ],
    }
    if detail:
        data["answers"] = list(assessment.answers.select_related("indicator__aspect"))
    return data


class MeritAssessmentListView(ApiViewMixin, APIView):
    """The merit self-assessments (newest first, at most 10) with their index, level and the
    mean per aspect. BKPSDM admins, auditors and pimpinan."""

    @extend_schema(responses=MeritAssessmentSerializer(many=True))
    def get(self, request):
        require(can_view_merit(request.user))
        rows = [_merit_payload(a, detail=False) for a in MeritAssessment.objects.all()[:10]]
        return Response(MeritAssessmentSerializer(rows, many=True).data)


class MeritAssessmentDetailView(ApiViewMixin, APIView):
    """One year's assessment with every indicator: Abdi's proposal and evidence, the score
    given and the reason when it differs."""

    @extend_schema(responses=MeritAssessmentDetailSerializer)
    def get(self, request, year):
        require(can_view_merit(request.user))
        assessment = get_object_or_404(MeritAssessment, year=year)
        return Response(
            MeritAssessmentDetailSerializer(_merit_payload(assessment, detail=True)).data
        )


# --- policy monitoring and evaluation -------------------------------------------------------


def _programmes(user):
    return (
        programmes_visible_to(user)
        .select_related("org_unit")
        .prefetch_related(
            "indicators__targets",
            "indicators__values",
            "budgets",
            "findings",
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related("owner").prefetch_related(
                    Prefetch("follow_ups", queryset=FollowUp.objects.order_by("at", "pk"))
                ),
            ),
        )
        .order_by("-start_year", "name", "pk")
    )


class ProgrammeListView(ApiViewMixin, generics.ListAPIView):
    """The programmes the caller sees with their indicators (targets and realisations per
    period), budget per period, findings and recommendations with their follow-up."""

    serializer_class = PolicyProgrammeSerializer
    queryset = Programme.objects.none()  # for the schema; get_queryset scopes the rows

    def get_queryset(self):
        require(can_view_programmes(self.request.user))
        return _programmes(self.request.user)


class ProgrammeDetailView(ApiViewMixin, generics.RetrieveAPIView):
    """One programme (out of the caller's scope: 404)."""

    serializer_class = PolicyProgrammeSerializer
    queryset = Programme.objects.none()

    def get_queryset(self):
        return _programmes(self.request.user)


# --- unit service score ---------------------------------------------------------------------


class ServiceScoreView(ApiViewMixin, APIView):
    """A unit's public-service composite for a year (`year`, default this year): each
    component on 0–100 with its weight and the data behind it; the unit and everything below
    it count. Pimpinan, BKPSDM and whoever sees the complaints scorecard, over their units."""

    @extend_schema(
        parameters=[OpenApiParameter("year", OpenApiTypes.INT, required=False)],
        responses=ServiceScoreSerializer,
    )
    def get(self, request, pk):
        require(score_sel.service_units_visible_to(request.user).exists())
        unit = score_sel.service_unit_or_404(request.user, pk)
        this_year = today().year
        year = int_param(request, "year")
        if year is None:
            year = this_year
        if not 2000 <= year <= this_year:
            raise ValidationError({"year": [f"Tahun harus antara 2000 dan {this_year}."]})
        return Response(ServiceScoreSerializer(score_sel.service_score(unit, year)).data)
