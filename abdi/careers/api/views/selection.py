"""Endpoints of merit selection: the same selectors and permissions as the pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from abdi.careers.api.serializers.selection import (
    ApplicationSerializer,
    EligibilitySerializer,
    PublicResultSerializer,
    RankingRowSerializer,
    SelectionDetailSerializer,
    SelectionListSerializer,
)
from abdi.careers.models.selection import Application
from abdi.careers.permissions import selection as perms
from abdi.careers.selectors import selection as selectors
from abdi.core.api import ApiViewMixin
from abdi.core.throttle import AnonAddressThrottle
from abdi.employees.permissions import employees_visible_to


class SelectionListView(ApiViewMixin, generics.ListAPIView):
    """Selections the caller may see (BKPSDM and auditors: all; others: announced ones and the
    selections they sit on as panel member)."""

    serializer_class = SelectionListSerializer

    def get_queryset(self):
        return selectors.selection_list(user=self.request.user)


class SelectionDetailView(ApiViewMixin, generics.RetrieveAPIView):
    serializer_class = SelectionDetailSerializer

    def get_queryset(self):
        return selectors.selection_detail_queryset(self.request.user)


@method_decorator(login_not_required, name="dispatch")
class PublicSelectionListView(generics.ListAPIView):
    """Open selections and announced results, without login (throttled)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonAddressThrottle]
    serializer_class = SelectionListSerializer

    @extend_schema(auth=[])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return selectors.public_selection_list()


@method_decorator(login_not_required, name="dispatch")
class PublicSelectionResultView(APIView):
    """The announced result of a selection (the ranked names), without login."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonAddressThrottle]

    @extend_schema(responses=PublicResultSerializer(many=True), auth=[])
    def get(self, request, pk):
        selection = get_object_or_404(selectors.public_selection_list(), pk=pk)
        return Response(PublicResultSerializer(selectors.public_results(selection), many=True).data)


class SelectionApplicationListView(ApiViewMixin, generics.ListAPIView):
    """The applications of a selection the caller may see: BKPSDM, auditors and its panel all;
    an employee only their own."""

    serializer_class = ApplicationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Application.objects.none()
        selection = get_object_or_404(
            selectors.selection_detail_queryset(self.request.user), pk=self.kwargs["pk"]
        )
        return selectors.applications_of(selection, user=self.request.user)


class SelectionRankingView(ApiViewMixin, APIView):
    """The ranking (frozen once the top three are proposed, else provisional)."""

    @extend_schema(responses=RankingRowSerializer(many=True))
    def get(self, request, pk):
        selection = get_object_or_404(selectors.selection_detail_queryset(request.user), pk=pk)
        if not perms.can_view_ranking(request.user, selection):
            raise PermissionDenied
        return Response(RankingRowSerializer(selectors.ranking_for(selection), many=True).data)


class EmployeeEligibilityView(ApiViewMixin, APIView):
    """One employee's eligibility for one selection: pass/fail/unknown per rule with the data
    used and why. The employee must be visible to the caller, the selection too."""

    @extend_schema(
        responses=EligibilitySerializer,
        parameters=[
            OpenApiParameter(
                "selection", OpenApiTypes.INT, required=True, description="Id seleksi."
            )
        ],
    )
    def get(self, request, nip):
        employee = get_object_or_404(employees_visible_to(request.user), nip=nip)
        raw = request.query_params.get("selection", "")
        if not raw.isdigit():
            raise ValidationError({"selection": ["Isi id seleksi (angka)."]})
        selection = get_object_or_404(
            selectors.selection_for_eligibility(request.user), pk=int(raw)
        )
        eligibility = selectors.employee_eligibility(employee, selection)
        return Response(
            EligibilitySerializer(
                {
                    "selection": selection.pk,
                    "nip": employee.nip,
                    "eligible": eligibility.eligible,
                    "results": [
                        {
                            "requirement": r.requirement,
                            "rule": r.rule,
                            "status": r.status,
                            "data": r.data,
                            "reason": r.reason,
                        }
                        for r in eligibility.results
                    ],
                }
            ).data
        )
