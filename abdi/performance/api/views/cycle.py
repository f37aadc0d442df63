"""The rest of the SKP cycle for an API-only client: the SKP list, the BerAKHLAK values and the
appraiser's expectations, the appraiser's work results a main RHK may support (the cascade),
activities with evidence, and realisations per period.

Thin adapters over performance.selectors, services and permissions, scoped as the pages: an SKP
outside the user's scope is a 404; a write the user may not make on a visible SKP a 403 (from the
service); bad input a 400 `{"errors": {field: [messages]}}`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from abdi.core.api import ApiViewMixin
from abdi.employees.permissions import employees_visible_to
from abdi.performance.api.serializers.cycle import (
    ActivityCreateSerializer,
    ActivitySerializer,
    BehaviourValueSerializer,
    CascadeWorkResultSerializer,
    ExpectationSerializer,
    ExpectationsSetSerializer,
    RealisationCreateSerializer,
    RealisationSerializer,
    SKPListSerializer,
)
from abdi.performance.api.serializers.planning import SKPCreateSerializer, SKPSerializer
from abdi.performance.api.views.planning import read_input, skp_response
from abdi.performance.choices import SKPStatus
from abdi.performance.models.planning import SKP
from abdi.performance.permissions import skps_visible_to
from abdi.performance.selectors import planning as planning_selectors
from abdi.performance.services import execution as execution_services
from abdi.performance.services import planning as planning_services

UPLOADS = [MultiPartParser, FormParser, JSONParser]


def skp_or_404(request, pk: int) -> SKP:
    """Owner first (one query among the user's own SKPs), then the scope (as the pages do)."""
    user = request.user
    if getattr(user, "is_authenticated", False) and user.pk is not None:
        own = (
            SKP.objects.select_related("performance_year", "employee")
            .filter(pk=pk, employee__user_id=user.pk)
            .first()
        )
        if own is not None:
            return own
    return get_object_or_404(
        skps_visible_to(request.user).select_related("performance_year"), pk=pk
    )


def _period(skp: SKP, code: str):
    period = planning_selectors.period_by_code(code) if code else None
    if period is None or period.performance_year_id != skp.performance_year_id:
        raise ValidationError(
            {"period": [_("Periode %(code)s tidak ada pada tahun SKP ini.") % {"code": code}]}
        )
    return period


class SKPListCreateView(ApiViewMixin, generics.ListAPIView):
    """GET: the SKPs the user may see (own, team, unit in scope), newest year first, paginated.
    POST: create the year's SKP of an employee (the employee, or an operator/admin in scope);
    the appraiser and the appraiser's superior come from the position tree."""

    serializer_class = SKPListSerializer
    filter_backends: list = []

    @extend_schema(
        operation_id="v1_skp_list",
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT),
            OpenApiParameter("status", OpenApiTypes.STR, enum=SKPStatus.values),
            OpenApiParameter("org_unit", OpenApiTypes.INT, description="Unit and its subtree"),
            OpenApiParameter("appraiser", OpenApiTypes.STR, description='"me" or an employee id'),
            OpenApiParameter("q", OpenApiTypes.STR, description="Name or NIP (its start)"),
            OpenApiParameter(
                "current", OpenApiTypes.BOOL, description="Leave out superseded versions"
            ),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        filters: dict = {"q": params.get("q", "")[:100]}
        for key in ("year", "org_unit"):
            value = params.get(key, "")
            filters[key] = int(value) if value.isdigit() and len(value) < 10 else None
            if value and filters[key] is None:
                return SKP.objects.none()
        if params.get("status") in SKPStatus.values:
            filters["status"] = params["status"]
        appraiser = params.get("appraiser", "")
        if appraiser == "me" or (appraiser.isdigit() and len(appraiser) < 10):
            filters["appraiser"] = appraiser
        filters["current"] = params.get("current", "").lower() in ("1", "true", "yes", "on")
        return planning_selectors.skp_list(self.request.user, filters)

    @extend_schema(
        operation_id="v1_skp_create", request=SKPCreateSerializer, responses={201: SKPSerializer}
    )
    def post(self, request):
        data = read_input(SKPCreateSerializer, request)
        employee = employees_visible_to(request.user).filter(nip=data["employee"]).first()
        if employee is None:
            raise ValidationError({"employee": [_("Pegawai dengan NIP ini tidak ditemukan.")]})
        skp = planning_services.skp_create(
            actor=request.user, employee=employee, year=data["year"], approach=data["approach"]
        )
        return skp_response(request, skp, status.HTTP_201_CREATED)


class BehaviourValueListView(ApiViewMixin, generics.ListAPIView):
    """The seven BerAKHLAK core values (ids for the expectations)."""

    serializer_class = BehaviourValueSerializer
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return planning_selectors.behaviour_values()


class SKPExpectationsView(ApiViewMixin, APIView):
    """GET: the appraiser's specific expectation per BerAKHLAK value of an SKP. PUT (the
    appraiser, while the SKP is not yet approved): set them; an empty text removes one."""

    @extend_schema(responses=ExpectationSerializer(many=True))
    def get(self, request, pk: int):
        skp = skp_or_404(request, pk)
        return Response(
            ExpectationSerializer(planning_selectors.skp_expectations(skp), many=True).data
        )

    @extend_schema(request=ExpectationsSetSerializer, responses=ExpectationSerializer(many=True))
    def put(self, request, pk: int):
        skp = skp_or_404(request, pk)
        rows = read_input(ExpectationsSetSerializer, request)["expectations"]
        planning_services.expectations_set(
            actor=request.user,
            skp=skp,
            expectations={row["behaviour_value"]: row["expectation"] for row in rows},
        )
        return Response(
            ExpectationSerializer(planning_selectors.skp_expectations(skp), many=True).data
        )


class SKPCascadeView(ApiViewMixin, generics.ListAPIView):
    """The work results of the appraiser's approved SKP of the same year: the RHK a main RHK of
    this SKP may support (`supports` when adding a work result). Empty until that SKP is
    approved."""

    serializer_class = CascadeWorkResultSerializer
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return planning_selectors.cascade_work_results(skp_or_404(self.request, self.kwargs["pk"]))


class SKPActivitiesView(ApiViewMixin, generics.ListAPIView):
    """GET: the activities logged on an SKP, newest first, paginated. POST (the owner, on the
    approved SKP): log an activity with its evidence — a file (multipart, `evidence`) and/or a
    link (`evidence_link`)."""

    serializer_class = ActivitySerializer
    parser_classes = UPLOADS
    filter_backends: list = []

    def get_queryset(self):
        return planning_selectors.skp_activities(skp_or_404(self.request, self.kwargs["pk"]))

    @extend_schema(
        request={
            "multipart/form-data": ActivityCreateSerializer,
            "application/json": ActivityCreateSerializer,
        },
        responses={201: ActivitySerializer},
    )
    def post(self, request, pk: int):
        skp = skp_or_404(request, pk)
        execution_services.require_activity_owner(request.user, skp)
        data = read_input(ActivityCreateSerializer, request)
        work_result = skp.work_results.filter(pk=data["work_result"]).first()
        if work_result is None:
            raise ValidationError({"work_result": [_("Pilih RHK dari SKP ini.")]})
        activity = execution_services.activity_log(
            actor=request.user,
            skp=skp,
            work_result=work_result,
            date=data["date"],
            description=data["description"],
            output=data["output"],
            evidence=data["evidence"],
            evidence_link=data["evidence_link"],
        )
        return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)


