"""Due-list and proposal endpoints: the same selectors, services and scoping as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from abdi.careers import selectors, services
from abdi.careers.api.serializers.proposals import (
    BatchCreateSerializer,
    DueQuerySerializer,
    DueRowSerializer,
    ProposalDetailSerializer,
    ProposalSerializer,
)
from abdi.careers.forms.proposals import default_period
from abdi.careers.models import ProposalStep
from abdi.careers.permissions.proposals import (
    can_propose,
    can_view_due_lists,
    proposals_visible_to,
)
from abdi.core.api import ApiViewMixin
from abdi.employees.models import Employee
from abdi.employees.permissions import employees_visible_to
from abdi.org.models import OrgUnit


class CareerPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


@extend_schema(
    parameters=[
        OpenApiParameter("kind", OpenApiTypes.STR, enum=["kp", "kgb", "bup", "satyalancana"]),
        OpenApiParameter("from", OpenApiTypes.DATE, required=False),
        OpenApiParameter("to", OpenApiTypes.DATE, required=False),
        OpenApiParameter("unit", OpenApiTypes.INT, required=False),
        OpenApiParameter("page", OpenApiTypes.INT, required=False),
    ],
    responses=DueRowSerializer(many=True),
)
class CareerDueView(ApiViewMixin, APIView):
    """Who is due in the period (KP, KGB, BUP or Satyalancana), with blocking reasons."""

    def get(self, request):
        if not can_view_due_lists(request.user):
            raise PermissionDenied
        query = DueQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        d = query.validated_data
        start, end = default_period(d["kind"])
        start, end = d.get("date_from") or start, d.get("to") or end
        if end < start or (end - start).days > 733:
            raise ValidationError({"to": ["Periode tidak sah (paling lama dua tahun)."]})
        unit = None
        if d.get("unit"):
            unit = OrgUnit.objects.filter(pk=d["unit"]).first()
            if unit is None:
                raise ValidationError({"unit": ["Unit kerja tidak ditemukan."]})
        due = selectors.DueList(
            kind=d["kind"], period_start=start, period_end=end, user=request.user, unit=unit
        )
        paginator = CareerPagination()
        page = paginator.paginate_queryset(due.queryset, request, view=self)
        return paginator.get_paginated_response(DueRowSerializer(due.rows(page), many=True).data)


class ProposalViewSet(
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Proposals the user sees (operators: their OPD's). POST proposes a batch of NIPs."""

    pagination_class = CareerPagination
    filterset_fields = ["kind", "status"]

    def get_queryset(self):
        qs = selectors.proposal_list(user=self.request.user)
        if self.action == "retrieve":
            qs = qs.prefetch_related(
                Prefetch("steps", queryset=ProposalStep.objects.select_related("actor"))
            )
        return qs

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ProposalDetailSerializer
        if self.action == "create":
            return BatchCreateSerializer
        return ProposalSerializer

    def list(self, request, *args, **kwargs):
        if not (can_view_due_lists(request.user) or proposals_visible_to(request.user).exists()):
            raise PermissionDenied
        return super().list(request, *args, **kwargs)

    @extend_schema(request=BatchCreateSerializer, responses={201: ProposalSerializer(many=True)})
    def create(self, request):
        if not can_propose(request.user):
            raise PermissionDenied
        data = BatchCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        unit = OrgUnit.objects.filter(pk=d["org_unit"]).first()
        if unit is None:
            raise ValidationError({"org_unit": ["Unit kerja tidak ditemukan."]})
        visible = {e.nip: e for e in employees_visible_to(request.user).filter(nip__in=d["nips"])}
        unknown = [nip for nip in d["nips"] if nip not in visible]
        if unknown:
            raise ValidationError(
                {"nips": [f"NIP tidak ditemukan atau di luar wewenang: {', '.join(unknown)}"]}
            )
        batch = services.proposal_batch_create(
            actor=request.user,
            kind=d["kind"],
            period_start=d["period_start"],
            period_end=d["period_end"],
            org_unit=unit,
            employees=list(Employee.objects.filter(pk__in=[e.pk for e in visible.values()])),
            note=d["note"],
        )
        rows = selectors.batch_proposals(batch)
        return Response(ProposalSerializer(rows, many=True).data, status=status.HTTP_201_CREATED)
