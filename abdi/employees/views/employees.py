"""Employee pages: list, detail with history tabs, create/edit, history records, audit log.

Thin adapters: scoping comes from permissions, reads from selectors, writes from services."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from abdi.accounts.permissions import is_auditor, is_bkpsdm_admin
from abdi.core.exports import csv_response, xlsx_response
from abdi.employees import read_log
from abdi.employees.filtersets import EmployeeFilterSet
from abdi.employees.forms.employees import RECORD_FORMS, AuditFilterForm, EmployeeForm
from abdi.employees.permissions import (
    can_edit_employee,
    can_manage_employees,
    can_see_history,
    can_see_personal_data,
    employees_visible_to,
    own_employee,
)
from abdi.employees.selectors import employees as selectors
from abdi.employees.services import employees as services
from abdi.employees.services import records

TABS = (
    ("summary", gettext_lazy("Ringkasan")),
    ("rank", gettext_lazy("Riwayat golongan")),
    ("position", gettext_lazy("Riwayat jabatan")),
    ("education", gettext_lazy("Pendidikan")),
    ("acting", gettext_lazy("Plt/Plh")),
    ("discipline", gettext_lazy("Hukuman disiplin")),
    ("award", gettext_lazy("Penghargaan")),
    ("salary_step", gettext_lazy("Gaji berkala")),
    ("predikat", gettext_lazy("Predikat kinerja")),
)
TAB_KEYS = {key for key, _label in TABS}

RECORD_TITLES = {
    "rank": gettext_lazy("Tambah riwayat golongan"),
    "education": gettext_lazy("Tambah riwayat pendidikan"),
    "acting": gettext_lazy("Tambah penugasan Plt/Plh"),
    "discipline": gettext_lazy("Tambah hukuman disiplin"),
    "award": gettext_lazy("Tambah penghargaan"),
    "predikat": gettext_lazy("Isi predikat kinerja tahunan"),
}
RECORD_SERVICES = {
    "rank": records.rank_history_add,
    "education": records.education_add,
    "acting": records.acting_add,
    "discipline": records.discipline_add,
    "award": records.award_add,
    "predikat": records.annual_predikat_set,
}


def _page_size() -> int:
    return settings.ABDI_LIST_PAGE_SIZE


def _style_filter_form(form) -> None:
    for field in form.fields.values():
        input_type = getattr(field.widget, "input_type", None)
        if input_type is None:
            continue  # a searchable picker styles itself
        css = "form-select" if input_type == "select" else "form-control"
        field.widget.attrs.setdefault("class", css)
    if "q" in form.fields:
        form.fields["q"].widget.attrs.update(
            {"placeholder": _("Nama atau NIP"), "type": "search", "autocomplete": "off"}
        )


# --- List -----------------------------------------------------------------------------------


@require_http_methods(["GET"])
def employee_list(request):
    filterset = EmployeeFilterSet(
        request.GET or None, queryset=selectors.employee_list(user=request.user), request=request
    )
    _style_filter_form(filterset.form)
    paginator = selectors.EmployeePaginator(filterset.qs, _page_size())
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "filterset": filterset,
        "form": filterset.form,
        "page_obj": page,
        "employees": page.object_list,
        "can_manage": can_manage_employees(request.user),
        "filtered": any(v for k, v in request.GET.items() if k not in ("page", "unit_picker_q")),
    }
    if request.htmx and not request.htmx.boosted:
        return render(request, "employees/_list_results.html", context)
    return render(request, "employees/list.html", context)


EXPORT_CHUNK = 2000


def employee_export(request, fmt: str):
    """The employee list as CSV or XLSX, with the filters of the page (the same FilterSet and
    scope), streamed in chunks: memory stays bounded for 60,000 rows."""

    if fmt not in ("csv", "xlsx"):
        raise Http404
    filterset = EmployeeFilterSet(
        request.GET or None, queryset=selectors.employee_list(user=request.user), request=request
    )
    header = [
        _("NIP"),
        _("Nama"),
        _("Status"),
        _("Golongan"),
        _("Pangkat"),
        _("Jabatan"),
        _("Unit kerja"),
        _("Aktif"),
    ]

    def rows():
        for e in filterset.qs.iterator(chunk_size=EXPORT_CHUNK):
            yield [
                e.nip,
                e.full_name,
                e.get_status_display(),
                e.rank.code if e.rank_id else "",
                e.rank.title if e.rank_id else "",
                e.position.name if e.position_id else "",
                e.org_unit.name if e.org_unit_id else "",
                _("Ya") if e.is_active else _("Tidak"),
            ]

    filename = f"pegawai-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, header, rows())
    return xlsx_response(filename, _("Pegawai"), header, rows())


# --- Detail ---------------------------------------------------------------------------------


def _tab_rows(employee, tab: str):
    if tab == "rank":
        return employee.rank_history.select_related("rank").order_by("-effective_from")
    if tab == "position":
        return employee.position_history.select_related("position", "org_unit").order_by(
            "-effective_from"
        )
    if tab == "education":
        return employee.education_history.select_related("level").order_by("-graduation_year")
    if tab == "acting":
        return employee.acting_assignments.select_related("position", "position__org_unit")
    if tab == "discipline":
        return employee.discipline_records.order_by("-effective_from")
    if tab == "award":
        return employee.awards.order_by("-awarded_on")
    if tab == "salary_step":
        return employee.salary_steps.order_by("-effective_from")
    if tab == "predikat":
        return employee.annual_predikats.order_by("-year")
    return None


@require_http_methods(["GET"])
def employee_detail(request, nip):
    employee = get_object_or_404(selectors.employee_detail_queryset(user=request.user), nip=nip)
    tab = request.GET.get("tab", "summary")
    if tab not in TAB_KEYS:
        tab = "summary"
    user = request.user
    context = {
        "employee": employee,
        "tab": tab,
        "tabs": TABS,
        "rows": _tab_rows(employee, tab),
        "can_edit": can_edit_employee(user, employee),
        "show_personal": can_see_personal_data(user, employee),
        "can_history": can_see_history(user, employee),
        "is_self": employee.user_id is not None and employee.user_id == user.pk,
        "record_kinds": RECORD_TITLES,
        "today": timezone.localdate(),
    }
    if context["show_personal"] and tab == "summary" and not context["is_self"]:
        # The summary tab shows NIK, address, phone and e-mail: record who saw them.
        read_log.personal_data_read_record(
            reader=user, employee=employee, channel="page", path=request.get_full_path()
        )
    if request.htmx and not request.htmx.boosted:
        return render(request, "employees/_tabs.html", context)
    context["facts"] = selectors.employee_facts(employee, today=context["today"])
    return render(request, "employees/detail.html", context)


@require_http_methods(["GET"])
def my_profile(request):
    me = own_employee(request.user)
    if me is None:
        return render(request, "employees/no_profile.html")
    return redirect("employees:detail", nip=me.nip)


# --- Create and edit ------------------------------------------------------------------------


def _employee_form_page(request, *, employee=None):
    user = request.user
    show_personal = employee is None or can_see_personal_data(user, employee)
    if request.method == "GET" and request.htmx and request.htmx.target == "position-field":
        # The unit changed: send back the position select for that unit.
        form = EmployeeForm(
            user=user,
            instance=employee,
            show_personal=show_personal,
            initial={"org_unit": request.GET.get("org_unit")},
        )
        allowed = form.fields["org_unit"].queryset.filter(pk=form.initial["org_unit"] or 0)
        if not allowed.exists():
            form.fields["position"].queryset = form.fields["position"].queryset.none()
        return render(request, "employees/_position_field.html", {"form": form})

    form = EmployeeForm(
        request.POST or None, user=user, instance=employee, show_personal=show_personal
    )
    if request.method == "GET" and employee is not None and show_personal:
        # The edit form is filled with NIK, address, phone and e-mail: record who saw them.
        read_log.personal_data_read_record(
            reader=user, employee=employee, channel="page", path=request.get_full_path()
        )
    if request.method == "POST" and form.is_valid():
        data = form.to_input()
        confirm = form.cleaned_data.get("confirm_warnings", False)
        try:
            if employee is None:
                saved = services.employee_create(actor=user, data=data, confirm_warnings=confirm)
                messages.success(request, _("Pegawai %(name)s disimpan.") % {"name": saved})
            else:
                saved = services.employee_update(
                    actor=user,
                    employee=employee,
                    data=data,
                    confirm_warnings=confirm,
                    reason=form.cleaned_data.get("reason", ""),
                )
                messages.success(request, _("Perubahan data %(name)s disimpan.") % {"name": saved})
        except services.ConfirmationRequired as exc:
            form.needs_confirmation(exc.warnings)
        except ValidationError as exc:
            form.add_service_errors(exc)
            if employee is not None:
                employee.refresh_from_db()
        else:
            return redirect("employees:detail", nip=saved.nip)
    return render(
        request,
        "employees/form.html",
        {"form": form, "employee": employee, "show_personal": show_personal},
        status=200,
    )


@require_http_methods(["GET", "POST"])
def employee_create(request):
    if not can_manage_employees(request.user):
        raise PermissionDenied
    return _employee_form_page(request)


@require_http_methods(["GET", "POST"])
def employee_edit(request, nip):
    employee = get_object_or_404(
        employees_visible_to(request.user).select_related("org_unit"), nip=nip
    )
    if not can_edit_employee(request.user, employee):
        raise PermissionDenied
    return _employee_form_page(request, employee=employee)


# --- History records ------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def record_create(request, nip, kind):
    if kind not in RECORD_FORMS:
        raise Http404
    employee = get_object_or_404(employees_visible_to(request.user), nip=nip)
    if not can_edit_employee(request.user, employee):
        raise PermissionDenied
    form = RECORD_FORMS[kind](request.POST or None, employee=employee)
    if request.method == "POST" and form.is_valid():
        try:
            RECORD_SERVICES[kind](actor=request.user, employee=employee, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Data tersimpan."))
            return redirect(reverse("employees:detail", args=[employee.nip]) + f"?tab={kind}")
    return render(
        request,
        "employees/record_form.html",
        {"form": form, "employee": employee, "kind": kind, "title": RECORD_TITLES[kind]},
    )


# --- History and audit ----------------------------------------------------------------------


@require_http_methods(["GET"])
def employee_history(request, nip):
    employee = get_object_or_404(employees_visible_to(request.user), nip=nip)
    if not can_see_history(request.user, employee):
        raise PermissionDenied
    records = selectors.employee_history_records(employee)
    page = Paginator(records, _page_size()).get_page(request.GET.get("page"))
    entries = selectors.describe_history(
        list(page.object_list), show_personal=can_see_personal_data(request.user, employee)
    )
    return render(
        request,
        "employees/history.html",
        {"employee": employee, "page_obj": page, "entries": entries},
    )


@require_http_methods(["GET"])
def audit_log(request):
    user = request.user
    if not (is_auditor(user) or is_bkpsdm_admin(user)):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {
            "date_from": form.cleaned_data.get("date_from"),
            "date_to": form.cleaned_data.get("date_to"),
            "username": form.cleaned_data.get("user") or "",
        }
    model_key = form.model_key
    records = selectors.audit_records(model_key=model_key, **filters)
    page = Paginator(records, _page_size()).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    selectors.attach_previous(rows)
    entries = selectors.describe_history(rows, show_personal=is_bkpsdm_admin(user))
    selectors.attach_employees(entries)
    return render(
        request,
        "employees/audit.html",
        {"form": form, "page_obj": page, "entries": entries, "model_key": model_key},
    )
