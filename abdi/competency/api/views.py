"""Competency endpoints: the same selectors, services and permissions as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from abdi.competency import selectors, services
from abdi.competency.api.serializers import (
    CompetencyGapsSerializer,
    CompetencySerializer,
    PositionStandardSerializer,
    PositionStandardWriteSerializer,
)
from abdi.competency.models import Competency
from abdi.competency.permissions import gap_employee_or_404
from abdi.core.api import ApiViewMixin
from abdi.org.models import Position


class CompetencyListView(ApiViewMixin, generics.ListAPIView):
    """The competency dictionary (active competencies with their level descriptors)."""

    serializer_class = CompetencySerializer
    pagination_class = None

    def get_queryset(self):
        return selectors.competency_list()


def _standard_payload(position: Position) -> dict:
    book = selectors.StandardBook([position.pk])
    required = book.required(position.pk, position.kind)
    names = dict(Competency.objects.filter(pk__in=required).values_list("pk", "name"))
    return {
        "position": position.pk,
        "is_default": book.is_default(position.pk),
        "standards": [
            {"competency": cid, "competency_name": names[cid], "required_level": level}
            for cid, level in sorted(required.items())
        ],
    }


class PositionStandardView(ApiViewMixin, APIView):
    """A position's competency standard; PUT (BKPSDM admin) sets levels in bulk."""

    @extend_schema(responses=PositionStandardSerializer)
    def get(self, request, pk):
        position = get_object_or_404(Position, pk=pk)
        return Response(_standard_payload(position))

    @extend_schema(request=PositionStandardWriteSerializer, responses=PositionStandardSerializer)
    def put(self, request, pk):
        position = get_object_or_404(Position, pk=pk)
        serializer = PositionStandardWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        levels = {}
        for key, value in serializer.validated_data["levels"].items():
            if not str(key).isdigit():
                raise ValidationError({"levels": [f"Id kompetensi tidak valid: {key}"]})
            levels[int(key)] = value
        services.position_standard_set(actor=request.user, position=position, levels=levels)
        return Response(_standard_payload(position))


class EmployeeCompetencyGapsView(ApiViewMixin, APIView):
    """The employee's gaps against the current (or a target) position's standard, with JPM."""

    @extend_schema(
        responses=CompetencyGapsSerializer,
        parameters=[
            OpenApiParameter(
                "target_position", OpenApiTypes.INT, required=False, description="Id jabatan."
            )
        ],
    )
    def get(self, request, nip):
        employee = gap_employee_or_404(request.user, nip)
        target = None
        raw = request.query_params.get("target_position")
        if raw:
            if not raw.isdigit():
                raise ValidationError({"target_position": ["Id jabatan tidak valid."]})
            target = get_object_or_404(Position, pk=raw)
        result = selectors.employee_gaps(employee, target)
        data = {
            "position": result["position"].pk if result["position"] else None,
            "jpm": result["jpm"],
            "band": result["band"],
            "gaps": [
                {
                    "competency": g["competency"].pk,
                    "competency_name": g["competency"].name,
                    "required": g["required"],
                    "actual": g["actual"],
                    "gap": g["gap"],
                }
                for g in result["gaps"]
            ],
        }
        return Response(CompetencyGapsSerializer(data).data)
