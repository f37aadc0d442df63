"""POST /api/v1/employees/import/: the personnel import for integrators (same services as the page)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.decorators import method_decorator
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
)
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from abdi.core.api import ApiViewMixin, ValidationErrorSerializer
from abdi.employees.choices import ImportStatus
from abdi.employees.permissions import can_manage_employees
from abdi.employees.selectors import imports as import_reads
from abdi.employees.services.imports import upload, validation, writing


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="Berkas CSV atau XLSX dengan susunan kolom impor.")
    dry_run = serializers.BooleanField(
        default=True,
        help_text="true (bawaan): hanya periksa. false: impor bila tidak ada kesalahan.",
    )


class ImportRowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Nomor baris pada berkas (baris 1 = judul kolom).")
    column = serializers.CharField()
    message = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    job_id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ImportStatus.choices)
    dry_run = serializers.BooleanField()
    total_rows = serializers.IntegerField()
    error_count = serializers.IntegerField()
    created_count = serializers.IntegerField(
        help_text="Pegawai baru (pada uji coba: yang akan ditambahkan)."
    )
    updated_count = serializers.IntegerField(
        help_text="Pegawai yang berubah (pada uji coba: yang akan diperbarui)."
    )
    # The API's field name shadows Serializer.errors; the documented response keeps it.
    errors = ImportRowErrorSerializer(many=True)  # type: ignore[assignment]


def report_body(job, *, dry_run: bool) -> dict:
    return {
        "job_id": job.pk,
        "status": job.status,
        "dry_run": dry_run,
        "total_rows": job.total_rows,
        "error_count": job.error_count,
        "created_count": job.created_count,
        "updated_count": job.updated_count,
        "errors": import_reads.report_errors(job),
    }


_EXAMPLE = {
    "job_id": 12,
    "status": "invalid",
    "dry_run": True,
    "total_rows": 3,
    "error_count": 1,
    "created_count": 2,
    "updated_count": 0,
    "errors": [{"row": 3, "column": "NIP_BARU", "message": "NIP harus 18 digit, bukan 17."}],
}


@method_decorator(login_not_required, name="dispatch")
class EmployeeImportView(ApiViewMixin, APIView):
    """Import employees from a CSV or XLSX file (docs/import-layout.md).

    `dry_run=true` (the default) checks every row and writes nothing but the job. `dry_run=false`
    imports the whole file in one transaction when no row has an error, updating employees by
    NIP. Files above ABDI_IMPORT_SYNC_ROW_LIMIT rows are imported by the task worker (202)."""

    parser_classes = [MultiPartParser, FormParser]
    serializer_class = ImportRequestSerializer

    @extend_schema(
        operation_id="employees_import",
        request={"multipart/form-data": ImportRequestSerializer},
        responses={
            200: OpenApiResponse(
                ImportReportSerializer,
                description="Uji coba tanpa kesalahan, atau impor selesai.",
            ),
            202: OpenApiResponse(
                ImportReportSerializer,
                description="Berkas besar: impor berjalan di latar belakang.",
            ),
            400: OpenApiResponse(
                PolymorphicProxySerializer(
                    component_name="ImportRejected",
                    serializers=[ImportReportSerializer, ValidationErrorSerializer],
                    resource_type_field_name=None,
                ),
                description=(
                    "Ada baris yang salah: laporan per baris, tidak ada data yang diubah. "
                    'Berkas yang ditolak utuh (jenis, ukuran, rusak): {"errors": {"file": [...]}}.'
                ),
                examples=[OpenApiExample("Baris salah", value=_EXAMPLE)],
            ),
            403: OpenApiResponse(description="Pengguna tidak berwenang mengimpor pegawai."),
        },
    )
    def post(self, request):
        if not can_manage_employees(request.user):
            raise PermissionDenied
        serializer = ImportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        dry_run = serializer.validated_data["dry_run"]
        try:
            job = upload.import_upload(
                actor=request.user, uploaded_file=serializer.validated_data["file"]
            )
        except DjangoValidationError as exc:
            raise DjangoValidationError({"file": exc.messages}) from exc
        # Integrators wait for the dry run: checking is fast (docs/decisions/0003-import.md).
        job = validation.import_validate(job)
        if job.status != ImportStatus.VALIDATED:
            return Response(report_body(job, dry_run=dry_run), status=status.HTTP_400_BAD_REQUEST)
        if dry_run:
            return Response(report_body(job, dry_run=True))
        try:
            job = writing.import_execute_start(actor=request.user, job=job)
        except DjangoValidationError:
            job.refresh_from_db()
            return Response(report_body(job, dry_run=False), status=status.HTTP_400_BAD_REQUEST)
        code = status.HTTP_200_OK if job.status == ImportStatus.DONE else status.HTTP_202_ACCEPTED
        return Response(report_body(job, dry_run=False), status=code)
