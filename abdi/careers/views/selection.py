"""Pages of merit selection: thin adapters over the selectors, services and permissions.

Public (no login): the open selections and announced results. Employee: "Seleksi terbuka untuk
saya", apply from a phone, own applications, objection. BKPSDM: set-up, applicants, results,
ranking, appointment. Panel member: own selections, conflicts, scores."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from abdi.careers.forms.selection import (
    ApplyForm,
    AppointmentForm,
    ExternalApplicantForm,
    PanelForm,
    ReasonForm,
    RequirementsForm,
    ScoreForm,
    SelectionForm,
    StagesForm,
)
from abdi.careers.models.selection import (
    ApplicationState,
    Objection,
    SelectionRequirement,
    SelectionStage,
    SelectionState,
)
from abdi.careers.permissions import selection as perms
from abdi.careers.selectors import selection as selectors
from abdi.careers.services import selection as services
from abdi.employees.permissions import own_employee
from abdi.org.models import Position

PAGE_SIZE = 25


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [str(m) for msgs in exc.message_dict.values() for m in msgs]
    return [str(m) for m in exc.messages]


def _flash(request, exc: ValidationError) -> None:
    for message in _errors(exc):
        messages.error(request, message)


def _selection_or_404(request, pk):
    return get_object_or_404(selectors.selection_detail_queryset(request.user), pk=pk)


def _application_or_404(request, pk):
    return get_object_or_404(selectors.application_detail_queryset(request.user), pk=pk)


def _require_admin(request) -> None:
    if not perms.can_manage_selections(request.user):
        raise PermissionDenied


# --- public -----------------------------------------------------------------------------------


@login_not_required
def public_selections(request):
    page = Paginator(selectors.public_selection_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "careers/selection/public_list.html", {"page_obj": page})


@login_not_required
def public_selection(request, pk):
    selection = get_object_or_404(
        selectors.public_selection_list().prefetch_related("requirements", "stages"), pk=pk
    )
    tables = selectors.selection_tables()
    return render(
        request,
        "careers/selection/public_detail.html",
        {
            "selection": selection,
            "requirements": [(r, _describe(r, tables)) for r in selection.requirements.all()],
            "results": selectors.public_results(selection),
            "documents": selectors.required_document_names(selection),
        },
    )


def _describe(requirement: SelectionRequirement, tables) -> str:
    """A requirement in people's words."""
    p, rule = requirement.params, requirement.rule
    if rule == "min_education":
        return _("Pendidikan paling rendah %(l)s atau yang lebih tinggi") % {
            "l": tables.education.get(p.get("level"), (p.get("level"),))[0]
        }
    if rule == "min_rank":
        return _("Golongan paling rendah %(r)s") % {"r": p.get("rank")}
    if rule == "position_experience":
        kinds = ", ".join(tables.position_kinds.get(k, k) for k in p.get("kinds", []))
        return _("Sedang atau pernah menduduki %(k)s paling singkat %(y)s tahun") % {
            "k": kinds,
            "y": p.get("years"),
        }
    if rule == "max_age":
        reading = (
            _("dalam tahun penuh")
            if p.get("reading") != "not_past_birthday"
            else _("belum melewati ulang tahunnya")
        )
        return _("Usia paling tinggi %(y)s tahun pada tanggal penutupan (%(r)s)") % {
            "y": p.get("years"),
            "r": reading,
        }
    if rule == "predikat":
        labels = dict(tables.predikats)
        return _("Predikat kinerja %(n)s tahun terakhir paling rendah %(m)s") % {
            "n": p.get("years"),
            "m": labels.get(p.get("minimum"), p.get("minimum")),
        }
    if rule == "no_discipline":
        return _("Tidak sedang menjalani hukuman disiplin")
    if rule == "min_jpm":
        return _("Job Person Match paling rendah %(p)s%% untuk jabatan sasaran") % {
            "p": p.get("percent")
        }
    return requirement.get_rule_display()


# --- employee ---------------------------------------------------------------------------------


