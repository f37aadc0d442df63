"""Complaint endpoints. Public: file a complaint (anonymous, throttled) and read it by tracking
code (no personal data). Handlers: the scoped list and detail (out of scope → 404) and the
handling actions (a forbidden action → 403, a refused transition → 400 with the reason)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from abdi.core.api import ApiViewMixin
from abdi.core.throttle import AnonAddressThrottle, PublicComplaintThrottle
from abdi.feedback.api.serializers.complaints import (
    ComplaintActionSerializer,
    ComplaintDetailSerializer,
    ComplaintListSerializer,
    PublicComplaintCreatedSerializer,
    PublicComplaintCreateSerializer,
    PublicComplaintSerializer,
)
from abdi.feedback.choices import ComplaintAction as A
from abdi.feedback.choices import ComplaintKind, ComplaintStatus
from abdi.feedback.permissions import (
    can_act_on_complaint,
    can_see_reporter,
    can_use_complaint_inbox,
)
from abdi.feedback.selectors.complaints import (
    complaint_detail_queryset,
    complaint_inbox,
    employee_by_nip,
    inbox_unit,
    mark_overdue,
    public_complaint,
    public_timeline,
)
from abdi.feedback.services import complaints as svc


@method_decorator(login_not_required, name="dispatch")
class PublicComplaintCreateView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicComplaintThrottle]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        request={
            "multipart/form-data": PublicComplaintCreateSerializer,
            "application/json": PublicComplaintCreateSerializer,
        },
        responses={201: PublicComplaintCreatedSerializer},
        auth=[],
        summary="File a complaint (anonymous, throttled)",
    )
    def post(self, request):
        data = request.data
        if hasattr(data, "getlist"):  # multipart: the files are a list under one name
            data = {k: data.get(k) for k in data if k != "attachments"}
            data["attachments"] = request.FILES.getlist("attachments")
        serializer = PublicComplaintCreateSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        complaint = svc.complaint_submit(
            data=svc.ComplaintInput(
                kind=d["kind"],
                title=d["title"],
                description=d["description"],
                org_unit=d.get("org_unit"),
                service=d.get("service"),
                incident_date=d.get("incident_date"),
                incident_place=d.get("incident_place", ""),
                officer_description=d.get("officer_description", ""),
                reporter_name=d.get("reporter_name", ""),
                reporter_email=d.get("reporter_email", ""),
                reporter_phone=d.get("reporter_phone", ""),
                is_anonymous=d.get("is_anonymous", False),
                is_confidential=d.get("is_confidential", False),
                attachments=d.get("attachments", []),
            )
        )
        body = PublicComplaintCreatedSerializer(complaint).data
        return Response(body, status=status.HTTP_201_CREATED)


@method_decorator(login_not_required, name="dispatch")
class PublicComplaintTrackView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonAddressThrottle]

    @extend_schema(
        responses={200: PublicComplaintSerializer, 404: OpenApiResponse(description="Not found")},
        auth=[],
        summary="A complaint by tracking code (public view)",
    )
    def get(self, request, code: str):
        complaint = public_complaint(code)
        if complaint is None:
            raise Http404
        complaint.timeline = public_timeline(complaint)
        return Response(PublicComplaintSerializer(complaint).data)


def _require_inbox(user):
    if not can_use_complaint_inbox(user):
        raise PermissionDenied


class ComplaintListView(ApiViewMixin, generics.ListAPIView):
    """The complaint inbox: what the coordinator, a liaison (their units) or BKPSDM handles."""

    serializer_class = ComplaintListSerializer
    filter_backends: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=ComplaintStatus.values),
            OpenApiParameter("kind", str, enum=ComplaintKind.values),
            OpenApiParameter(
                "unit", int, description="Unit (and its subtree), reported or dispatched"
            ),
            OpenApiParameter("overdue", bool),
            OpenApiParameter("q", str, description="Tracking code, title or SP4N-LAPOR! number"),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        _require_inbox(self.request.user)
        params = self.request.query_params
        filters: dict = {
            "status": params.get("status", ""),
            "kind": params.get("kind", ""),
            "q": params.get("q", ""),
            "overdue": params.get("overdue", "").lower() in ("1", "true", "yes", "on"),
        }
        unit = params.get("unit", "")
        if unit:
            filters["unit"] = inbox_unit(unit)
            if filters["unit"] is None:
                return complaint_inbox(user=self.request.user).none()
        return complaint_inbox(user=self.request.user, filters=filters)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return mark_overdue(page) if page is not None else page


class ComplaintDetailView(ApiViewMixin, generics.RetrieveAPIView):
    """A complaint with its timeline; the reporter only for those who may see it."""

    serializer_class = ComplaintDetailSerializer

    def get_queryset(self):
        # Out of scope (or no complaint role at all): 404, as on the page.
        return complaint_detail_queryset(user=self.request.user)

    def retrieve(self, request, *args, **kwargs):
        complaint = self.get_object()
        mark_overdue([complaint])
        serializer = self.get_serializer(
            complaint, context={"show_reporter": can_see_reporter(request.user, complaint)}
        )
        return Response(serializer.data)


API_ACTIONS = [
    A.VERIFY,
    A.POSTPONE,
    A.NOT_AUTHORITY,
    A.ARCHIVE,
    A.DISPATCH,
    A.RESPOND,
    A.NOTE,
    A.CLOSE,
    A.LINK_EMPLOYEE,
]


def _run(action, complaint, actor, d):
    note, public = d.get("note", ""), d.get("public_message", "")
    if action == A.DISPATCH:
        return svc.complaint_dispatch(
            complaint=complaint, actor=actor, unit=d.get("unit"), note=note, public_message=public
        )
    if action == A.RESPOND:
        return svc.complaint_respond(
            complaint=complaint,
            actor=actor,
            public_message=public,
            internal_note=d.get("internal_note", "") or note,
        )
    if action == A.NOTE:
        return svc.complaint_note(
            complaint=complaint, actor=actor, internal_note=d.get("internal_note", "") or note
        )
    if action == A.LINK_EMPLOYEE:
        employee = employee_by_nip(d.get("employee_nip", ""))
        if employee is None:
            raise ValidationError({"employee_nip": [_("Pegawai dengan NIP ini tidak ditemukan.")]})
        return svc.complaint_link_employee(
            complaint=complaint, actor=actor, employee=employee, note=note
        )
    service = {
        A.VERIFY: svc.complaint_verify,
        A.POSTPONE: svc.complaint_postpone,
        A.NOT_AUTHORITY: svc.complaint_not_authority,
        A.ARCHIVE: svc.complaint_archive,
        A.CLOSE: svc.complaint_close,
    }[action]
    return service(complaint=complaint, actor=actor, note=note, public_message=public)


class ComplaintActionView(ApiViewMixin, APIView):
    """A handling step: verify, postpone, not_authority, archive, dispatch, respond, note,
    close, link_employee. A refused transition is a 400 with the reason."""

    serializer_class = ComplaintActionSerializer

    @extend_schema(
        request=ComplaintActionSerializer,
        responses={200: ComplaintDetailSerializer},
        parameters=[
            OpenApiParameter(
                "action",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                enum=[str(a) for a in API_ACTIONS],
                description=(
                    "verify/postpone/not_authority/archive/close {note, public_message}; "
                    "dispatch {unit, note, public_message}; respond {public_message, "
                    "internal_note}; note {internal_note}; link_employee {employee_nip, note}"
                ),
            )
        ],
    )
    def post(self, request, pk: int, action: str):
        complaint = complaint_detail_queryset(user=request.user).filter(pk=pk).first()
        if complaint is None or action not in API_ACTIONS:
            raise Http404
        if not can_act_on_complaint(request.user, complaint, action):
            raise PermissionDenied
        serializer = ComplaintActionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _run(action, complaint, request.user, serializer.validated_data)
        fresh = complaint_detail_queryset(user=request.user).get(pk=pk)
        mark_overdue([fresh])
        return Response(
            ComplaintDetailSerializer(
                fresh, context={"show_reporter": can_see_reporter(request.user, fresh)}
            ).data
        )
