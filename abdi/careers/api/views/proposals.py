"""Due-list and proposal endpoints: the same selectors, services and scoping as the pages."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from abdi.careers import selectors, services
from abdi.careers.api.serializers.proposals import (
    BatchCreateSerializer,
    DueQuerySerializer,
    DueRowSerializer,
    ProposalDecreeSerializer,
    ProposalDetailSerializer,
    ProposalRefuseSerializer,
    ProposalSerializer,
    ProposalTechnicalApprovalSerializer,
    ProposalVerifySerializer,
)
from abdi.careers.forms.proposals import default_period
from abdi.careers.models import ProposalStep
from abdi.careers.permissions.proposals import (
    can_decide_proposal,
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
        paginator.django_paginator_class = partial(
            selectors.CountedPaginator, counted=due.count_queryset
        )
        page = paginator.paginate_queryset(due.queryset, request, view=self)
        return paginator.get_paginated_response(DueRowSerializer(due.rows(page), many=True).data)


ACTION_INPUT = {
    "verify": ProposalVerifySerializer,
    "technical_approval": ProposalTechnicalApprovalSerializer,
    "decree": ProposalDecreeSerializer,
    "refuse": ProposalRefuseSerializer,
}


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
        if self.action != "list":
            qs = qs.prefetch_related(
                Prefetch("steps", queryset=ProposalStep.objects.select_related("actor"))
            )
        return qs

    def get_serializer_class(self):
        if self.action == "create":
            return BatchCreateSerializer
        if self.action in ACTION_INPUT:
            return ACTION_INPUT[self.action]
        if self.action == "retrieve":
            return ProposalDetailSerializer
        return ProposalSerializer

    def _act(self, request, call) -> Response:
        """Run one BKPSDM step on a proposal the user sees (else 404): 400 for bad input, 403
        for someone who may not decide, 409 when the proposal is not in the state the step
        needs."""
        proposal = self.get_object()
        if not can_decide_proposal(request.user, proposal):
            raise PermissionDenied
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        call(proposal, data.validated_data)
        fresh = self.get_queryset().get(pk=proposal.pk)
        return Response(ProposalDetailSerializer(fresh).data)

    @extend_schema(request=ProposalVerifySerializer, responses=ProposalDetailSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """The administrative check: BKPSDM ticks every document of the checklist."""
        return self._act(
            request,
            lambda p, d: services.proposal_verify(
                actor=request.user, proposal=p, checklist=d["checklist"], note=d["note"]
            ),
        )

    @extend_schema(request=ProposalTechnicalApprovalSerializer, responses=ProposalDetailSerializer)
    @action(detail=True, methods=["post"], url_path="technical-approval")
    def technical_approval(self, request, pk=None):
        """BKN's technical approval (KP and retirement), after verification."""
        return self._act(
            request,
            lambda p, d: services.proposal_record_technical_approval(
                actor=request.user, proposal=p, number=d["number"], date=d["date"], note=d["note"]
            ),
        )

    @extend_schema(request=ProposalDecreeSerializer, responses=ProposalDetailSerializer)
    @action(detail=True, methods=["post"])
    def decree(self, request, pk=None):
        """The decree (SK): writes the rank, KGB or award row, or ends service on retirement."""
        return self._act(
            request,
            lambda p, d: services.proposal_record_decree(
                actor=request.user,
                proposal=p,
                decree_number=d["decree_number"],
                decree_date=d["decree_date"],
                effective_from=d["effective_from"],
                basic_salary=d["basic_salary"],
                note=d["note"],
            ),
        )

    @extend_schema(request=ProposalRefuseSerializer, responses=ProposalDetailSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        """Refuse an open proposal with its reason (the employee may be proposed again)."""
        return self._act(
            request,
            lambda p, d: services.proposal_refuse(
                actor=request.user, proposal=p, reason=d["reason"]
            ),
        )

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
