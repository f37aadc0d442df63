"""Personnel import pages: upload, dry-run report, confirm, progress (HTMX polling).

Thin adapters over the import services (abdi.employees.services.imports). Only users who manage employees may import (403
otherwise); a job is visible to its creator and to BKPSDM admins (404 for anyone else)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from abdi.employees import import_format
from abdi.employees.choices import ImportStatus
from abdi.employees.permissions import can_manage_employees, import_jobs_visible_to
from abdi.employees.selectors import imports as import_reads
from abdi.employees.services.imports import upload, validation, writing

RUNNING = (ImportStatus.VALIDATING, ImportStatus.IMPORTING)
TEMPLATE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas CSV atau XLSX"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.xlsx,text/csv", "class": "form-control"}
        ),
    )


def _guard(request) -> None:
    if not can_manage_employees(request.user):
        raise PermissionDenied


def _job_or_404(request, pk: int):
    job = get_object_or_404(import_jobs_visible_to(request.user), pk=pk)
    _guard(request)
    return validation.import_mark_stale(job)


@require_http_methods(["GET", "POST"])
def import_start(request):
    _guard(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = upload.import_upload(actor=request.user, uploaded_file=form.cleaned_data["file"])
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            writing.import_validate_start(job)
            return redirect("employees:import_detail", pk=job.pk)
    recent = import_jobs_visible_to(request.user).filter(created_by=request.user)[:10]
    return render(
        request,
        "employees/import_start.html",
        {
            "form": form,
            "recent": recent,
            "columns": import_format.COLUMNS,
            "max_bytes": settings.ABDI_IMPORT_MAX_BYTES,
            "max_rows": settings.ABDI_IMPORT_MAX_ROWS,
            "sync_limit": settings.ABDI_IMPORT_SYNC_ROW_LIMIT,
        },
    )


@require_GET
def import_template(request, fmt: str):
    _guard(request)
    if fmt not in TEMPLATE_TYPES:
        raise Http404
    content = (
        import_reads.template_csv(request.user)
        if fmt == "csv"
        else import_reads.template_xlsx(request.user)
    )
    response = HttpResponse(content, content_type=TEMPLATE_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="templat-impor-pegawai.{fmt}"'
    return response


def _detail_context(job) -> dict:
    report = job.report or {}
    errors = import_reads.report_errors(job)
    warnings = [
        {"row": int(n), **w} for n, items in report.get("warnings", {}).items() for w in items
    ]
    return {
        "job": job,
        "report": report,
        "errors": errors,
        "warnings": warnings,
        "preview": report.get("preview", {}),
        "running": job.status in RUNNING,
        "can_confirm": job.status == ImportStatus.VALIDATED and not job.error_count,
    }


@require_GET
def import_detail(request, pk: int):
    job = _job_or_404(request, pk)
    return render(request, "employees/import_detail.html", _detail_context(job))


@require_POST
def import_confirm(request, pk: int):
    job = _job_or_404(request, pk)
    try:
        job = writing.import_execute_start(actor=request.user, job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except Exception:
        messages.error(
            request, _("Impor gagal karena kesalahan sistem; tidak ada data yang diubah.")
        )
    else:
        if job.status == ImportStatus.DONE:
            messages.success(
                request,
                _("Impor selesai: %(created)d pegawai baru, %(updated)d diperbarui.")
                % {"created": job.created_count, "updated": job.updated_count},
            )
    return redirect("employees:import_detail", pk=pk)


@require_GET
def import_progress(request, pk: int):
    job = _job_or_404(request, pk)
    response = render(
        request, "employees/import_progress.html", {"job": job, "running": job.status in RUNNING}
    )
    if job.status not in RUNNING and request.htmx:
        response["HX-Refresh"] = "true"  # finished: reload the page to show the full report
    return response
