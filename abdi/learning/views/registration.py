"""Registration pages: thin adapters over selectors_registration, services_registration and
permissions_registration. A registration outside the user's scope is a 404; an act the user
may not do on one they can see is a 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from abdi.core.errors import error_messages, flash_errors
from abdi.employees.models import Employee
from abdi.employees.permissions import own_employee
from abdi.employees.rules import clean_nip
from abdi.learning.choices import LIVE_REGISTRATION
from abdi.learning.forms.registration import (
    AttendanceForm,
    CompleteForm,
    NominateForm,
    ReactionSurveyForm,
    ReasonForm,
    RegisterForm,
    ScoresForm,
)
from abdi.learning.models import TrainingSession
from abdi.learning.permissions.common import can_manage_learning
from abdi.learning.permissions.registration import (
    can_answer_survey,
    can_approve_registration,
    can_cancel_registration,
    can_confirm_registration,
    can_nominate,
    can_reject_registration,
    is_supervisor,
    registration_or_404,
)
from abdi.learning.selectors import registration as selectors
from abdi.learning.services import registration as services


def _back(request, fallback: str, *args):
    """Back to the page that posted (a safe `next`), else to `fallback`."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(fallback, *args)


def _session_or_404(pk) -> TrainingSession:
    return get_object_or_404(
        TrainingSession.objects.select_related("programme", "programme__provider"), pk=pk
    )


# ------------------------------------------------------------------ the session page


def session_detail(request, pk):
    session = _session_or_404(pk)
    today = timezone.localdate()
    selectors.session_for_page(session, today=today)
    me = own_employee(request.user)
    own = selectors.own_registration(session, me)
    live = own is not None and own.status in LIVE_REGISTRATION
    plan_items = selectors.plan_items_for(me)
    problems = services.registration_problems(session, me, today=today) if me else []
    nominate = can_nominate(request.user)
    return render(
        request,
        "learning/registration/session_detail.html",
        {
            "session": session,
            "programme": session.programme,
            "targets": session.programme.competency_targets.select_related("competency"),
            "me": me,
            "own": own,
            "own_live": live,
            "own_steps": selectors.steps_of(own) if own else [],
            "waitlist_position": selectors.waitlist_position(own) if own else None,
            "can_cancel_own": own is not None and can_cancel_registration(request.user, own),
            "problems": problems,
            "register_form": RegisterForm(plan_items=plan_items),
            "has_plan_items": me is not None and plan_items.exists(),
            "can_nominate": nominate and not session.is_cancelled,
            "subordinates": selectors.subordinates_of(request.user) if nominate else [],
            "nominate_form": NominateForm(),
            "is_manager": can_manage_learning(request.user),
        },
    )


@require_POST
def register(request, pk):
    session = _session_or_404(pk)
    me = own_employee(request.user)
    if me is None:
        raise PermissionDenied
    form = RegisterForm(request.POST, plan_items=selectors.plan_items_for(me))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("learning:session_detail", pk=session.pk)
    try:
        registration = services.registration_create(
            actor=request.user,
            session=session,
            motivation=form.cleaned_data["motivation"],
            plan_item=form.cleaned_data["plan_item"],
        )
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("learning:session_detail", pk=session.pk)
    messages.success(
        request,
        _("Pendaftaran tercatat: %(status)s.") % {"status": registration.get_status_display()},
    )
    return redirect("learning:registration_detail", pk=registration.pk)


def _nominable(user, nip: str) -> Employee:
    """The employee the user may nominate: a subordinate, or anyone for BKPSDM; else 404."""
    scope = Employee.objects.all() if can_manage_learning(user) else selectors.subordinates_of(user)
    return get_object_or_404(scope, nip=nip)


