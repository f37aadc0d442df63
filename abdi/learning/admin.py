"""Admin pages for repairs; the everyday work happens in the app's own pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from abdi.learning import models


class ProgrammeCompetencyInline(admin.TabularInline):
    model = models.ProgrammeCompetency
    extra = 0


@admin.register(models.Programme)
class ProgrammeAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title", "mode", "category", "provider", "jp", "is_active"]
    list_filter = ["mode", "category", "is_active"]
    search_fields = ["code", "title"]
    inlines = [ProgrammeCompetencyInline]


@admin.register(models.TrainingSession)
class TrainingSessionAdmin(SimpleHistoryAdmin):
    list_display = ["programme", "name", "start_date", "quota", "is_cancelled"]
    list_filter = ["is_cancelled"]
    search_fields = ["programme__title", "name"]
    autocomplete_fields = ["programme"]


@admin.register(models.Registration)
class RegistrationAdmin(SimpleHistoryAdmin):
    list_display = ["employee", "session", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["employee__nip", "employee__name"]
    raw_id_fields = ["employee", "session", "plan_item", "raised_assessment"]


@admin.register(models.Certificate)
class CertificateAdmin(SimpleHistoryAdmin):
    list_display = ["number", "employee_name", "programme_title", "issued_on", "revoked_at"]
    search_fields = ["number", "code", "employee__nip", "employee_name"]
    raw_id_fields = ["employee", "registration", "enrolment", "programme"]


for model in (
    models.JpTarget,
    models.Provider,
    models.DevelopmentPlan,
    models.DevelopmentPlanItem,
    models.Course,
    models.Module,
    models.Quiz,
    models.Question,
    models.ExternalCertificate,
):
    admin.site.register(model, SimpleHistoryAdmin)


@admin.register(models.JpEntry)
class JpEntryAdmin(admin.ModelAdmin):
    """Read-only: JP lines come from completions, verifications and revocations, which also keep
    each employee's yearly total (services_credit.jp_totals_refresh); an edit here would not."""

    list_display = ["employee", "year", "date", "jp", "source", "title"]
    list_filter = ["year", "source"]
    search_fields = ["employee__nip", "employee__name"]
    list_select_related = ["employee"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
