"""Performance endpoints: thin adapters over the services, permissions and selectors that the
pages use. An SKP, work result or unit outside the user's scope is a 404; an action the user may
not take on a visible record a 403; bad input a 400 `{"errors": {field: [messages]}}`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from abdi.core.api import ApiViewMixin
from abdi.org.models import OrgUnit
from abdi.performance.api.serializers.planning import (
    DistributionSerializer,
    EvaluationCreateSerializer,
    EvaluationSerializer,
    IndicatorCreateSerializer,
    IndicatorSerializer,
    SKPSerializer,
    TransitionSerializer,
    WorkResultCreateSerializer,
    WorkResultSerializer,
)
from abdi.performance.models.planning import SKP
from abdi.performance.permissions import skps_visible_to
from abdi.performance.selectors import monitoring as monitoring_selectors
from abdi.performance.selectors import planning as planning_selectors
from abdi.performance.selectors import team as team_selectors
from abdi.performance.services import evaluation as evaluation_services
from abdi.performance.services import planning as planning_services


def skp_response(request, skp: SKP, status_code: int = status.HTTP_200_OK) -> Response:
    skp = planning_selectors.skp_api_queryset(request.user).get(pk=skp.pk)
    return Response(SKPSerializer(skp).data, status=status_code)


def read_input(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class SKPDetailView(ApiViewMixin, APIView):
    """An SKP with its work results and indicators."""

    @extend_schema(responses=SKPSerializer)
    def get(self, request, pk: int):
        skp = get_object_or_404(planning_selectors.skp_api_queryset(request.user), pk=pk)
        return Response(SKPSerializer(skp).data)


class WorkResultCreateView(ApiViewMixin, APIView):
    """Add a work result (RHK). A main RHK supports an RHK of the appraiser's approved SKP."""

    @extend_schema(request=WorkResultCreateSerializer, responses={201: WorkResultSerializer})
    def post(self, request, pk: int):
        skp = get_object_or_404(skps_visible_to(request.user), pk=pk)
        planning_services.require_owner(request.user, skp)
        data = read_input(WorkResultCreateSerializer, request)
        supports = None
        if data["supports"] is not None:
            supports = planning_selectors.work_result_with_skp(data["supports"])
            if supports is None:
                raise ValidationError({"supports": [_("RHK atasan tidak ditemukan.")]})
        result = planning_services.work_result_add(
            actor=request.user,
            skp=skp,
            title=data["title"],
            kind=data["kind"],
            supports=supports,
        )
        result = planning_selectors.work_result_with_indicators(result.pk)
        return Response(WorkResultSerializer(result).data, status=status.HTTP_201_CREATED)


class IndicatorCreateView(ApiViewMixin, APIView):
    """Add an indicator with its target (a number and unit, or a described result)."""

    @extend_schema(request=IndicatorCreateSerializer, responses={201: IndicatorSerializer})
    def post(self, request, pk: int):
        result = get_object_or_404(planning_selectors.work_results_visible_to(request.user), pk=pk)
        planning_services.require_owner(request.user, result.skp)
        data = read_input(IndicatorCreateSerializer, request)
        indicator = planning_services.indicator_add(actor=request.user, work_result=result, **data)
        return Response(
            IndicatorSerializer(planning_selectors.indicator(indicator.pk)).data,
            status=status.HTTP_201_CREATED,
        )


TRANSITIONS = ("submit", "approve", "return")


class SKPTransitionView(ApiViewMixin, APIView):
    """submit (the owner), approve or return with a note (the appraiser, never the owner)."""

    @extend_schema(
        operation_id="v1_skp_transition",
        parameters=[
            OpenApiParameter(
                "action", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(TRANSITIONS)
            )
        ],
        request=TransitionSerializer,
        responses=SKPSerializer,
    )
    def post(self, request, pk: int, action: str):
        if action not in TRANSITIONS:
            raise Http404
        skp = get_object_or_404(skps_visible_to(request.user), pk=pk)
        note = read_input(TransitionSerializer, request)["note"]
        if action == "submit":
            skp = planning_services.skp_submit(actor=request.user, skp=skp)
        elif action == "approve":
            skp = planning_services.skp_approve(actor=request.user, skp=skp, note=note)
        else:
            skp = planning_services.skp_return(actor=request.user, skp=skp, note=note)
        return skp_response(request, skp)


class EvaluationCreateView(ApiViewMixin, APIView):
    """Rate an SKP for a period (the appraiser only); the predikat follows from the matrix."""

    @extend_schema(request=EvaluationCreateSerializer, responses={201: EvaluationSerializer})
    def post(self, request, pk: int):
        skp = get_object_or_404(skps_visible_to(request.user), pk=pk)
        evaluation_services.require_appraiser(request.user, skp)
        data = read_input(EvaluationCreateSerializer, request)
        period = planning_selectors.period_by_code(data["period"])
        if period is None or period.performance_year_id != skp.performance_year_id:
            raise ValidationError(
                {
                    "period": [
                        _("Periode %(code)s tidak ada pada tahun SKP ini.")
                        % {"code": data["period"]}
                    ]
                }
            )
        evaluation = evaluation_services.evaluation_create(
            actor=request.user,
            skp=skp,
            period=period,
            work_result_rating=data["work_result_rating"],
            behaviour_rating=data["behaviour_rating"],
            notes=data["notes"],
        )
        evaluation = planning_selectors.evaluation_with_evaluator(evaluation.pk)
        return Response(EvaluationSerializer(evaluation).data, status=status.HTTP_201_CREATED)


class PredikatDistributionView(ApiViewMixin, APIView):
    """The predikat distribution of a unit (and its sub-units) for a period against the limits
    of the unit's organisational predikat (its own, else the nearest parent's). Violations are
    shown, never blocking."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "period",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                required=True,
                description='Kode periode: "2026", "2026-Q1", "2026-03", "2026-S1".',
            )
        ],
        responses=DistributionSerializer,
    )
    def get(self, request, pk: int):
        unit = get_object_or_404(OrgUnit, pk=pk)
        if not team_selectors.can_view_distribution(request.user, unit):
            raise PermissionDenied
        code = request.query_params.get("period", "")
        period = planning_selectors.period_by_code(code) if code else None
        if period is None:
            raise ValidationError(
                {"period": [_("Pilih periode yang ada, mis. 2026 atau 2026-Q1.")]}
            )
        d = monitoring_selectors.predikat_distribution(unit=unit, period=period)
        limits = [{**row, "predikats": row["predikats"]} for row in d.limit_rows]
        org = d.org_predikat
        body = {
            "unit": {"id": unit.pk, "name": unit.name},
            "period": period.code,
            "total": d.total,
            "counts": d.counts,
            "shares": d.shares,
            "org_predikat": org.predikat if org else None,
            "org_predikat_unit": {"id": org.org_unit_id, "name": org.org_unit.name}
            if org
            else None,
            "rounding": d.rounding,
            "limits": limits,
            "violations": [row for row in limits if row["violated"]],
        }
        return Response(DistributionSerializer(body).data)