@require_POST
def nominate(request, pk):
    session = _session_or_404(pk)
    if not can_nominate(request.user):
        raise PermissionDenied
    form = NominateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih pegawai yang diusulkan."))
        return redirect("learning:session_detail", pk=session.pk)
    employee = _nominable(request.user, clean_nip(form.cleaned_data["nip"]))
    try:
        registration = services.registration_create(
            actor=request.user,
            session=session,
            employee=employee,
            motivation=form.cleaned_data["motivation"],
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("learning:session_detail", pk=session.pk)
    messages.success(
        request,
        _("%(name)s diusulkan: %(status)s.")
        % {"name": employee.name, "status": registration.get_status_display()},
    )
    return redirect("learning:session_detail", pk=session.pk)


# ------------------------------------------------------------------ lists


def my_registrations(request):
    me = own_employee(request.user)
    return render(
        request,
        "learning/registration/my_registrations.html",
        {"me": me, "registrations": selectors.my_registrations(request.user)},
    )


def approvals(request):
    if not is_supervisor(request.user):
        raise PermissionDenied
    return render(
        request,
        "learning/registration/approvals.html",
        {"registrations": selectors.approvals_inbox(request.user), "reject_form": ReasonForm()},
    )


BULK_LIMIT = 100


@require_POST
def approvals_bulk(request):
    """Approve several subordinates' registrations at once (the approvals page and "Tugas
    saya"). Each goes through `services.registration_approve` in its own transaction: one that
    the rules refuse (a full session, a cancelled one) is reported by name and the others still
    pass. Registrations outside the user's scope are skipped silently, as a 404 would."""
    if not is_supervisor(request.user):
        raise PermissionDenied
    ids = [int(i) for i in request.POST.getlist("registration") if i.isdigit()][:BULK_LIMIT]
    if not ids:
        messages.warning(request, _("Pilih dulu pendaftaran yang akan disetujui."))
        return _back(request, "learning:approvals")
    approved = 0
    for registration in selectors.approvals_inbox(request.user).filter(pk__in=ids):
        try:
            services.registration_approve(actor=request.user, registration=registration)
        except (ValidationError, PermissionDenied) as exc:
            reasons = error_messages(exc) if isinstance(exc, ValidationError) else [str(exc)]
            messages.error(
                request,
                _("%(name)s — %(training)s: %(reason)s")
                % {
                    "name": registration.employee.full_name,
                    "training": registration.session.programme.title,
                    "reason": " ".join(str(r) for r in reasons),
                },
            )
        else:
            approved += 1
    if approved:
        messages.success(
            request,
            ngettext("%(n)s pendaftaran disetujui.", "%(n)s pendaftaran disetujui.", approved)
            % {"n": approved},
        )
    return _back(request, "learning:approvals")


def confirmations(request):
    if not can_manage_learning(request.user):
        raise PermissionDenied
    return render(
        request,
        "learning/registration/confirmations.html",
        {"groups": selectors.confirmations_queue(today=timezone.localdate())},
    )


# ------------------------------------------------------------------ one registration


def registration_detail(request, pk):
    registration = registration_or_404(request.user, pk)
    user = request.user
    survey = selectors.reaction_survey_of(registration)
    return render(
        request,
        "learning/registration/registration_detail.html",
        {
            "registration": registration,
            "session": registration.session,
            "steps": selectors.steps_of(registration),
            "waitlist_position": selectors.waitlist_position(registration),
            "can_approve": can_approve_registration(user, registration),
            "can_reject": can_reject_registration(user, registration),
            "can_confirm": can_confirm_registration(user, registration),
            "can_cancel": can_cancel_registration(user, registration),
            "can_survey": can_answer_survey(user, registration) and survey is None,
            "survey": survey,
            "is_manager": can_manage_learning(user),
            "reason_form": ReasonForm(),
        },
    )


def _act(request, pk, action, success: str, **kwargs):
    registration = registration_or_404(request.user, pk)
    try:
        action(actor=request.user, registration=registration, **kwargs)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, success)
    return _back(request, "learning:registration_detail", registration.pk)


@require_POST
def registration_approve(request, pk):
    return _act(request, pk, services.registration_approve, _("Pendaftaran disetujui."))


@require_POST
def registration_reject(request, pk):
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(request, pk, services.registration_reject, _("Pendaftaran ditolak."), reason=reason)


@require_POST
def registration_cancel(request, pk):
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request, pk, services.registration_cancel, _("Pendaftaran dibatalkan."), reason=reason
    )


