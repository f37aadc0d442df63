"""Talent endpoints: the same selectors and permissions as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from abdi.core.api import ApiViewMixin
from abdi.org.models import OrgUnit
from abdi.talent.api.serializers import (
    ChangeProjectSerializer,
    CriticalPositionSerializer,
    EmployeeTalentSerializer,
    PlacementSerializer,
)
from abdi.talent.models import Successor, SuccessorAction, TalentPlacement
from abdi.talent.permissions import (
    can_see_box,
    can_view_talent_map,
    can_view_unit_map,
    placements_visible_to,
    projects_visible_to,
    talent_employees_visible_to,
)
from abdi.talent.selectors import succession as succession_selectors
from abdi.talent.selectors.reference import talent_setting


class PlacementListView(ApiViewMixin, generics.ListAPIView):
    """Placements of a year on the caller's talent map; filters year, unit (id), box, level."""

    serializer_class = PlacementSerializer
    queryset = TalentPlacement.objects.none()  # for the schema; get_queryset scopes the rows

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT),
            OpenApiParameter("unit", OpenApiTypes.INT),
            OpenApiParameter("box", OpenApiTypes.INT),
            OpenApiParameter("level", OpenApiTypes.STR),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        user = self.request.user
        if not can_view_talent_map(user):
            raise PermissionDenied
        params = self.request.query_params
        qs = placements_visible_to(user).select_related("employee")
        year = params.get("year", "")
        if year.isdigit():
            qs = qs.filter(year=int(year))
        unit = params.get("unit", "")
        if unit.isdigit():
            unit_obj = get_object_or_404(OrgUnit, pk=unit)
            if not can_view_unit_map(user, unit_obj):
                return qs.none()
            qs = qs.filter(unit_path__startswith=unit_obj.path)
        box = params.get("box", "")
        if box.isdigit():
            qs = qs.filter(box=int(box))
        if params.get("level"):
            qs = qs.filter(level=params["level"])
        return qs.order_by("year", "name", "employee_id")


class EmployeeTalentView(ApiViewMixin, APIView):
    """An employee's placements (when the caller may see the box) and development actions."""

    @extend_schema(responses=EmployeeTalentSerializer)
    def get(self, request, nip):
        employee = get_object_or_404(
            talent_employees_visible_to(request.user).select_related("org_unit"), nip=nip
        )
        visible = can_see_box(
            request.user, employee, show_to_employee=talent_setting().show_box_to_employee
        )
        placements = (
            TalentPlacement.objects.filter(employee=employee)
            .select_related("employee")
            .order_by("-year")
            if visible
            else TalentPlacement.objects.none()
        )
        actions = SuccessorAction.objects.filter(
            successor__employee=employee, successor__is_active=True
        ).select_related("programme", "competency", "successor__position")
        data = {
            "nip": employee.nip,
            "box_visible": visible,
            "placements": placements,
            "development_actions": actions,
        }
        return Response(EmployeeTalentSerializer(data).data)


class CriticalPositionListView(ApiViewMixin, generics.GenericAPIView):
    """Critical positions with bench strength, risk and their active successors."""

    serializer_class = CriticalPositionSerializer

    def get_queryset(self):
        if not succession_selectors.can_view_succession(self.request.user):
            raise PermissionDenied
        active = Successor.objects.filter(is_active=True).select_related("employee__org_unit")
        return (
            succession_selectors.critical_positions_visible_to(self.request.user)
            .select_related("org_unit")
            .prefetch_related(Prefetch("successors", queryset=active, to_attr="active_successors"))
            .order_by("org_unit__path", "name", "pk")
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        show = talent_setting().show_box_to_employee
        user = self.request.user
        context["talent_visible"] = lambda employee: succession_selectors.successor_talent_visible(
            user, employee, show_to_employee=show
        )
        return context

    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        rows = succession_selectors.bench(page)
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)


class ChangeProjectListView(ApiViewMixin, generics.ListAPIView):
    """Change projects the caller may see (as the register), with milestones; filter state."""

    serializer_class = ChangeProjectSerializer

    def get_queryset(self):
        qs = (
            projects_visible_to(self.request.user)
            .select_related("participant", "mentor", "org_unit")
            .prefetch_related("milestones")
            .order_by("-created_at", "-pk")
        )
        state = self.request.query_params.get("state", "")
        return qs.filter(state=state) if state else qs
