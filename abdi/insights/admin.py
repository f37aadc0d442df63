"""Admin: the IP ASN points table and bands (regulation data, editable); snapshots read-only."""

from django.contrib import admin

from abdi.core.admin import ReferenceAdmin
from abdi.insights import models


@admin.register(models.IpAsnPoint)
class IpAsnPointAdmin(ReferenceAdmin):
    reference_columns = ("dimension", "criterion", "label", "points", "threshold")
    list_filter = ("dimension", "confidence")
    search_fields = ("criterion", "label", "source")


@admin.register(models.IpAsnBand)
class IpAsnBandAdmin(ReferenceAdmin):
    reference_columns = ("category", "above")


@admin.register(models.SnapshotRun)
class SnapshotRunAdmin(admin.ModelAdmin):
    list_display = ["kind", "year", "status", "rows", "created_at", "finished_at"]
    list_filter = ["kind", "status"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.EngagementQuestion)
class EngagementQuestionAdmin(ReferenceAdmin):
    """The engagement survey's statements (data). The answers have no admin: they are
    anonymous and shown only as group results."""

    reference_columns = ("code", "text", "order", "is_active")
    search_fields = ("code", "text")


@admin.register(models.ServiceScoreWeight)
class ServiceScoreWeightAdmin(ReferenceAdmin):
    reference_columns = ("component", "weight")