def my_selections(request):
    me = own_employee(request.user)
    rows = selectors.open_selections_for(me) if me else []
    return render(
        request,
        "careers/selection/my_selections.html",
        {
            "employee": me,
            "rows": rows,
            "applications": selectors.my_applications(request.user)[:50],
        },
    )


@require_http_methods(["GET", "POST"])
def apply(request, pk):
    selection = _selection_or_404(request, pk)
    me = own_employee(request.user)
    if me is None:
        raise PermissionDenied
    names = selectors.required_document_names(selection)
    form = ApplyForm(request.POST or None, request.FILES or None, names=names)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_submit(
                actor=request.user, selection=selection, documents=form.documents(request.FILES)
            )
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("Lamaran Anda terkirim."))
            return redirect("careers:application_detail", pk=application.pk)
    return render(
        request,
        "careers/selection/apply.html",
        {
            "selection": selection,
            "form": form,
            "errors": errors,
            "eligibility": selectors.employee_eligibility(me, selection),
        },
        status=400 if errors else 200,
    )


def application_detail(request, pk):
    application = _application_or_404(request, pk)
    user = request.user
    selection = application.selection
    member = perms.member_for(user, selection)
    is_admin = perms.can_manage_selections(user)
    own = perms.is_own_application(user, application)
    stages = list(selection.stages.all())
    panel_stages = [s for s in stages if s.is_panel_scored]
    conflict = member is not None and perms.has_conflict(member, application)
    objection = Objection.objects.filter(application=application).first()
    return render(
        request,
        "careers/selection/application_detail.html",
        {
            "application": application,
            "selection": selection,
            "eligibility": selectors.application_eligibility(application),
            "documents": application.documents.all()
            if perms.can_see_documents(user, application)
            else [],
            "steps": application.steps.select_related("actor"),
            "objection": objection,
            "deadline": services.objection_deadline(application),
            "is_admin": is_admin,
            "is_own": own,
            "member": member,
            "conflict": conflict,
            "panel_stages": panel_stages,
            "track_record": selectors.track_record_of(application)
            if (is_admin or member or perms.reads_all_selections(user))
            else None,
            "own_scores": selectors.stage_scores(selection).get(application.pk)
            if perms.can_see_own_scores(user, application)
            else None,
            "can_object": own
            and application.state == ApplicationState.ADMIN_FAILED
            and objection is None,
            "scoring": selection.state == SelectionState.SCORING,
            "reason_form": ReasonForm(),
        },
    )


@require_POST
def application_withdraw(request, pk):
    application = _application_or_404(request, pk)
    if not perms.can_withdraw_application(request.user, application):
        raise PermissionDenied
    try:
        services.application_withdraw(actor=request.user, application=application)
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Lamaran ditarik."))
    return redirect("careers:application_detail", pk=application.pk)


