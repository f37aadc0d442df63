"""Transfer-request and rotation-plan endpoints (read), scoped as the pages."""

from __future__ import annotations

from django.db.models import Prefetch
from rest_framework import mixins, viewsets

from abdi.careers import selectors
from abdi.careers.api.serializers.mutations import (
    RotationPlanSerializer,
    TransferDetailSerializer,
    TransferSerializer,
)
from abdi.careers.api.views.proposals import CareerPagination
from abdi.careers.models import RotationMove, TransferStep
from abdi.core.api import ApiViewMixin


class MutationViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Transfer requests: the employee's own, the home and receiving units' operators', all for
    BKPSDM and auditors."""

    pagination_class = CareerPagination
    filterset_fields = ["status", "kind"]

    def get_queryset(self):
        qs = selectors.transfer_list(user=self.request.user)
        if self.action == "retrieve":
            qs = qs.prefetch_related(
                Prefetch("steps", queryset=TransferStep.objects.select_related("actor"))
            )
        return qs

    def get_serializer_class(self):
        return TransferDetailSerializer if self.action == "retrieve" else TransferSerializer


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
