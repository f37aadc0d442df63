"""BKPSDM's pages: set-up, applicants, administrative results, ranking, appointment, PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abdi.careers.documents_selection import selection_pdf as render_pdf
from abdi.careers.forms.selection import (
    AppointmentForm,
    ExternalApplicantForm,
    PanelForm,
    RequirementsForm,
    SelectionForm,
    StagesForm,
)
from abdi.careers.models.selection import (
    Objection,
    SelectionRequirement,
    SelectionState,
)
from abdi.careers.permissions import selection as perms
from abdi.careers.selectors import eligibility
from abdi.careers.selectors import selection as selectors
from abdi.careers.services import selection as services
from abdi.careers.views.selection.common import (
    PAGE_SIZE,
    application_or_404,
    describe_requirement,
    error_messages,
    flash_errors,
    require_admin,
    selection_or_404,
)
from abdi.employees.permissions import in_unit_subtrees, own_employee
from abdi.org.models import Position
from abdi.org.permissions import picker_scope

# --- BKPSDM: set-up ---------------------------------------------------------------------------


def selection_list(request):
    state = request.GET.get("state", "")
    if state not in SelectionState.values:
        state = ""
    qs = selectors.selection_list(user=request.user, state=state)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "careers/selection/list.html",
        {
            "page_obj": page,
            "state": state,
            "states": SelectionState.choices,
            "can_manage": perms.can_manage_selections(request.user),
        },
    )


def _position_choices(user):
    """The posts a selection may fill (active, not pelaksana), within the user's picker scope;
    the picker searches them, the form validates against them."""
    within = picker_scope(user, "operator")
    posts = Position.objects.filter(is_active=True).exclude(kind="pelaksana")
    if within is not None:
        posts = posts.filter(in_unit_subtrees(within))
    return posts, within


def _selection_kwargs(form: SelectionForm) -> dict:
    d = form.cleaned_data
    return {
        "title": d["title"],
        "kind": d["kind"],
        "positions": list(d["positions"]),
        "opens_on": d["opens_on"],
        "closes_on": d["closes_on"],
        "announcement": d["announcement"],
        "objection_days": d["objection_days"],
        "required_documents": form.document_names(),
    }


def _form_page(request, template: str, selection, form, errors: list[str]):
    """A selection's form page; 400 when the service refused the input."""
    return render(
        request,
        template,
        {"selection": selection, "form": form, "errors": errors},
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
def selection_create(request):
    require_admin(request)
    positions, within = _position_choices(request.user)
    form = SelectionForm(request.POST or None, positions=positions, within=within)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            selection = services.selection_create(actor=request.user, **_selection_kwargs(form))
        except ValidationError as exc:
            errors = error_messages(exc)
        else:
            messages.success(
                request, _("Seleksi dibuat. Syarat dan tahap terisi dari data acuan; periksa.")
            )
            return redirect("careers:selection_detail", pk=selection.pk)
    return render(
        request,
        "careers/selection/form.html",
        {"form": form, "errors": errors, "selection": None},
        status=400 if errors or form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def selection_edit(request, pk):
    selection = selection_or_404(request, pk)
    require_admin(request)
    chosen = [p.pk for p in selection.positions.all()]
    posts, within = _position_choices(request.user)
    positions = Position.objects.filter(Q(pk__in=posts.values("pk")) | Q(pk__in=chosen))
    initial = {
        "title": selection.title,
        "kind": selection.kind,
        "positions": chosen,
        "opens_on": selection.opens_on,
        "closes_on": selection.closes_on,
        "objection_days": selection.objection_days,
        "required_documents": "\n".join(selectors.required_document_names(selection)),
        "announcement": selection.announcement,
    }
    form = SelectionForm(request.POST or None, initial=initial, positions=positions, within=within)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.selection_update(
                actor=request.user, selection=selection, **_selection_kwargs(form)
            )
        except ValidationError as exc:
            errors = error_messages(exc)
        else:
            messages.success(request, _("Seleksi disimpan."))
            return redirect("careers:selection_detail", pk=selection.pk)
    return render(
        request,
        "careers/selection/form.html",
        {"form": form, "errors": errors, "selection": selection},
        status=400 if errors or form.errors else 200,
    )


def selection_detail(request, pk):
    selection = selection_or_404(request, pk)
    user = request.user
    tables = selectors.selection_tables()
    apps = selectors.applications_of(selection, user=user)
    if not (perms.reads_all_selections(user) or perms.is_panel_member(user, selection)):
        apps = apps.none()
    page = Paginator(apps, PAGE_SIZE).get_page(request.GET.get("page"))
    is_admin = perms.can_manage_selections(user)
    return render(
        request,
        "careers/selection/detail.html",
        {
            "selection": selection,
            "requirements": [
                (r, describe_requirement(r, tables)) for r in selection.requirements.all()
            ],
            "stages": selection.stages.select_related("quiz"),
            "panel": selection.panel.all(),
            "steps": selection.steps.all(),
            "page_obj": page,
            "is_admin": is_admin,
            "is_member": perms.is_panel_member(user, selection),
            "can_rank": perms.can_view_ranking(user, selection),
            "own": own_employee(user)
            and selection.applications.filter(employee=own_employee(user)).first(),
            "documents": selectors.required_document_names(selection),
            "eligibility_run": is_admin and eligibility.eligibility_summary(selection),
            "eligible_sample": is_admin
            and list(eligibility.eligible_employees(selection).order_by("name", "nip")[:10]),
        },
    )


@require_http_methods(["GET", "POST"])
def selection_stages(request, pk):
    """The stages, weights and windows of a draft; after the announcement the windows only."""
    selection = selection_or_404(request, pk)
    require_admin(request)
    stages = list(selection.stages.all())
    current = {s.kind: s.weight for s in stages}
    quiz = next((s.quiz_id for s in stages if s.quiz_id), None)
    schedule_only = selection.state != SelectionState.DRAFT
    form = StagesForm(
        request.POST or None,
        current=current,
        quiz=quiz,
        windows={s.kind: (s.starts_at, s.ends_at) for s in stages},
        schedule_only=schedule_only,
    )
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            if schedule_only:
                services.stage_schedule_set(
                    actor=request.user, selection=selection, windows=form.windows()
                )
            else:
                services.stages_set(
                    actor=request.user,
                    selection=selection,
                    weights=form.weights(),
                    quiz=form.cleaned_data.get("quiz"),
                    windows=form.windows(),
                )
        except ValidationError as exc:
            errors = error_messages(exc)
        else:
            messages.success(
                request,
                _("Jadwal tahap disimpan.") if schedule_only else _("Tahap dan bobot disimpan."),
            )
            return redirect("careers:selection_detail", pk=selection.pk)
    return _form_page(request, "careers/selection/stages.html", selection, form, errors)


@require_http_methods(["GET", "POST"])
def selection_requirements(request, pk):
    selection = selection_or_404(request, pk)
    require_admin(request)
    form = RequirementsForm(
        request.POST or None,
        initial=RequirementsForm.initial_from(selection.requirements.all()),
    )
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.requirements_set(
                actor=request.user, selection=selection, requirements=form.requirements()
            )
        except ValidationError as exc:
            errors = error_messages(exc)
        else:
            messages.success(request, _("Syarat seleksi disimpan."))
            return redirect("careers:selection_detail", pk=selection.pk)
    return _form_page(request, "careers/selection/requirements.html", selection, form, errors)


@require_http_methods(["GET", "POST"])
def selection_panel(request, pk):
    selection = selection_or_404(request, pk)
    require_admin(request)
    initial = {}
    for i, m in enumerate(selection.panel.all()):
        initial.update(
            {
                f"username_{i}": m.user.username,
                f"name_{i}": m.name,
                f"institution_{i}": m.institution,
                f"internal_{i}": m.is_internal,
                f"role_{i}": m.role,
            }
        )
    form = PanelForm(request.POST or None, initial=initial)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        rows = form.filled()
        users = get_user_model().objects.in_bulk(
            [r["username"] for r in rows], field_name="username"
        )
        unknown = [r["username"] for r in rows if r["username"] not in users]
        if unknown:
            errors = [_("Akun tidak dikenal: %(u)s") % {"u": ", ".join(unknown)}]
        else:
            members = [
                services.PanelInput(
                    user=users[r["username"]],
                    name=r["name"] or users[r["username"]].get_full_name() or r["username"],
                    institution=r["institution"],
                    is_internal=r["is_internal"],
                    role=r["role"],
                )
                for r in rows
            ]
            try:
                services.panel_set(actor=request.user, selection=selection, members=members)
            except ValidationError as exc:
                errors = error_messages(exc)
            else:
                messages.success(request, _("Panitia seleksi ditetapkan."))
                return redirect("careers:selection_detail", pk=selection.pk)
    return _form_page(request, "careers/selection/panel_form.html", selection, form, errors)


ACTIONS = {
    "announce": (services.selection_announce, _("Seleksi diumumkan; pendaftaran dibuka.")),
    "close": (services.selection_close, _("Pendaftaran ditutup; seleksi administrasi dimulai.")),
    "scoring": (services.selection_start_scoring, _("Penilaian dimulai.")),
    "next_stage": (services.selection_next_stage, _("Tahap berikutnya dimulai.")),
    "rank": (services.ranking_propose, _("Peringkat ditetapkan; tiga besar diusulkan.")),
    "eligibility": (
        services.eligibility_evaluate_all_request,
        _("Kelayakan seluruh pegawai sedang dihitung ulang."),
    ),
}


@require_POST
def selection_action(request, pk, action):
    selection = selection_or_404(request, pk)
    require_admin(request)
    if action == "cancel":
        call = lambda **kw: services.selection_cancel(reason=request.POST.get("reason", ""), **kw)  # noqa: E731
        done = _("Seleksi dibatalkan.")
    elif action in ACTIONS:
        call, done = ACTIONS[action]
    else:
        raise Http404
    try:
        call(actor=request.user, selection=selection)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, done)
    if action == "rank":
        return redirect("careers:ranking", pk=selection.pk)
    return redirect("careers:selection_detail", pk=selection.pk)


@require_http_methods(["GET", "POST"])
def register_applicant(request, pk):
    selection = selection_or_404(request, pk)
    require_admin(request)
    form = ExternalApplicantForm(
        request.POST or None,
        request.FILES or None,
        names=selectors.required_document_names(selection),
    )
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        external = services.ExternalApplicant(
            name=d["name"],
            nip=d["nip"],
            agency=d["agency"],
            position=d["position"],
            position_kind=d["position_kind"],
            position_since=d["position_since"],
            birth_date=d["birth_date"],
            education=d["education"],
            rank=d["rank"],
            email=d["email"],
        )
        try:
            application = services.application_register(
                actor=request.user,
                selection=selection,
                documents=form.documents(request.FILES),
                external=external,
            )
        except ValidationError as exc:
            errors = error_messages(exc)
        else:
            messages.success(request, _("Pelamar dari instansi lain didaftarkan."))
            return redirect("careers:application_detail", pk=application.pk)
    return _form_page(request, "careers/selection/register.html", selection, form, errors)


@require_POST
def administrative_result(request, pk):
    application = application_or_404(request, pk)
    require_admin(request)
    try:
        services.administrative_result(
            actor=request.user,
            application=application,
            passed=request.POST.get("passed") == "1",
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Hasil seleksi administrasi dicatat."))
    return redirect("careers:application_detail", pk=application.pk)


@require_POST
def eligibility_override(request, pk):
    application = application_or_404(request, pk)
    require_admin(request)
    requirement = SelectionRequirement.objects.filter(
        pk=request.POST.get("requirement") or 0, selection=application.selection
    ).first()
    if requirement is None:
        messages.error(request, _("Pilih syarat yang dikecualikan."))
        return redirect("careers:application_detail", pk=application.pk)
    try:
        services.eligibility_override(
            actor=request.user,
            application=application,
            requirement=requirement,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Pengecualian syarat dicatat."))
    return redirect("careers:application_detail", pk=application.pk)


@require_POST
def objection_decide(request, pk):
    application = application_or_404(request, pk)
    require_admin(request)
    objection = Objection.objects.filter(application=application).first()
    if objection is None:
        messages.error(request, _("Pelamar ini tidak mengajukan sanggahan."))
        return redirect("careers:application_detail", pk=application.pk)
    try:
        services.objection_decide(
            actor=request.user,
            objection=objection,
            accept=request.POST.get("accept") == "1",
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Keputusan sanggahan dicatat."))
    return redirect("careers:application_detail", pk=application.pk)


def ranking(request, pk):
    selection = selection_or_404(request, pk)
    if not perms.can_view_ranking(request.user, selection):
        raise PermissionDenied
    stages = [s for s in selection.stages.all() if s.is_scored]
    rows = selectors.ranking_for(selection)
    form = None
    if perms.can_manage_selections(request.user) and selection.state == SelectionState.RANKED:
        form = AppointmentForm(positions=selection.positions.all())
    return render(
        request,
        "careers/selection/ranking.html",
        {
            "selection": selection,
            "stages": stages,
            "rows": [(r, [r.scores.get(s.kind) for s in stages]) for r in rows],
            "form": form,
            "is_admin": perms.can_manage_selections(request.user),
            "appointments": selection.appointments.select_related(
                "application__employee", "position"
            ),
        },
    )


def selection_pdf(request, pk):
    """The ranking and minutes (berita acara) as PDF: for whoever may see the ranking."""
    selection = selection_or_404(request, pk)
    if not perms.can_view_ranking(request.user, selection):
        raise PermissionDenied
    response = HttpResponse(
        render_pdf(selection, base_url=request.build_absolute_uri("/")),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'inline; filename="seleksi-{selection.pk}.pdf"'
    return response


@require_POST
def appoint(request, pk):
    application = application_or_404(request, pk)
    require_admin(request)
    form = AppointmentForm(request.POST, positions=application.selection.positions.all())
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect("careers:ranking", pk=application.selection_id)
    try:
        services.appointment_decide(
            actor=request.user, application=application, **form.cleaned_data
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Pengangkatan dicatat; riwayat jabatan pegawai diperbarui."))
    return redirect("careers:ranking", pk=application.selection_id)
