"""Admin of performance management: the regulation tables (editable, with source, confidence and
effective date, like abdi/core/admin.py) and the workflow records (read-only: they change only
through the services, so that every step keeps its actor and history)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from abdi.core.admin import ReferenceAdmin
from abdi.performance.models.evaluation import Evaluation, EvaluationAdjustment, Objection
from abdi.performance.models.execution import Activity, Feedback, Realisation
from abdi.performance.models.planning import (
    SKP,
    BehaviourExpectation,
    Indicator,
    SKPEvent,
    WorkResult,
)
from abdi.performance.models.reference import (
    BehaviourValue,
    CreditPointPercentage,
    CreditPointRule,
    DistributionLimit,
    OrgPredikatRating,
    PredikatMatrixCell,
)
from abdi.performance.models.years import OrgUnitPredikat, PerformancePeriod, PerformanceYear

# ---------------------------------------------------------------- regulation tables


@admin.register(BehaviourValue)
class BehaviourValueAdmin(ReferenceAdmin):
    reference_columns = ("order", "code", "name")
    search_fields = ("code", "name")
    ordering = ("order",)


@admin.register(PredikatMatrixCell)
class PredikatMatrixCellAdmin(ReferenceAdmin):
    reference_columns = ("work_result_rating", "behaviour_rating", "predikat")
    list_filter = ("effective_from", "work_result_rating", "confidence")


@admin.register(OrgPredikatRating)
class OrgPredikatRatingAdmin(ReferenceAdmin):
    reference_columns = ("org_predikat", "work_result_rating")


@admin.register(DistributionLimit)
class DistributionLimitAdmin(ReferenceAdmin):
    reference_columns = ("org_predikat", "predikats", "min_percent", "max_percent", "note")
    list_filter = ("org_predikat", "effective_from", "confidence")


@admin.register(CreditPointRule)
class CreditPointRuleAdmin(ReferenceAdmin):
    reference_columns = ("position_kind", "yearly_coefficient")


@admin.register(CreditPointPercentage)
class CreditPointPercentageAdmin(ReferenceAdmin):
    reference_columns = ("predikat", "percent")


# ---------------------------------------------------------------- workflow records (read-only)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Workflow records are written by the services only; the admin shows them."""

    list_per_page = 50

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PeriodInline(ReadOnlyInline):
    model = PerformancePeriod
    fields = ("code", "kind", "start", "end", "realisation_due", "evaluation_due", "is_closed")


@admin.register(PerformanceYear)
class PerformanceYearAdmin(ReadOnlyAdmin):
    list_display = ("year", "cadence", "skp_deadline", "objection_days", "is_open", "opened_by")
    inlines = [PeriodInline]


@admin.register(PerformancePeriod)
class PerformancePeriodAdmin(ReadOnlyAdmin):
    list_display = (
        "code",
        "kind",
        "start",
        "end",
        "realisation_due",
        "evaluation_due",
        "is_closed",
    )
    list_filter = ("performance_year", "kind", "is_closed")


@admin.register(OrgUnitPredikat)
class OrgUnitPredikatAdmin(ReadOnlyAdmin):
    list_display = ("org_unit", "period", "predikat", "recorded_by", "updated_at")
    list_filter = ("period", "predikat")
    list_select_related = ("org_unit", "period", "recorded_by")
    search_fields = ("org_unit__name", "org_unit__code")


class WorkResultInline(ReadOnlyInline):
    model = WorkResult
    fields = ("kind", "title", "supports", "order")


class ExpectationInline(ReadOnlyInline):
    model = BehaviourExpectation
    fields = ("behaviour_value", "expectation", "written_by")


class EventInline(ReadOnlyInline):
    model = SKPEvent
    fields = ("created_at", "action", "actor", "note")
    readonly_fields = ("created_at",)
    show_change_link = False


@admin.register(SKP)
class SKPAdmin(ReadOnlyAdmin):
    list_display = (
        "employee",
        "performance_year",
        "version",
        "status",
        "appraiser",
        "org_unit",
        "from_performance_agreement",
    )
    list_filter = ("performance_year", "status", "approach", "from_performance_agreement")
    list_select_related = ("employee", "performance_year", "appraiser", "org_unit")
    search_fields = ("employee__name", "employee__nip")
    inlines = [WorkResultInline, ExpectationInline, EventInline]


@admin.register(SKPEvent)
class SKPEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "skp", "action", "actor")
    list_filter = ("action",)
    list_select_related = ("skp__employee", "skp__performance_year", "actor")
    search_fields = ("skp__employee__name", "skp__employee__nip")


class IndicatorInline(ReadOnlyInline):
    model = Indicator
    fields = ("aspect", "description", "target_value", "target_unit", "target_description")


@admin.register(WorkResult)
class WorkResultAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "skp", "supports")
    list_filter = ("kind",)
    list_select_related = ("skp__employee", "skp__performance_year", "supports")
    search_fields = ("title", "skp__employee__name")
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ("description", "aspect", "target_value", "target_unit", "work_result")
    list_filter = ("aspect",)
    list_select_related = ("work_result",)
    search_fields = ("description",)


@admin.register(BehaviourExpectation)
class BehaviourExpectationAdmin(ReadOnlyAdmin):
    list_display = ("skp", "behaviour_value", "written_by")
    list_select_related = ("skp__employee", "skp__performance_year", "behaviour_value")


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ("date", "skp", "work_result", "output", "created_by")
    list_select_related = ("skp__employee", "skp__performance_year", "work_result", "created_by")
    date_hierarchy = "date"
    search_fields = ("description", "skp__employee__name")


@admin.register(Realisation)
class RealisationAdmin(ReadOnlyAdmin):
    list_display = ("indicator", "period", "value", "submitted_by", "updated_at")
    list_filter = ("period",)
    list_select_related = ("indicator", "period", "submitted_by")


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "skp", "work_result", "behaviour_value", "author")
    list_select_related = ("skp__employee", "skp__performance_year", "work_result", "author")


class AdjustmentInline(ReadOnlyInline):
    model = EvaluationAdjustment
    fields = ("created_at", "from_predikat", "to_predikat", "reason", "actor")
    readonly_fields = ("created_at",)
    show_change_link = False


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = (
        "skp",
        "period",
        "work_result_rating",
        "behaviour_rating",
        "predikat",
        "status",
        "evaluator",
        "credit_points",
    )
    list_filter = ("period", "predikat", "status")
    list_select_related = ("skp__employee", "skp__performance_year", "period", "evaluator")
    search_fields = ("skp__employee__name", "skp__employee__nip")
    inlines = [AdjustmentInline]


@admin.register(EvaluationAdjustment)
class EvaluationAdjustmentAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "evaluation", "from_predikat", "to_predikat", "actor")
    list_select_related = ("evaluation__skp__employee", "evaluation__period", "actor")


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ("evaluation", "status", "decided_by", "decided_at", "new_predikat")
    list_filter = ("status",)
    list_select_related = (
        "evaluation__skp__employee",
        "evaluation__skp__performance_year",
        "evaluation__period",
        "decided_by",
    )
    fieldsets = (
        (None, {"fields": ("evaluation", "reason", "status")}),
        (
            _("Keputusan"),
            {"fields": ("decided_by", "decided_at", "decision_reason", "new_predikat")},
        ),
    )
