"""Survey endpoints.

- `GET/POST /api/v1/surveys/`: the surveys in the user's scope; a service admin (of the unit) or
  BKPSDM admin creates one → includes its public `code` and `public_url`.
- `POST /api/v1/surveys/{id}/responses/`: paper questionnaires typed in by the unit's admin, a
  list of responses, all or nothing, not limited per device.
- `GET /api/v1/surveys/{id}/result/`: NRR per element, IKM (1–4 and 25–100), mutu, kinerja,
  sample size.
- `POST /api/v1/public/surveys/{code}/responses/`: an anonymous response (throttled per address).
  One per device per day: send the token from a previous answer in the `X-Device-Token` header
  (or the `abdi_survey_device` cookie the web form sets); without one the server issues a token,
  returns it as `device_token` and sets the cookie. A second response the same Jakarta day → 409.

A survey outside the user's scope is a 404; a reader (pimpinan) who may not manage it gets 403.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from abdi.core.api import ApiViewMixin
from abdi.core.throttle import PublicSurveyThrottle, client_ip
from abdi.feedback.api.serializers.surveys import (
    PaperResponsesCreatedSerializer,
    PublicResponseCreatedSerializer,
    ResponseSerializer,
    SurveyCreateSerializer,
    SurveyResultSerializer,
    SurveySerializer,
    response_input,
)
from abdi.feedback.models import SatisfactionSurvey
from abdi.feedback.permissions import (
    can_create_surveys,
    can_manage_survey,
    can_view_surveys,
    services_manageable_by,
)
from abdi.feedback.selectors import surveys as sel
from abdi.feedback.services import surveys as svc
from abdi.feedback.views.public_surveys import (
    device_token,
    set_device_cookie,
    sign_device_token,
)

DEVICE_HEADER = "X-Device-Token"


def _conflict(message: str) -> Response:
    return Response(
        {"errors": {api_settings.NON_FIELD_ERRORS_KEY: [message]}},
        status=status.HTTP_409_CONFLICT,
    )


class SurveyListCreateView(ApiViewMixin, generics.ListAPIView):
    """A paginated list (count, next, previous, results), documented as such: a ListAPIView,
    so the schema shows the page envelope (issue 14)."""

    serializer_class = SurveySerializer
    filter_backends: list = []

    @extend_schema(summary="Surveys in the user's scope")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not can_view_surveys(self.request.user):
            raise PermissionDenied
        return sel.survey_list(user=self.request.user)

    @extend_schema(
        request=SurveyCreateSerializer,
        responses={201: SurveySerializer},
        summary="Create a survey for a service and period",
    )
    def post(self, request):
        if not can_create_surveys(request.user):
            raise PermissionDenied
        serializer = SurveyCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        d = serializer.validated_data
        service = services_manageable_by(request.user).filter(pk=d["service"]).first()
        if service is None:
            raise ValidationError({"service": [_("Layanan tidak ditemukan di unit Anda.")]})
        survey = svc.survey_create(
            actor=request.user,
            service=service,
            period_start=d["period_start"],
            period_end=d["period_end"],
            population=d.get("population"),
            title=d.get("title", ""),
            questions=d.get("questions"),
        )
        survey.respondents = 0
        body = SurveySerializer(survey, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED)


def _survey_in_scope(request, pk: int) -> SatisfactionSurvey:
    return get_object_or_404(sel.survey_detail_queryset(user=request.user), pk=pk)


class SurveyPaperResponsesView(ApiViewMixin, APIView):
    @extend_schema(
        request=ResponseSerializer(many=True),
        responses={201: PaperResponsesCreatedSerializer},
        summary="Enter paper questionnaires (all or nothing)",
    )
    def post(self, request, pk: int):
        survey = _survey_in_scope(request, pk)
        if not can_manage_survey(request.user, survey):
            raise PermissionDenied
        serializer = ResponseSerializer(data=request.data, many=True)
        serializer.is_valid(raise_exception=True)
        rows = [response_input(item) for item in serializer.validated_data]
        created = svc.paper_responses_enter(survey=survey, rows=rows, actor=request.user)
        return Response(
            {"created": len(created), "respondents": survey.responses.count()},
            status=status.HTTP_201_CREATED,
        )


class SurveyResultView(ApiViewMixin, APIView):
    @extend_schema(responses=SurveyResultSerializer, summary="IKM result of a survey")
    def get(self, request, pk: int):
        survey = _survey_in_scope(request, pk)
        result = sel.survey_result(survey)
        return Response(SurveyResultSerializer(SurveyResultSerializer.from_result(result)).data)


@method_decorator(login_not_required, name="dispatch")
class PublicSurveyResponseView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicSurveyThrottle]

    @extend_schema(
        request=ResponseSerializer,
        responses={
            201: PublicResponseCreatedSerializer,
            404: OpenApiResponse(description="Unknown survey code"),
            409: OpenApiResponse(
                description="Survey closed, or this device already answered today"
            ),
        },
        parameters=[
            OpenApiParameter(
                DEVICE_HEADER,
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                required=False,
                description="The (signed) device token returned by an earlier answer; any other value is ignored.",
            )
        ],
        auth=[],
        summary="Answer a survey (anonymous, throttled, one per device per day)",
    )
    def post(self, request, code: str):
        survey = sel.public_survey(code)
        if survey is None:
            raise Http404
        header = request.headers.get(DEVICE_HEADER)
        token, new = device_token(request, presented=header or None)
        if not survey.is_open:
            return _conflict(svc.msg_survey_closed())
        serializer = ResponseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            svc.survey_response_submit(
                survey=survey,
                data=serializer.to_input(),
                device_token=token,
                address=client_ip(request),
            )
        except svc.AlreadyAnswered:
            return _conflict(svc.msg_already_answered())
        except svc.AddressCapReached:
            return Response(
                {"detail": svc.msg_address_cap()}, status=status.HTTP_429_TOO_MANY_REQUESTS
            )
        except svc.SurveyClosed:
            return _conflict(svc.msg_survey_closed())
        response = Response(
            {"accepted": True, "device_token": sign_device_token(token)},
            status=status.HTTP_201_CREATED,
        )
        if new:
            set_device_cookie(response, token)
        return response
