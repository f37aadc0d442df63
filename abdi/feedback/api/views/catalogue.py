"""Public-service catalogue endpoints.

- `GET /api/v1/public/services/`: anonymous (throttled per address), the active services a
  complaint or a survey answer may be about — the ids `POST /api/v1/public/complaints/` takes.
- `GET /api/v1/services/`: the services a service admin (their units) or BKPSDM admin manages,
  as the catalogue page lists them — the ids `POST /api/v1/surveys/` takes. Others: 403.
Both paginated, `?q=` matches the service or unit name."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import AllowAny
from rest_framework.throttling import AnonRateThrottle

from abdi.core.api import ApiViewMixin
from abdi.feedback.models import PublicService
from abdi.feedback.permissions import can_manage_services
from abdi.feedback.selectors.catalogue import managed_services, public_services

Q_PARAM = OpenApiParameter("q", OpenApiTypes.STR, description="Service or unit name")


class ServiceUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PublicServiceSerializer(serializers.ModelSerializer):
    org_unit = ServiceUnitSerializer()

    class Meta:
        model = PublicService
        fields = ["id", "name", "description", "standard_days", "org_unit"]


class ManagedServiceSerializer(PublicServiceSerializer):
    class Meta(PublicServiceSerializer.Meta):
        fields = [*PublicServiceSerializer.Meta.fields, "is_active"]


@method_decorator(login_not_required, name="dispatch")
class PublicServiceListView(generics.ListAPIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]
    serializer_class = PublicServiceSerializer
    filter_backends: list = []

    @extend_schema(parameters=[Q_PARAM], auth=[], summary="Active public services (anonymous)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return public_services(q=self.request.query_params.get("q", "")[:100])


class ManagedServiceListView(ApiViewMixin, generics.ListAPIView):
    serializer_class = ManagedServiceSerializer
    filter_backends: list = []

    @extend_schema(parameters=[Q_PARAM], summary="Public services the user manages")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not can_manage_services(self.request.user):
            raise PermissionDenied
        return managed_services(
            user=self.request.user, q=self.request.query_params.get("q", "")[:100]
        )
