"""Admin of the talent reference data. A threshold table is edited with its bands, and saved
only when the bands cover every value once (the same check as the BKPSDM page)."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from abdi.core.admin import ReferenceAdmin
from abdi.talent import rules
from abdi.talent.models import (
    BoxAdjustment,
    CriticalPosition,
    NineBoxCell,
    PredikatPoint,
    TalentSetting,
    ThresholdBand,
    ThresholdSet,
)
from abdi.talent.services.reference import validate_bands


class BandFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kind = self.instance.kind or (self.data.get("kind") if self.data else None)
        bands = [
            rules.Band(f.cleaned_data["level"], f.cleaned_data.get("lower"), f.cleaned_data.get("upper"))
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]  # fmt: skip
        validate_bands(kind, bands)  # a ValidationError naming each gap or overlap


class ThresholdBandInline(admin.TabularInline):
    model = ThresholdBand
    formset = BandFormSet
    extra = 0
    max_num = 3


@admin.register(ThresholdSet)
class ThresholdSetAdmin(ReferenceAdmin):
    reference_columns = ("kind",)
    inlines = [ThresholdBandInline]


@admin.register(PredikatPoint)
class PredikatPointAdmin(ReferenceAdmin):
    reference_columns = ("predikat", "points")


@admin.register(NineBoxCell)
class NineBoxCellAdmin(ReferenceAdmin):
    reference_columns = ("box", "performance", "potential", "in_pool")


@admin.register(TalentSetting)
class TalentSettingAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "potential_score_weight", "jpm_weight", "show_box_to_employee")


@admin.register(CriticalPosition)
class CriticalPositionAdmin(SimpleHistoryAdmin):
    list_display = ("position", "reason", "added_by")
    raw_id_fields = ("position",)


@admin.register(BoxAdjustment)
class BoxAdjustmentAdmin(admin.ModelAdmin):
    """Read-only: an adjustment is undone only by another recorded decision."""

    list_display = ("employee", "year", "from_box", "to_box", "decided_by", "decided_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
