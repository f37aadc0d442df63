"""Organisation endpoints: unit kerja tree and positions. Readable by every signed-in user;
only BKPSDM admins write (403 for others), always through abdi/org/services.py."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from abdi.core.api import ApiViewMixin
from abdi.org import services
from abdi.org.api.filters import OrgUnitFilterSet, PositionFilterSet
from abdi.org.api.serializers import (
    OrgUnitCloseSerializer,
    OrgUnitCreateSerializer,
    OrgUnitMoveSerializer,
    OrgUnitSerializer,
    OrgUnitUpdateSerializer,
    PositionSerializer,
)
from abdi.org.models import OrgUnit, Position
from abdi.org.permissions import can_manage_organisation


class ReadOrManageOrganisation(permissions.IsAuthenticated):
    """Reads for every signed-in user; writes for those who manage the organisation."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        return request.method in permissions.SAFE_METHODS or can_manage_organisation(request.user)


@extend_schema_view(
    create=extend_schema(request=OrgUnitCreateSerializer, responses={201: OrgUnitSerializer}),
    update=extend_schema(request=OrgUnitUpdateSerializer, responses=OrgUnitSerializer),
    partial_update=extend_schema(request=OrgUnitUpdateSerializer, responses=OrgUnitSerializer),
)
class OrgUnitViewSet(
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Unit kerja. `parent` filters the direct children of a unit; the list is in tree order."""

    permission_classes = [ReadOrManageOrganisation]
    serializer_class = OrgUnitSerializer
    filterset_class = OrgUnitFilterSet
    queryset = OrgUnit.objects.order_by("path")

    def create(self, request, *args, **kwargs):
        data = self._valid(OrgUnitCreateSerializer, request.data)
        unit = services.org_unit_create(actor=request.user, **data)
        return Response(OrgUnitSerializer(unit).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        unit = self.get_object()
        partial = kwargs.get("partial", False)
        data = self._valid(OrgUnitUpdateSerializer, request.data, partial=partial)
        values = {"code": unit.code, "name": unit.name, "kind": unit.kind, **data}
        unit = services.org_unit_update(actor=request.user, unit=unit, **values)
        return Response(OrgUnitSerializer(unit).data)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(request=OrgUnitMoveSerializer, responses=OrgUnitSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move the unit (with its subtree) under another parent."""
        unit = self.get_object()
        data = self._valid(OrgUnitMoveSerializer, request.data)
        unit = services.org_unit_move(actor=request.user, unit=unit, new_parent=data["parent"])
        return Response(OrgUnitSerializer(unit).data)

    @extend_schema(request=OrgUnitCloseSerializer, responses=OrgUnitSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the unit and its subtree (refused while they still have active employees)."""
        unit = self.get_object()
        data = self._valid(OrgUnitCloseSerializer, request.data)
        unit = services.org_unit_close(actor=request.user, unit=unit, closed_on=data["closed_on"])
        return Response(OrgUnitSerializer(unit).data)

    def _valid(self, serializer_class, data, *, partial: bool = False) -> dict:
        serializer = serializer_class(data=data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class PositionViewSet(
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Jabatan. `unit` filters a unit and everything below it."""

    permission_classes = [ReadOrManageOrganisation]
    serializer_class = PositionSerializer
    filterset_class = PositionFilterSet
    queryset = Position.objects.select_related("org_unit").order_by(
        "org_unit__path", "-is_unit_head", "name"
    )

    def perform_create(self, serializer):
        position = Position(**serializer.validated_data)
        serializer.instance = services.position_save(actor=self.request.user, position=position)

    def perform_update(self, serializer):
        position = serializer.instance
        for field, value in serializer.validated_data.items():
            setattr(position, field, value)
        serializer.instance = services.position_save(actor=self.request.user, position=position)