@require_POST
def registration_confirm(request, pk):
    registration = registration_or_404(request.user, pk)
    try:
        services.registration_confirm(actor=request.user, registration=registration)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            _("%(name)s: %(status)s.")
            % {
                "name": registration.employee.name,
                "status": registration.get_status_display(),
            },
        )
    return _back(request, "learning:registration_detail", registration.pk)


# ------------------------------------------------------------------ roster and completion


def session_roster(request, pk):
    session = _session_or_404(pk)
    if not can_manage_learning(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    roster = selectors.session_roster(session, today=today)
    markable = [d for d in roster.days if d <= today]
    chosen = request.GET.get("day", "")
    mark_day = next((d for d in markable if d.isoformat() == chosen), None)
    mark_day = mark_day or (markable[-1] if markable else None)
    if mark_day is not None:
        index = roster.days.index(mark_day)
        for registration in roster.participants:
            registration.mark_now = registration.marks[index]
    return render(
        request,
        "learning/registration/roster.html",
        {
            "session": session,
            "roster": roster,
            "markable_days": markable,
            "mark_day": mark_day,
            "started": today >= session.start_date,
        },
    )


@require_POST
def attendance(request, pk):
    session = _session_or_404(pk)
    if not can_manage_learning(request.user):
        raise PermissionDenied
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih tanggal kehadiran."))
        return redirect("learning:session_roster", pk=session.pk)
    ids = [int(v) for v in request.POST.getlist("registration") if v.isdigit()]
    present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
    try:
        count = services.attendance_record(
            actor=request.user,
            session=session,
            date=form.cleaned_data["date"],
            present={pk_: pk_ in present for pk_ in ids},
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Kehadiran %(n)d peserta dicatat.") % {"n": count})
    return redirect("learning:session_roster", pk=session.pk)


@require_POST
def session_cancel(request, pk):
    session = _session_or_404(pk)
    if not can_manage_learning(request.user):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        count = services.session_cancel(session=session, actor=request.user, reason=reason)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            _("Sesi dibatalkan; %(n)d pendaftaran ikut dibatalkan dan pesertanya diberi tahu.")
            % {"n": count},
        )
    return redirect("learning:session_roster", pk=session.pk)


@require_POST
def registration_scores(request, pk):
    registration = registration_or_404(request.user, pk)
    if not can_manage_learning(request.user):
        raise PermissionDenied
    form = ScoresForm(request.POST)
    form.is_valid()
    try:
        services.registration_scores_set(
            actor=request.user,
            registration=registration,
            pre_test=form.cleaned_data.get("pre_test"),
            post_test=form.cleaned_data.get("post_test"),
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request, _("Nilai tes %(name)s disimpan.") % {"name": registration.employee.name}
        )
    return redirect("learning:session_roster", pk=registration.session_id)


@require_POST
def registration_complete(request, pk):
    registration = registration_or_404(request.user, pk)
    if not can_manage_learning(request.user):
        raise PermissionDenied
    form = CompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih selesai atau tidak selesai."))
        return _back(request, "learning:session_roster", registration.session_id)
    try:
        services.registration_complete(
            actor=request.user,
            registration=registration,
            passed=form.cleaned_data["passed"],
            score=form.cleaned_data["score"],
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            _("%(name)s: %(status)s.")
            % {
                "name": registration.employee.name,
                "status": registration.get_status_display(),
            },
        )
    return _back(request, "learning:session_roster", registration.session_id)


@require_http_methods(["GET", "POST"])
def reaction_survey(request, pk):
    registration = registration_or_404(request.user, pk)
    if registration.employee.user_id != request.user.pk:
        raise PermissionDenied
    survey = selectors.reaction_survey_of(registration)
    form = ReactionSurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.reaction_survey_submit(
                actor=request.user,
                registration=registration,
                comment=data.pop("comment"),
                **data,
            )
        except ValidationError as exc:
            for message in error_messages(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("Terima kasih, survei reaksi Anda tersimpan."))
            return redirect("learning:registration_detail", pk=registration.pk)
    return render(
        request,
        "learning/registration/reaction_survey.html",
        {
            "registration": registration,
            "session": registration.session,
            "survey": survey,
            "form": form,
            "can_answer": can_answer_survey(request.user, registration) and survey is None,
        },
        status=400 if form.errors else 200,
    )
