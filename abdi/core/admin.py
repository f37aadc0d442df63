"""Admin for the regulation reference tables the BKPSDM admin keeps: each row shows its source,
since when it applies, and how sure we are of it (rows marked M need verifying)."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from abdi.core.choices import Confidence
from abdi.core.models import (
    EducationLevel,
    Rank,
    RankPromotionSchedule,
    RegulationParameter,
    RetirementAge,
)

admin.site.site_header = _("Abdi — administrasi")
admin.site.site_title = _("Admin Abdi")
admin.site.index_title = _("Data referensi dan administrasi")

_BADGE = (
    '<span style="display:inline-block;padding:2px 8px;border-radius:10px;font-weight:600;'
    'font-size:11px;white-space:nowrap;background:{};color:{}" title="{}">{}</span>'
)


@admin.display(description=_("keyakinan"), ordering="confidence")
def confidence_badge(obj):
    if obj.confidence == Confidence.BACKGROUND:
        return format_html(
            _BADGE,
            "#ffc107",
            "#212529",
            obj.get_confidence_display(),
            _("⚠ M: perlu diverifikasi"),
        )
    if obj.confidence == Confidence.SINGLE_SOURCE:
        return format_html(_BADGE, "#cfe2ff", "#084298", obj.get_confidence_display(), "C1")
    return format_html(_BADGE, "#d1e7dd", "#0f5132", obj.get_confidence_display(), "C2+")


@admin.display(description=_("dasar hukum / sumber"), ordering="source")
def source_short(obj):
    text = obj.source if len(obj.source) <= 60 else obj.source[:57] + "…"
    return format_html('<span title="{}">{}</span>', obj.source, text)


class ReferenceAdmin(SimpleHistoryAdmin):
    """Common shape of a regulation table's admin."""

    list_filter: tuple[str, ...] = ("confidence", "effective_from")
    search_fields: tuple[str, ...] = ("source",)
    date_hierarchy = None
    list_per_page = 100

    def get_list_display(self, request):
        return (*self.reference_columns, confidence_badge, "effective_from", source_short)

    def changelist_view(self, request, extra_context=None):
        unverified = self.model.objects.filter(confidence=Confidence.BACKGROUND).count()
        if unverified and request.method == "GET":
            messages.warning(
                request,
                _(
                    "%(n)d baris bertanda M: berasal dari pengetahuan latar dan perlu diverifikasi "
                    "terhadap peraturan sebelum dipakai untuk keputusan."
                )
                % {"n": unverified},
            )
        return super().changelist_view(request, extra_context)


@admin.register(Rank)
class RankAdmin(ReferenceAdmin):
    reference_columns = ("code", "title", "kind", "order")
    list_filter = ("kind", "confidence")
    search_fields = ("code", "title")
    ordering = ("kind", "order")


@admin.register(EducationLevel)
class EducationLevelAdmin(ReferenceAdmin):
    reference_columns = ("code", "name", "order", "starting_rank", "highest_rank")
    search_fields = ("code", "name")
    list_select_related = ("starting_rank", "highest_rank")
    autocomplete_fields = ("starting_rank", "highest_rank")


@admin.register(RetirementAge)
class RetirementAgeAdmin(ReferenceAdmin):
    reference_columns = ("position_kind", "age")
    list_filter = ("position_kind", "confidence")


@admin.register(RankPromotionSchedule)
class RankPromotionScheduleAdmin(ReferenceAdmin):
    reference_columns = ("months",)


@admin.register(RegulationParameter)
class RegulationParameterAdmin(ReferenceAdmin):
    reference_columns = ("key", "value")
    list_filter = ("key", "confidence")
