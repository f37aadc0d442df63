"""Pages of the credit area: certificates and their public verification, the JP ledger and its
dashboard, external certificates, and the supervisor's confirmation of completions. Thin
adapters over selectors_credit, services_credit and permissions_credit."""

from __future__ import annotations

from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from openpyxl import Workbook

from abdi.core.errors import form_errors
from abdi.core.exports import append_xlsx
from abdi.core.throttle import hit
from abdi.employees.permissions import own_employee
from abdi.learning.choices import ExternalCertificateStatus
from abdi.learning.documents import certificate_pdf as render_certificate_pdf
from abdi.learning.documents import format_code
from abdi.learning.forms.credit import (
    DecideForm,
    ExternalCertificateForm,
    RevokeForm,
    VerifyForm,
)
from abdi.learning.permissions.credit import (
    can_confirm_completions,
    can_decide_external,
    can_revoke_certificate,
    can_see_credit_documents,
    can_submit_external,
    can_view_jp_dashboard,
    certificates_visible_to,
    externals_visible_to,
    jp_employee_or_404,
    team_enrolments,
    team_registrations,
)
from abdi.learning.selectors import credit as sel
from abdi.learning.services import credit as svc
from abdi.org.forms import ScopedUnitForm

MIN_YEAR = 2000


def _year(request) -> int:
    """The year asked for (?year=), or this year when missing or not a sensible year."""
    this_year = timezone.localdate().year
    raw = request.GET.get("year", "")
    if raw.isdigit() and MIN_YEAR <= int(raw) <= this_year + 1:
        return int(raw)
    return this_year


def _site_url(request) -> str:
    return request.build_absolute_uri("/")


# --- certificates ---------------------------------------------------------------------------


def my_certificates(request):
    certificates = list(sel.my_certificates(request.user))
    return render(
        request,
        "learning/credit/my_certificates.html",
        {"certificates": certificates, "has_employee": own_employee(request.user) is not None},
    )


