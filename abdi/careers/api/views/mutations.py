"""Transfer-request and rotation-plan endpoints (read), scoped as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from abdi.careers import selectors, services
from abdi.careers.api.serializers.mutations import (
    RotationPlanSerializer,
    TransferDecideSerializer,
    TransferDecreeSerializer,
    TransferDetailSerializer,
    TransferSerializer,
)
from abdi.careers.api.views.proposals import CareerPagination
from abdi.careers.models import RotationMove, TransferStep
from abdi.careers.permissions.mutations import can_decide_transfer, records_transfer_decrees
from abdi.core.api import ApiViewMixin
from abdi.org.models import Position


class MutationViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Transfer requests: the employee's own, the home and receiving units' operators', all for
    BKPSDM and auditors."""

    pagination_class = CareerPagination
    filterset_fields = ["status", "kind"]

    def get_queryset(self):
        qs = selectors.transfer_list(user=self.request.user)
        if self.action != "list":
            qs = qs.prefetch_related(
                Prefetch("steps", queryset=TransferStep.objects.select_related("actor"))
            )
        return qs

    def get_serializer_class(self):
        if self.action == "decide":
            return TransferDecideSerializer
        if self.action == "decree":
            return TransferDecreeSerializer
        return TransferDetailSerializer if self.action == "retrieve" else TransferSerializer

    def _done(self, request_id: int) -> Response:
        return Response(TransferDetailSerializer(self.get_queryset().get(pk=request_id)).data)

    @extend_schema(request=TransferDecideSerializer, responses=TransferDetailSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """The approval (or rejection) of the stage the request waits at: home unit, receiving
        unit, BKPSDM — three different people. 403 when the user is not that stage's approver,
        409 when the request is already finished."""
        transfer = self.get_object()
        if transfer.is_open and not can_decide_transfer(request.user, transfer):
            raise PermissionDenied
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.transfer_decide(
            actor=request.user,
            request=transfer,
            approve=data.validated_data["approve"],
            note=data.validated_data["note"],
        )
        return self._done(transfer.pk)

    @extend_schema(request=TransferDecreeSerializer, responses=TransferDetailSerializer)
    @action(detail=True, methods=["post"])
    def decree(self, request, pk=None):
        """The transfer decree (BKPSDM, once approved): within the agency the employee moves
        into the destination position on the TMT. 409 before the approvals are complete."""
        transfer = self.get_object()
        if not records_transfer_decrees(request.user):
            raise PermissionDenied
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        position = None
        if d["position"] is not None:
            position = Position.objects.filter(pk=d["position"], is_active=True).first()
            if position is None:
                raise ValidationError({"position": ["Jabatan tidak ditemukan."]})
        services.transfer_record_decree(
            actor=request.user,
            request=transfer,
            decree_number=d["decree_number"],
            decree_date=d["decree_date"],
            effective_from=d["effective_from"],
            position=position,
        )
        return self._done(transfer.pk)


class RotationPlanViewSet(ApiViewMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A rotation plan with its moves and the last check (BKPSDM and auditors)."""

    serializer_class = RotationPlanSerializer

    def get_queryset(self):
        return selectors.rotation_plan_detail_queryset(user=self.request.user).prefetch_related(
            Prefetch(
                "moves",
                queryset=RotationMove.objects.select_related(
                    "employee", "from_position", "target_position"
                ),
            )
        )
