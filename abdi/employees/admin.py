"""Admin for personnel records, their histories, correction requests and import jobs.

Day-to-day edits happen on the Employee pages (they run the NIP and career checks); the admin is
the BKPSDM admin's tool for repairs, and every change still lands in the record's history."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from abdi.employees import models as m
from abdi.employees import read_log


class HistoryInline(admin.TabularInline):
    extra = 0
    show_change_link = True


class RankHistoryInline(HistoryInline):
    model = m.RankHistory
    fields = ("rank", "effective_from", "decree_number", "decree_date")
    autocomplete_fields = ("rank",)


class PositionHistoryInline(HistoryInline):
    model = m.PositionHistory
    fields = ("position", "org_unit", "effective_from", "effective_until", "decree_number")
    autocomplete_fields = ("position", "org_unit")


class EducationHistoryInline(HistoryInline):
    model = m.EducationHistory
    fields = ("level", "institution", "major", "graduation_year")
    autocomplete_fields = ("level",)


class ActingAssignmentInline(HistoryInline):
    model = m.ActingAssignment
    fields = ("kind", "position", "start_date", "end_date", "decree_number")
    autocomplete_fields = ("position",)


class DisciplineRecordInline(HistoryInline):
    model = m.DisciplineRecord
    fields = ("severity", "sanction", "decided_on", "effective_from", "effective_until")


class AwardInline(HistoryInline):
    model = m.Award
    fields = ("name", "issuer", "awarded_on", "decree_number")


class SalaryStepInline(HistoryInline):
    model = m.SalaryStepHistory
    fields = ("effective_from", "decree_number", "decree_date", "basic_salary")


class AnnualPredikatInline(HistoryInline):
    model = m.AnnualPredikat
    fields = ("year", "predikat", "source")


@admin.register(m.Employee)
class EmployeeAdmin(SimpleHistoryAdmin):
    list_display = ("nip", "name", "status", "rank", "position", "org_unit", "is_active")
    list_filter = ("status", "kind", "is_active", "sex", "rank__kind")
    search_fields = ("nip", "name")
    list_select_related = ("rank", "position", "org_unit")
    autocomplete_fields = ("rank", "position", "org_unit", "education_level", "user")
    show_full_result_count = False
    inlines = (
        RankHistoryInline,
        PositionHistoryInline,
        EducationHistoryInline,
        ActingAssignmentInline,
        DisciplineRecordInline,
        AwardInline,
        SalaryStepInline,
        AnnualPredikatInline,
    )
    fieldsets = (
        (None, {"fields": ("nip", "kind", "status", "is_active", "user")}),
        (
            _("Identitas"),
            {
                "fields": (
                    ("front_title", "name", "back_title"),
                    ("birth_place", "birth_date", "sex"),
                )
            },
        ),
        (_("Data pribadi"), {"fields": ("nik", "address", "phone", "email")}),
        (
            _("Kepegawaian"),
            {
                "fields": (
                    ("tmt_cpns", "tmt_pns", "appointment_date"),
                    ("rank", "rank_effective_from"),
                    ("position", "position_effective_from"),
                    "org_unit",
                    "education_level",
                    "last_kgb_date",
                )
            },
        ),
    )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        self._record_personal_read(request, object_id, response)
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A past version's form shows the NIK, address, phone and e-mail as they were.
        response = super().history_form_view(request, object_id, version_id, extra_context)
        self._record_personal_read(request, object_id, response)
        return response

    def _record_personal_read(self, request, object_id, response) -> None:
        # The form shows "Data pribadi" whenever it renders (a GET, or a POST sent back with
        # errors); a successful save redirects and shows nothing.
        if response.status_code != 200:
            return
        employee = self.get_object(request, unquote(object_id))
        if employee is not None:
            read_log.personal_data_read_record(
                reader=request.user, employee=employee, channel="admin", path=request.path
            )


def _register_record(model, list_display, autocomplete=()):
    admin.site.register(
        model,
        type(
            f"{model.__name__}Admin",
            (SimpleHistoryAdmin,),
            {
                "list_display": ("employee", *list_display),
                "search_fields": ("employee__nip", "employee__name"),
                "list_select_related": ("employee",),
                "autocomplete_fields": ("employee", *autocomplete),
            },
        ),
    )


_register_record(m.RankHistory, ("rank", "effective_from"), ("rank",))
_register_record(
    m.PositionHistory,
    ("position", "org_unit", "effective_from", "effective_until"),
    ("position", "org_unit"),
)
_register_record(m.EducationHistory, ("level", "institution", "graduation_year"), ("level",))
_register_record(m.ActingAssignment, ("kind", "position", "start_date", "end_date"), ("position",))
_register_record(m.DisciplineRecord, ("severity", "sanction", "effective_from"))
_register_record(m.Award, ("name", "awarded_on"))
_register_record(m.SalaryStepHistory, ("effective_from", "decree_number", "basic_salary"))
_register_record(m.AnnualPredikat, ("year", "predikat", "source"))


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(m.CorrectionRequest)
class CorrectionRequestAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    """Decisions are made on the correction page (approving applies the change with history)."""

    list_display = ("pk", "employee", "field_name", "status", "created_at", "decided_by", "page")
    list_filter = ("status", "field_name")
    search_fields = ("employee__nip", "employee__name")
    list_select_related = ("employee", "decided_by")

    @admin.display(description=_("halaman"))
    def page(self, obj):
        url = reverse("employees:correction_detail", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("buka"))


@admin.register(m.ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = (
        "pk",
        "original_name",
        "status",
        "total_rows",
        "created_count",
        "updated_count",
        "error_count",
        "created_by",
        "created_at",
    )
    list_filter = ("status",)
    search_fields = ("original_name",)
    list_select_related = ("created_by",)
    exclude = ("report",)


class HistoricalRecordAdmin(ReadOnlyAdmin):
    """The raw history rows, for auditors who need to search across records."""

    list_display = ("history_date", "history_type", "history_user", "history_change_reason")
    list_filter = ("history_type",)
    list_select_related = ("history_user",)
    date_hierarchy = "history_date"


for _model in (
    m.Employee,
    m.RankHistory,
    m.PositionHistory,
    m.EducationHistory,
    m.ActingAssignment,
    m.DisciplineRecord,
    m.Award,
    m.SalaryStepHistory,
    m.AnnualPredikat,
    m.CorrectionRequest,
):
    _historical = _model.history.model
    admin.site.register(
        _historical,
        type(
            f"{_historical.__name__}Admin",
            (HistoricalRecordAdmin,),
            {
                "search_fields": ("nip", "name") if _model is m.Employee else ("employee__nip",),
                "list_display": (
                    "history_date",
                    "history_type",
                    *(("nip", "name") if _model is m.Employee else ("employee",)),
                    "history_user",
                    "history_change_reason",
                ),
            },
        ),
    )