def certificate_pdf(request, pk: int):
    certificate = get_object_or_404(certificates_visible_to(request.user), pk=pk)
    pdf = render_certificate_pdf(certificate, site_url=_site_url(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"sertifikat-{certificate.number.replace('/', '-')}.pdf"
    disposition = "attachment" if "download" in request.GET else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
def certificate_revoke(request, pk: int):
    certificate = get_object_or_404(
        certificates_visible_to(request.user).select_related("employee", "programme"), pk=pk
    )
    if not can_revoke_certificate(request.user):
        raise PermissionDenied
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.certificate_revoke(
                actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Sertifikat %s dicabut.") % certificate.number)
            return redirect("learning:employee_jp", nip=certificate.employee.nip)
    return render(
        request,
        "learning/credit/certificate_revoke.html",
        {"certificate": certificate, "form": form},
        status=400 if form.errors else 200,
    )


# --- public verification --------------------------------------------------------------------


def _too_many(request, retry_after: int):
    response = render(
        request,
        "public/certificates/too_many.html",
        {"minutes": max(1, round(retry_after / 60))},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


@login_not_required
def verify_form(request):
    form = VerifyForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("learning:certificate_verify", code=form.cleaned_data["code"])
    return render(request, "public/certificates/verify_form.html", {"form": form})


@login_not_required
def certificate_verify(request, code: str):
    allowed, retry_after = hit(request, "certificate-verify", settings.ABDI_VERIFY_RATE)
    if not allowed:
        return _too_many(request, retry_after)
    certificate = sel.certificate_by_code(code)
    if certificate is None:
        return render(
            request,
            "public/certificates/not_found.html",
            {"code": code[:20], "form": VerifyForm()},
            status=404,
        )
    return render(
        request,
        "public/certificates/verify.html",
        {
            "result": sel.verification_payload(certificate),
            "code_display": format_code(certificate.code),
        },
    )


# --- the JP ledger --------------------------------------------------------------------------


def _jp_page(request, employee, *, own: bool):
    summary = sel.jp_summary(employee, _year(request))
    return render(
        request,
        "learning/credit/jp_ledger.html",
        {
            "summary": summary,
            "employee": employee,
            "own": own,
            "can_see_documents": can_see_credit_documents(request.user, employee),
            "can_revoke": can_revoke_certificate(request.user),
        },
    )


def my_jp(request):
    employee = own_employee(request.user)
    if employee is None:
        return render(request, "learning/credit/no_employee.html")
    return _jp_page(request, employee, own=True)


def employee_jp(request, nip: str):
    employee = jp_employee_or_404(request.user, nip)
    return _jp_page(request, employee, own=employee.user_id == request.user.pk)


def _dashboard_filters(request):
    if not can_view_jp_dashboard(request.user):
        raise PermissionDenied
    year = _year(request)
    units = sel.dashboard_units(request.user)
    raw = request.GET.get("unit", "")
    if raw:
        if not raw.isdigit():
            raise Http404
        unit = get_object_or_404(units, pk=raw)
    else:
        unit = sel.default_dashboard_unit(request.user)
    return year, units, unit


class KnownCountPaginator(Paginator):
    """A paginator told its count when the dashboard has just counted who is below target,
    so that it does not run the expensive count again; a count from the cache may be minutes
    old while the list is live, so then (count None) it counts itself."""

    def __init__(self, object_list, per_page, count: int | None):
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        if self._known_count is None:
            self._known_count = super().count
        return self._known_count


def jp_dashboard(request):
    year, _units, unit = _dashboard_filters(request)
    started = timezone.now()
    rows, total, computed_at = sel.cached_unit_summary(request.user, year, unit)
    page = KnownCountPaginator(
        sel.below_target(request.user, year, unit),
        settings.ABDI_LIST_PAGE_SIZE,
        total.below if computed_at >= started else None,
    )
    below = page.get_page(request.GET.get("page"))
    this_year = timezone.localdate().year
    return render(
        request,
        "learning/credit/jp_dashboard.html",
        {
            "year": year,
            "years": list(range(this_year, this_year - 5, -1)),
            # The unit shown is preselected (where the dashboard opens: the top of the scope).
            "unit_form": ScopedUnitForm(
                user=request.user,
                scope="jp_dashboard",
                initial={"unit": unit.pk if unit else None},
            ),
            "unit": unit,
            "rows": rows,
            "total": total,
            "below": below,
            "computed_at": computed_at,
            "cache_minutes": sel.dashboard_cache_seconds() // 60,
        },
    )


def jp_dashboard_export(request):
    year, _units, unit = _dashboard_filters(request)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Di bawah target"))
    append_xlsx(
        sheet,
        [
            "NIP",
            _("Nama"),
            _("Jenis ASN"),
            _("Unit kerja"),
            _("Jabatan"),
            _("JP %(year)s") % {"year": year},
            _("Target"),
            _("Kurang"),
        ],
    )
    for e in sel.below_target(request.user, year, unit).iterator(chunk_size=2000):
        append_xlsx(
            sheet,
            [
                e.nip,
                e.full_name,
                e.get_kind_display(),
                e.org_unit.name,
                e.position.name if e.position_id else "",
                e.jp_total,
                e.jp_target,
                e.jp_target - e.jp_total,
            ],
        )
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"jp-di-bawah-target-{year}-{unit.code if unit else 'semua'}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- external certificates ------------------------------------------------------------------


def external_list(request):
    is_admin = can_decide_external(request.user)
    status = request.GET.get("status", ExternalCertificateStatus.SUBMITTED)
    if status not in ExternalCertificateStatus.values and status != "all":
        status = ExternalCertificateStatus.SUBMITTED
    queue = None
    if is_admin:
        page = Paginator(
            sel.external_queue("" if status == "all" else status), settings.ABDI_LIST_PAGE_SIZE
        )
        queue = page.get_page(request.GET.get("page"))
    return render(
        request,
        "learning/credit/external_list.html",
        {
            "mine": list(sel.my_externals(request.user)[:100]),
            "can_submit": can_submit_external(request.user),
            "is_admin": is_admin,
            "queue": queue,
            "status": status,
            "statuses": ExternalCertificateStatus.choices,
        },
    )


@require_http_methods(["GET", "POST"])
def external_create(request):
    if not can_submit_external(request.user):
        raise PermissionDenied
    form = ExternalCertificateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            external = svc.external_certificate_submit(
                actor=request.user,
                title=d["title"],
                provider=d["provider"],
                start_date=d["start_date"],
                end_date=d["end_date"],
                jp=d["jp"],
                number=d["number"],
                file=d["file"],
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(
                request, _("Sertifikat terkirim. JP dihitung setelah diverifikasi BKPSDM.")
            )
            return redirect("learning:external_detail", pk=external.pk)
    return render(
        request,
        "learning/credit/external_form.html",
        {"form": form, "max_bytes": svc.external_max_bytes()},
        status=400 if form.errors else 200,
    )


def _external_or_404(request, pk: int):
    return get_object_or_404(
        externals_visible_to(request.user).select_related("employee__org_unit", "decided_by"),
        pk=pk,
    )


def external_detail(request, pk: int):
    external = _external_or_404(request, pk)
    can_decide = (
        can_decide_external(request.user) and external.status == ExternalCertificateStatus.SUBMITTED
    )
    return render(
        request,
        "learning/credit/external_detail.html",
        {
            "external": external,
            "can_decide": can_decide,
            "form": DecideForm() if can_decide else None,
            "is_image": external.content_type.startswith("image/"),
        },
    )


def external_file(request, pk: int):
    external = _external_or_404(request, pk)
    if not external.file:
        raise Http404
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
    filename = f"sertifikat-eksternal-{external.pk}.{extension.get(external.content_type, 'bin')}"
    response = FileResponse(
        external.file.open("rb"),
        content_type=external.content_type or "application/octet-stream",
        as_attachment="download" in request.GET,
        filename=filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def external_decide(request, pk: int):
    external = _external_or_404(request, pk)
    if not can_decide_external(request.user):
        raise PermissionDenied
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            svc.external_certificate_decide(
                actor=request.user,
                external=external,
                verify=form.cleaned_data["decision"] == "verify",
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Keputusan verifikasi disimpan."))
    else:
        messages.error(request, _("Pilih keputusan: verifikasi atau tolak."))
    return redirect("learning:external_detail", pk=external.pk)


# --- completions awaiting the supervisor's confirmation --------------------------------------


def completion_confirmations(request):
    if not can_confirm_completions(request.user):
        raise PermissionDenied
    return render(
        request,
        "learning/credit/completion_confirmations.html",
        {
            "registrations": list(sel.awaiting_registrations(request.user)[:200]),
            "enrolments": list(sel.awaiting_enrolments(request.user)[:200]),
            "recent": sel.recently_confirmed(request.user),
        },
    )


def _confirm(request, *, registration=None, enrolment=None):
    try:
        record = svc.completion_confirm(
            actor=request.user, registration=registration, enrolment=enrolment
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if record.raised_assessment_id:
            messages.success(
                request, _("Penyelesaian dikonfirmasi; level kompetensi pegawai dinaikkan.")
            )
        else:
            messages.success(
                request,
                _("Penyelesaian dikonfirmasi; level kompetensi pegawai sudah setara atau lebih."),
            )
    return redirect(reverse("learning:completion_confirmations"))


@require_POST
def completion_confirm(request, pk: int):
    registration = get_object_or_404(
        team_registrations(request.user).select_related("session__programme__provider"), pk=pk
    )
    return _confirm(request, registration=registration)


@require_POST
def enrolment_completion_confirm(request, pk: int):
    enrolment = get_object_or_404(
        team_enrolments(request.user).select_related("course__programme__provider"), pk=pk
    )
    return _confirm(request, enrolment=enrolment)
