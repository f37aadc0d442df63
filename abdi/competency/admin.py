"""Admin of the competency dictionary and its reference tables (with source, confidence and
effective date). Assessments are read-only here: they are recorded through the service, and
deleted (one recorded in error) through services.assessment_delete, which refreshes the
employee's current levels."""

from django.contrib import admin
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from abdi.competency import services
from abdi.competency.models import (
    Assessment,
    AssessmentResult,
    Competency,
    CompetencyLevel,
    DefaultRequiredLevel,
    JpmBand,
    PositionStandard,
)
from abdi.core.admin import ReferenceAdmin


class CompetencyLevelInline(admin.TabularInline):
    model = CompetencyLevel
    extra = 0
    max_num = 5


@admin.register(Competency)
class CompetencyAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "order", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("code", "name")
    inlines = [CompetencyLevelInline]


@admin.register(DefaultRequiredLevel)
class DefaultRequiredLevelAdmin(ReferenceAdmin):
    reference_columns = ("position_kind", "level")
    ordering = ("position_kind", "-effective_from")


@admin.register(JpmBand)
class JpmBandAdmin(ReferenceAdmin):
    reference_columns = ("name", "min_jpm")
    ordering = ("-effective_from", "-min_jpm")


@admin.register(PositionStandard)
class PositionStandardAdmin(SimpleHistoryAdmin):
    list_display = ("position", "competency", "required_level")
    list_select_related = ("position", "competency")
    search_fields = ("position__name", "position__code")
    raw_id_fields = ("position",)


class AssessmentResultInline(admin.TabularInline):
    model = AssessmentResult
    extra = 0
    can_delete = False
    readonly_fields = ("competency", "level")


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("employee", "date", "method", "assessor", "potential_score")
    list_filter = ("method",)
    search_fields = ("employee__nip", "employee__name")
    list_select_related = ("employee",)
    inlines = [AssessmentResultInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        services.assessment_delete(actor=request.user, assessment=obj)

    @transaction.atomic  # all selected or none
    def delete_queryset(self, request, queryset):
        for assessment in queryset:
            services.assessment_delete(actor=request.user, assessment=assessment)