@require_POST
def objection_file(request, pk):
    application = _application_or_404(request, pk)
    if not perms.is_own_application(request.user, application):
        raise PermissionDenied
    try:
        services.objection_file(
            actor=request.user, application=application, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Sanggahan terkirim."))
    return redirect("careers:application_detail", pk=application.pk)


def application_document(request, pk, doc_pk):
    application = _application_or_404(request, pk)
    if not perms.can_see_documents(request.user, application):
        raise PermissionDenied
    document = get_object_or_404(application.documents, pk=doc_pk)
    return FileResponse(document.file.open("rb"), content_type=document.content_type)


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


def _position_choices():
    return (
        Position.objects.filter(is_active=True)
        .exclude(kind="pelaksana")
        .select_related("org_unit")
        .order_by("name")[:300]
    )


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


@require_http_methods(["GET", "POST"])
def selection_create(request):
    _require_admin(request)
    positions = Position.objects.filter(pk__in=[p.pk for p in _position_choices()])
    form = SelectionForm(request.POST or None, positions=positions)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            selection = services.selection_create(actor=request.user, **_selection_kwargs(form))
        except ValidationError as exc:
            errors = _errors(exc)
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
    selection = _selection_or_404(request, pk)
    _require_admin(request)
    chosen = [p.pk for p in selection.positions.all()]
    positions = Position.objects.filter(pk__in=[p.pk for p in _position_choices()] + chosen)
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
    form = SelectionForm(request.POST or None, initial=initial, positions=positions)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.selection_update(
                actor=request.user, selection=selection, **_selection_kwargs(form)
            )
        except ValidationError as exc:
            errors = _errors(exc)
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
    selection = _selection_or_404(request, pk)
    user = request.user
    tables = selectors.selection_tables()
    apps = selectors.applications_of(selection, user=user)
    if not (perms.reads_all_selections(user) or perms.is_panel_member(user, selection)):
        apps = apps.none()
    page = Paginator(apps, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "careers/selection/detail.html",
        {
            "selection": selection,
            "requirements": [(r, _describe(r, tables)) for r in selection.requirements.all()],
            "stages": selection.stages.all(),
            "panel": selection.panel.all(),
            "steps": selection.steps.all(),
            "page_obj": page,
            "is_admin": perms.can_manage_selections(user),
            "is_member": perms.is_panel_member(user, selection),
            "can_rank": perms.can_view_ranking(user, selection),
            "own": own_employee(user)
            and selection.applications.filter(employee=own_employee(user)).first(),
            "documents": selectors.required_document_names(selection),
        },
    )


@require_http_methods(["GET", "POST"])
def selection_stages(request, pk):
    selection = _selection_or_404(request, pk)
    _require_admin(request)
    current = {s.kind: s.weight for s in selection.stages.all()}
    form = StagesForm(request.POST or None, current=current)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.stages_set(actor=request.user, selection=selection, weights=form.weights())
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("Tahap dan bobot disimpan."))
            return redirect("careers:selection_detail", pk=selection.pk)
    return render(
        request,
        "careers/selection/stages.html",
        {"selection": selection, "form": form, "errors": errors},
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
def selection_requirements(request, pk):
    selection = _selection_or_404(request, pk)
    _require_admin(request)
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
            errors = _errors(exc)
        else:
            messages.success(request, _("Syarat seleksi disimpan."))
            return redirect("careers:selection_detail", pk=selection.pk)
    return render(
        request,
        "careers/selection/requirements.html",
        {"selection": selection, "form": form, "errors": errors},
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
def selection_panel(request, pk):
    selection = _selection_or_404(request, pk)
    _require_admin(request)
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
                errors = _errors(exc)
            else:
                messages.success(request, _("Panitia seleksi ditetapkan."))
                return redirect("careers:selection_detail", pk=selection.pk)
    return render(
        request,
        "careers/selection/panel_form.html",
        {"selection": selection, "form": form, "errors": errors},
        status=400 if errors else 200,
    )


ACTIONS = {
    "announce": (services.selection_announce, _("Seleksi diumumkan; pendaftaran dibuka.")),
    "close": (services.selection_close, _("Pendaftaran ditutup; seleksi administrasi dimulai.")),
    "scoring": (services.selection_start_scoring, _("Penilaian dimulai.")),
    "next_stage": (services.selection_next_stage, _("Tahap berikutnya dimulai.")),
    "rank": (services.ranking_propose, _("Peringkat ditetapkan; tiga besar diusulkan.")),
}


@require_POST
def selection_action(request, pk, action):
    selection = _selection_or_404(request, pk)
    _require_admin(request)
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
        _flash(request, exc)
    else:
        messages.success(request, done)
    if action == "rank":
        return redirect("careers:ranking", pk=selection.pk)
    return redirect("careers:selection_detail", pk=selection.pk)


@require_http_methods(["GET", "POST"])
def register_applicant(request, pk):
    selection = _selection_or_404(request, pk)
    _require_admin(request)
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
        )
        try:
            application = services.application_register(
                actor=request.user,
                selection=selection,
                documents=form.documents(request.FILES),
                external=external,
            )
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("Pelamar dari instansi lain didaftarkan."))
            return redirect("careers:application_detail", pk=application.pk)
    return render(
        request,
        "careers/selection/register.html",
        {"selection": selection, "form": form, "errors": errors},
        status=400 if errors else 200,
    )