class SKPRealisationsView(ApiViewMixin, generics.ListAPIView):
    """GET: the realisations of an SKP's indicators (all periods, or `?period=`), paginated.
    POST (the owner, on the approved SKP, in a period not closed): create or update the
    realisation of one indicator for one period, with evidence as for activities."""

    serializer_class = RealisationSerializer
    parser_classes = UPLOADS
    filter_backends: list = []

    @extend_schema(parameters=[OpenApiParameter("period", OpenApiTypes.STR)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        skp = skp_or_404(self.request, self.kwargs["pk"])
        code = self.request.query_params.get("period", "")
        return planning_selectors.skp_realisations(skp, _period(skp, code) if code else None)

    @extend_schema(
        request={
            "multipart/form-data": RealisationCreateSerializer,
            "application/json": RealisationCreateSerializer,
        },
        responses={201: RealisationSerializer},
    )
    def post(self, request, pk: int):
        skp = skp_or_404(request, pk)
        execution_services.require_realisation_owner(request.user, skp)
        data = read_input(RealisationCreateSerializer, request)
        indicator = planning_selectors.skp_indicator(skp, data["indicator"])
        if indicator is None:
            raise ValidationError({"indicator": [_("Pilih indikator dari SKP ini.")]})
        realisation = execution_services.realisation_submit(
            actor=request.user,
            indicator=indicator,
            period=_period(skp, data["period"]),
            value=data["value"],
            description=data["description"],
            evidence=data["evidence"],
            evidence_link=data["evidence_link"],
            self_assessment=data["self_assessment"],
        )
        return Response(RealisationSerializer(realisation).data, status=status.HTTP_201_CREATED)
