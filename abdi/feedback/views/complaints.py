"""Staff pages of complaint handling: the inbox, a complaint with its timeline and the actions
the user may take, attachments, the unit scorecard and the SP4N-LAPOR! import. A complaint
outside the user's scope is a 404; an action the user may not take a 403."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from abdi.feedback.choices import ComplaintAction as A
from abdi.feedback.forms.complaints import (
    ActionForm,
    DispatchForm,
    InboxFilterForm,
    LaporImportForm,
    LinkEmployeeForm,
    NoteForm,
    RespondForm,
    add_service_errors,
)
from abdi.feedback.models import Complaint
from abdi.feedback.permissions import (
    can_act_on_complaint,
    can_import_complaints,
    can_see_reporter,
    can_use_complaint_inbox,
    can_view_scorecard,
    complaints_visible_to,
    is_complaint_coordinator,
)
from abdi.feedback.rules import complaints as rules
from abdi.feedback.selectors.complaints import (
    complaint_detail_queryset,
    complaint_inbox,
    ikm_chart,
    mark_overdue,
)
from abdi.feedback.selectors.complaints import (
    scorecard as scorecard_rows,
)
from abdi.feedback.services import complaints as svc
from abdi.feedback.services import lapor_import as lapor

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# page action -> (form class, service call, success message). The service is called with the
# form's cleaned data as keywords, so each has its own signature.
ACTIONS: dict[str, tuple[type[Form], Callable[..., Complaint], StrOrPromise]] = {
    A.VERIFY: (ActionForm, svc.complaint_verify, gettext_lazy("Laporan diverifikasi.")),
    A.POSTPONE: (ActionForm, svc.complaint_postpone, gettext_lazy("Laporan ditunda.")),
    A.NOT_AUTHORITY: (
        ActionForm,
        svc.complaint_not_authority,
        gettext_lazy("Laporan dinyatakan bukan kewenangan."),
    ),
    A.ARCHIVE: (ActionForm, svc.complaint_archive, gettext_lazy("Laporan diarsipkan.")),
    A.DISPATCH: (DispatchForm, svc.complaint_dispatch, gettext_lazy("Laporan diteruskan ke unit.")),
    A.RESPOND: (
        RespondForm,
        svc.complaint_respond,
        gettext_lazy("Jawaban terkirim; laporan ditindaklanjuti."),
    ),
    A.NOTE: (NoteForm, svc.complaint_note, gettext_lazy("Catatan disimpan.")),
    A.CLOSE: (ActionForm, svc.complaint_close, gettext_lazy("Laporan ditutup.")),
    A.LINK_EMPLOYEE: (
        LinkEmployeeForm,
        svc.complaint_link_employee,
        gettext_lazy("Laporan dikaitkan dengan pegawai."),
    ),
}
# The order of the action panels on the detail page.
ACTION_ORDER = [
    A.VERIFY,
    A.DISPATCH,
    A.RESPOND,
    A.CLOSE,
    A.POSTPONE,
    A.NOT_AUTHORITY,
    A.ARCHIVE,
    A.LINK_EMPLOYEE,
    A.NOTE,
]


# What the action's button says (imperative; the timeline uses ComplaintAction's labels).
ACTION_LABELS = {
    A.VERIFY: gettext_lazy("Verifikasi"),
    A.DISPATCH: gettext_lazy("Teruskan ke unit"),
    A.RESPOND: gettext_lazy("Jawab dan tandai ditindaklanjuti"),
    A.CLOSE: gettext_lazy("Tutup laporan"),
    A.POSTPONE: gettext_lazy("Tunda (minta kelengkapan)"),
    A.NOT_AUTHORITY: gettext_lazy("Bukan kewenangan"),
    A.ARCHIVE: gettext_lazy("Arsipkan"),
    A.LINK_EMPLOYEE: gettext_lazy("Kaitkan dengan pegawai"),
    A.NOTE: gettext_lazy("Tambah catatan internal"),
}


def _require_inbox(user) -> None:
    if not can_use_complaint_inbox(user):
        raise PermissionDenied(_("Halaman ini untuk pengelola dan penghubung pengaduan."))


def inbox(request):
    _require_inbox(request.user)
    form = InboxFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = complaint_inbox(user=request.user, filters=filters)
    page = Paginator(qs, settings.ABDI_LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    mark_overdue(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "feedback/complaints/inbox.html",
        {
            "page_obj": page,
            "filter_form": form,
            "querystring": query.urlencode(),
            "can_import": can_import_complaints(request.user),
        },
    )


def _available_actions(user, complaint) -> list[str]:
    allowed = rules.allowed_actions(complaint.status)
    return [
        a
        for a in ACTION_ORDER
        if a in allowed
        and can_act_on_complaint(user, complaint, a)
        and not (a == A.LINK_EMPLOYEE and complaint.kind != "complaint")
    ]


def _initial_for(action: str, complaint) -> dict:
    """Dispatching starts from the unit the complaint is about (issue 13)."""
    if action == A.DISPATCH:
        return {"initial": {"unit": complaint.dispatched_unit_id or complaint.org_unit_id}}
    return {}


def _detail(request, complaint, *, bound=None, status=200):
    actions = _available_actions(request.user, complaint)
    forms = {a: ACTIONS[a][0](prefix=a, **_initial_for(a, complaint)) for a in actions}
    action_errors = []
    if bound is not None:
        if bound[0] in forms:
            forms[bound[0]] = bound[1]
        else:  # refused in this status: the panel is gone, say why at the top
            action_errors = [e for errs in bound[1].errors.values() for e in errs]
    mark_overdue([complaint])
    return render(
        request,
        "feedback/complaints/detail.html",
        {
            "complaint": complaint,
            "code_display": rules.format_tracking_code(complaint.tracking_code),
            "show_reporter": can_see_reporter(request.user, complaint),
            "is_coordinator": is_complaint_coordinator(request.user),
            "action_forms": [(a, ACTION_LABELS[a], forms[a]) for a in actions],
            "open_action": bound[0] if bound else "",
            "action_errors": action_errors,
        },
        status=status,
    )


def complaint_detail(request, pk: int):
    complaint = get_object_or_404(complaint_detail_queryset(user=request.user), pk=pk)
    return _detail(request, complaint)


@require_POST
def complaint_act(request, pk: int, action: str):
    complaint = get_object_or_404(complaint_detail_queryset(user=request.user), pk=pk)
    if action not in ACTIONS:
        raise Http404
    if not can_act_on_complaint(request.user, complaint, action):
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))
    form_class, service, success = ACTIONS[action]
    form = form_class(request.POST, prefix=action)
    if form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("nip", None)
        try:
            service(complaint=complaint, actor=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("feedback:complaint_detail", pk=complaint.pk)
    return _detail(request, complaint, bound=(action, form), status=400)


def attachment_download(request, pk: int, attachment_pk: int):
    complaint = get_object_or_404(complaints_visible_to(request.user), pk=pk)
    attachment = get_object_or_404(complaint.attachments, pk=attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    ext = os.path.splitext(attachment.file.name)[1]
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"lampiran-{complaint.tracking_code}-{attachment.pk}{ext}",
        content_type=attachment.content_type,
    )


def scorecard(request):
    if not can_view_scorecard(request.user):
        raise PermissionDenied(
            _("Rekap unit untuk pimpinan, admin BKPSDM, dan pengelola pengaduan.")
        )
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    rows = scorecard_rows(user=request.user, year=year)
    return render(
        request,
        "feedback/complaints/scorecard.html",
        {
            "rows": rows,
            "year": year,
            "years": list(range(this_year, this_year - 5, -1)),
            "ikm_available": any(r.ikm is not None for r in rows),
            "ikm_chart": ikm_chart(rows),
        },
    )


def lapor_import(request):
    if not can_import_complaints(request.user):
        raise PermissionDenied(_("Impor SP4N-LAPOR! hanya untuk pengelola pengaduan."))
    form = LaporImportForm()
    report = None
    if request.method == "POST" and request.POST.get("confirm"):
        token = request.session.get("lapor_import_token")
        if not token or token != request.POST.get("token"):
            messages.error(request, _("Berkas uji coba tidak ditemukan; unggah ulang berkasnya."))
            return redirect("feedback:lapor_import")
        try:
            content = lapor.load_staged(token)
            result = lapor.lapor_import_execute(actor=request.user, content=content)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            lapor.discard_staged(token)
            request.session.pop("lapor_import_token", None)
            messages.success(
                request,
                _("%(created)d laporan diimpor, %(skipped)d sudah ada dan dilewati.")
                % {"created": result.created, "skipped": result.skipped},
            )
            return redirect("feedback:inbox")
    elif request.method == "POST":
        form = LaporImportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                content = lapor.read_upload(form.cleaned_data["file"])
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                report = lapor.lapor_import_check(content)
                if report.ok and report.to_create:
                    report.token = lapor.stage(content)
                    request.session["lapor_import_token"] = report.token
    return render(
        request,
        "feedback/complaints/lapor_import.html",
        {"form": form, "report": report, "columns": lapor.COLUMNS},
        status=400 if report is not None and not report.ok else 200,
    )
