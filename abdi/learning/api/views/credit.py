"""Credit endpoints: the public certificate verification (no login, rate-limited per address,
sharing the page's counter and ABDI_VERIFY_RATE) and an employee's JP ledger for a year."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from abdi.core.api import ApiViewMixin
from abdi.core.throttle import hit
from abdi.learning.api.serializers.credit import (
    CertificateVerificationSerializer,
    EmployeeJpSerializer,
    MessageSerializer,
)
from abdi.learning.permissions.credit import jp_employee_or_404
from abdi.learning.selectors import credit as sel

MIN_YEAR = 2000


@method_decorator(login_not_required, name="dispatch")
class CertificateVerifyView(APIView):
    """Is this certificate valid? Public; answers only for a known code (no listing)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        responses={
            200: CertificateVerificationSerializer,
            404: OpenApiResponse(MessageSerializer, description="Unknown code"),
            429: OpenApiResponse(MessageSerializer, description="Too many requests"),
        },
        auth=[],
        summary="Verify a certificate by its code (public, rate-limited)",
    )
    def get(self, request, code: str):
        allowed, retry_after = hit(request, "certificate-verify", settings.ABDI_VERIFY_RATE)
        if not allowed:
            minutes = max(1, round(retry_after / 60))
            response = Response(
                {
                    "detail": _(
                        "Terlalu banyak permintaan verifikasi dari alamat Anda. "
                        "Coba lagi dalam %(minutes)s menit."
                    )
                    % {"minutes": minutes}
                },
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
            response["Retry-After"] = str(retry_after)
            return response
        certificate = sel.certificate_by_code(code)
        if certificate is None:
            return Response(
                {"detail": _("Sertifikat dengan kode tersebut tidak ditemukan.")},
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(
            CertificateVerificationSerializer(sel.verification_payload(certificate)).data
        )


class EmployeeJpView(ApiViewMixin, APIView):
    """The employee's JP of a year against the target, with the ledger lines."""

    @extend_schema(
        responses=EmployeeJpSerializer,
        parameters=[
            OpenApiParameter(
                "year", OpenApiTypes.INT, required=False, description="Tahun; bawaan tahun ini."
            )
        ],
    )
    def get(self, request, nip: str):
        employee = jp_employee_or_404(request.user, nip)
        this_year = timezone.localdate().year
        raw = request.query_params.get("year", "")
        if raw == "":
            year = this_year
        elif raw.isdigit() and MIN_YEAR <= int(raw) <= this_year + 1:
            year = int(raw)
        else:
            raise ValidationError(
                {
                    "year": [
                        _("Tahun harus bilangan %(low)s–%(high)s.")
                        % {"low": MIN_YEAR, "high": this_year + 1}
                    ]
                }
            )
        summary = sel.jp_summary(employee, year)
        data = {
            "year": year,
            "jp_total": summary.total,
            "target": summary.target,
            "maximum": summary.maximum,
            "entries": [
                {
                    "date": e.date,
                    "jp": e.jp,
                    "source": e.source,
                    "title": e.title,
                    "certificate_code": e.certificate.code if e.certificate else None,
                }
                for e in summary.entries
            ],
        }
        return Response(EmployeeJpSerializer(data).data)
