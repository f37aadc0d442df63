"""Registration endpoints: the same services, selectors and permissions as the pages. Out of
scope → 404; a visible registration the user may not act on → 403; bad input → a structured 400."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response
from rest_framework.views import APIView

from abdi.core.api import ApiViewMixin
from abdi.employees.models import Employee
from abdi.employees.permissions import own_employee
from abdi.employees.rules import clean_nip
from abdi.learning.api.serializers.registration import (
    CompleteSerializer,
    ReasonSerializer,
    RegistrationCreateSerializer,
    RegistrationListSerializer,
    RegistrationSerializer,
)
from abdi.learning.choices import RegistrationStatus
from abdi.learning.models import Registration, TrainingSession
from abdi.learning.permissions.common import can_manage_learning
from abdi.learning.permissions.registration import registration_or_404
from abdi.learning.selectors import registration as selectors
from abdi.learning.services import registration as services


def _payload(registration: Registration) -> dict:
    fresh = (
        Registration.objects.select_related("employee", "session__programme")
        .prefetch_related("steps__actor")
        .get(pk=registration.pk)
    )
    return RegistrationSerializer(fresh).data


class SessionRegistrationsView(ApiViewMixin, APIView):
    """Register for a session (no `nip`), or nominate a subordinate (supervisor) or anyone
    (BKPSDM) by `nip`. The answer says where the registration stands: waiting for an approval,
    confirmed, or on the waiting list."""

    @extend_schema(request=RegistrationCreateSerializer, responses={201: RegistrationSerializer})
    def post(self, request, pk: int):
        session = get_object_or_404(TrainingSession.objects.select_related("programme"), pk=pk)
        serializer = RegistrationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        me = own_employee(request.user)
        nip = clean_nip(data.get("nip"))
        employee = None
        if nip and (me is None or nip != me.nip):
            scope = (
                Employee.objects.all()
                if can_manage_learning(request.user)
                else selectors.subordinates_of(request.user)
            )
            employee = get_object_or_404(scope, nip=nip)
        plan_item = None
        if data.get("plan_item"):
            plan_item = (
                selectors.plan_items_for(employee or me).filter(pk=data["plan_item"]).first()
            )
            if plan_item is None:
                raise ValidationError(
                    {"plan_item": ["Butir rencana pengembangan tidak ditemukan untuk pegawai ini."]}
                )
        try:
            registration = services.registration_create(
                actor=request.user,
                session=session,
                employee=employee,
                motivation=data.get("motivation", ""),
                plan_item=plan_item,
            )
        except PermissionDenied:
            if employee is not None:
                raise Http404 from None
            raise
        return Response(_payload(registration), status=status.HTTP_201_CREATED)


class RegistrationListView(ApiViewMixin, generics.ListAPIView):
    """The registrations the user may see, as the pages scope them: their own, their
    subordinates', their unit's (pimpinan, auditor) or all (BKPSDM). Paginated."""

    serializer_class = RegistrationListSerializer
    filter_backends: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=RegistrationStatus.values),
            OpenApiParameter("session", OpenApiTypes.INT),
            OpenApiParameter("mine", OpenApiTypes.BOOL, description="Only the user's own"),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = self.request.query_params
        session = params.get("session", "")
        if session and not (session.isdigit() and len(session) < 10):
            return Registration.objects.none()
        status_ = params.get("status", "")
        return selectors.registration_list(
            self.request.user,
            status=status_ if status_ in RegistrationStatus.values else "",
            session=int(session) if session else None,
            mine=params.get("mine", "").lower() in ("1", "true", "yes", "on"),
        )


class RegistrationDetailView(ApiViewMixin, APIView):
    """A registration with its status, waiting-list position and steps."""

    @extend_schema(responses=RegistrationSerializer)
    def get(self, request, pk: int):
        return Response(_payload(registration_or_404(request.user, pk)))


def _reason(request) -> str:
    serializer = ReasonSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data.get("reason", "")


class _ActionView(ApiViewMixin, APIView):
    def act(self, request, registration: Registration) -> None:  # pragma: no cover
        raise NotImplementedError

    def post(self, request, pk: int):
        registration = registration_or_404(request.user, pk)
        self.act(request, registration)
        return Response(_payload(registration))


class RegistrationApproveView(_ActionView):
    """The supervisor approves (on to BKPSDM, or a seat when the session needs only them)."""

    @extend_schema(request=None, responses=RegistrationSerializer)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, registration):
        services.registration_approve(actor=request.user, registration=registration)


class RegistrationRejectView(_ActionView):
    """The supervisor (while it waits for them) or BKPSDM refuses, with a reason."""

    @extend_schema(request=ReasonSerializer, responses=RegistrationSerializer)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, registration):
        services.registration_reject(
            actor=request.user, registration=registration, reason=_reason(request)
        )


class RegistrationConfirmView(_ActionView):
    """BKPSDM confirms: a seat if one is free, else the waiting list."""

    @extend_schema(request=None, responses=RegistrationSerializer)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, registration):
        services.registration_confirm(actor=request.user, registration=registration)


class RegistrationCancelView(_ActionView):
    """The employee, the supervisor or BKPSDM cancels; a freed seat goes to the waiting list."""

    @extend_schema(request=ReasonSerializer, responses=RegistrationSerializer)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, registration):
        services.registration_cancel(
            actor=request.user, registration=registration, reason=_reason(request)
        )


class RegistrationCompleteView(_ActionView):
    """BKPSDM records the outcome after the session started: completed (JP and certificate)
    or not completed, with the final score."""

    @extend_schema(request=CompleteSerializer, responses=RegistrationSerializer)
    def post(self, request, pk: int):
        return super().post(request, pk)

    def act(self, request, registration):
        serializer = CompleteSerializer(data=request.data)
        if not can_manage_learning(request.user):
            raise PermissionDenied
        serializer.is_valid(raise_exception=True)
        services.registration_complete(
            actor=request.user,
            registration=registration,
            passed=serializer.validated_data["passed"],
            score=serializer.validated_data.get("score"),
        )