@require_POST
def administrative_result(request, pk):
    application = _application_or_404(request, pk)
    _require_admin(request)
    try:
        services.administrative_result(
            actor=request.user,
            application=application,
            passed=request.POST.get("passed") == "1",
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Hasil seleksi administrasi dicatat."))
    return redirect("careers:application_detail", pk=application.pk)


@require_POST
def eligibility_override(request, pk):
    application = _application_or_404(request, pk)
    _require_admin(request)
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
        _flash(request, exc)
    else:
        messages.success(request, _("Pengecualian syarat dicatat."))
    return redirect("careers:application_detail", pk=application.pk)


@require_POST
def objection_decide(request, pk):
    application = _application_or_404(request, pk)
    _require_admin(request)
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
        _flash(request, exc)
    else:
        messages.success(request, _("Keputusan sanggahan dicatat."))
    return redirect("careers:application_detail", pk=application.pk)


def ranking(request, pk):
    selection = _selection_or_404(request, pk)
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
    from abdi.careers.documents_selection import selection_pdf as render

    selection = _selection_or_404(request, pk)
    if not perms.can_view_ranking(request.user, selection):
        raise PermissionDenied
    response = HttpResponse(
        render(selection, base_url=request.build_absolute_uri("/")), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="seleksi-{selection.pk}.pdf"'
    return response


@require_POST
def appoint(request, pk):
    application = _application_or_404(request, pk)
    _require_admin(request)
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
        _flash(request, exc)
    else:
        messages.success(request, _("Pengangkatan dicatat; riwayat jabatan pegawai diperbarui."))
    return redirect("careers:ranking", pk=application.selection_id)


# --- panel ------------------------------------------------------------------------------------


def panel_home(request):
    ids = perms.panel_selection_ids(request.user)
    selections = selectors.selection_list(user=request.user).filter(pk__in=ids)
    return render(request, "careers/selection/panel_home.html", {"selections": selections})


@require_POST
def conflict_declare(request, pk):
    application = _application_or_404(request, pk)
    if perms.member_for(request.user, application.selection) is None:
        raise PermissionDenied
    try:
        services.conflict_declare(
            actor=request.user, application=application, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Konflik kepentingan dicatat; Anda tidak menilai pelamar ini."))
    return redirect("careers:application_detail", pk=application.pk)


@require_http_methods(["GET", "POST"])
def score(request, pk, stage_pk):
    application = _application_or_404(request, pk)
    member = perms.member_for(request.user, application.selection)
    if member is None:
        raise PermissionDenied
    stage = get_object_or_404(SelectionStage, pk=stage_pk, selection=application.selection)
    if not perms.can_score(request.user, application, stage):
        raise PermissionDenied
    scores = selectors.member_scores(application, stage, member)
    form = ScoreForm(
        request.POST or None,
        initial={"value": scores["own"].value, "note": scores["own"].note}
        if scores["own"]
        else None,
    )
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.score_submit(
                actor=request.user, application=application, stage=stage, **form.cleaned_data
            )
        except ValidationError as exc:
            errors = _errors(exc)
        else:
            messages.success(request, _("Nilai terkirim."))
            return redirect("careers:score", pk=application.pk, stage_pk=stage.pk)
    return render(
        request,
        "careers/selection/score.html",
        {
            "application": application,
            "stage": stage,
            "form": form,
            "errors": errors,
            "scores": scores,
            "revisions": scores["own"].revisions.all() if scores["own"] else [],
        },
        status=400 if errors else 200,
    )


@require_POST
def track_record_adjust(request, pk):
    application = _application_or_404(request, pk)
    if not (
        perms.can_manage_selections(request.user)
        or perms.is_panel_member(request.user, application.selection)
    ):
        raise PermissionDenied
    try:
        services.track_record_adjust(
            actor=request.user,
            application=application,
            value=request.POST.get("value", ""),
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as exc:
        _flash(request, exc)
    else:
        messages.success(request, _("Nilai rekam jejak disesuaikan."))
    return redirect("careers:application_detail", pk=application.pk)
