"""Admin for the agency, the unit kerja tree and positions.

Tree changes made here go through the same rules as the Organisation pages: a unit is never moved
under its own descendant, its `parent` follows the tree, and a move is recorded as
"from X to Y". Closing a unit is done on the Organisation page (it checks for active staff)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import update_change_reason
from treebeard.admin import TreeAdmin
from treebeard.forms import MoveNodeForm, movenodeform_factory

from abdi.org import services
from abdi.org.models import Agency, OrgUnit, Position


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "region")
    search_fields = ("code", "name")


class OrgUnitNodeForm(MoveNodeForm):
    def clean(self):
        data = super().clean()
        ref = data.get("treebeard_ref_node")
        position = data.get("treebeard_position", "")
        if ref is not None and self.instance.pk:
            target_parent = ref if "child" in position else _parent_of(ref)
            if target_parent is not None and target_parent.path.startswith(self.instance.path):
                raise ValidationError(
                    _("Unit tidak dapat dipindah ke bawah dirinya sendiri atau unit turunannya.")
                )
        if ref is not None and not ref.is_active:
            self.add_error("treebeard_ref_node", _("Unit tujuan sudah ditutup."))
        return data

    def save(self, commit=True):
        existed = self.instance.pk is not None
        old_parent = self.instance.parent if existed else None
        unit = super().save(commit=commit)
        new_parent = _parent_of(unit)
        if unit.parent_id != (new_parent.pk if new_parent else None):
            unit.parent = new_parent
            unit.save(update_fields=["parent", "updated_at"])
            if existed:
                update_change_reason(
                    unit,
                    _("Dipindah dari %(old)s ke %(new)s")
                    % {"old": old_parent or "—", "new": new_parent or "—"},
                )
        return unit


def _parent_of(unit: OrgUnit) -> OrgUnit | None:
    if unit.depth <= 1:
        return None
    return OrgUnit.objects.get(path=unit.path[: -OrgUnit.steplen])


@admin.register(OrgUnit)
class OrgUnitAdmin(SimpleHistoryAdmin, TreeAdmin):
    form = movenodeform_factory(OrgUnit, form=OrgUnitNodeForm, exclude=("closed_on", "is_active"))
    list_display = ("name", "code", "kind", "agency", "is_active")
    list_filter = ("kind", "is_active", "agency")
    search_fields = ("code", "name")
    readonly_fields = ("is_active", "closed_on")

    def has_delete_permission(self, request, obj=None):
        return False  # units are closed, never deleted: their history must stay

    def move_node(self, request):
        """Drag and drop in the tree: routed through org.services.org_unit_move."""
        try:
            node = OrgUnit.objects.get(pk=request.POST.get("node"))
            target = OrgUnit.objects.get(pk=request.POST.get("target"))
        except (OrgUnit.DoesNotExist, ValueError):
            return HttpResponseBadRequest("Invalid form data provided")
        new_parent = target if request.POST.get("relation") == "child" else _parent_of(target)
        try:
            services.org_unit_move(actor=request.user, unit=node, new_parent=new_parent)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseBadRequest("Exception raised during move")
        messages.info(request, _("Unit %(name)s dipindahkan.") % {"name": node.name})
        return HttpResponse("OK")


class PositionAdminForm(forms.ModelForm):
    class Meta:
        model = Position
        fields = (
            "code",
            "name",
            "kind",
            "class_grade",
            "org_unit",
            "reports_to",
            "posts",
            "is_unit_head",
            "retirement_age_override",
            "is_active",
        )

    def clean(self):
        data = super().clean()
        reports_to = data.get("reports_to")
        if reports_to is not None and self.instance.pk:
            seen, current = {self.instance.pk}, reports_to
            while current is not None:
                if current.pk in seen:
                    raise ValidationError(
                        {
                            "reports_to": gettext_lazy(
                                "Atasan ini membuat rantai pelaporan melingkar."
                            )
                        }
                    )
                seen.add(current.pk)
                current = current.reports_to
        return data


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = (
        "name",
        "code",
        "kind",
        "class_grade",
        "org_unit",
        "reports_to",
        "posts",
        "is_unit_head",
        "is_active",
    )
    list_filter = ("kind", "is_unit_head", "is_active")
    search_fields = ("code", "name", "org_unit__name")
    list_select_related = ("org_unit", "reports_to")
    autocomplete_fields = ("org_unit", "reports_to")

    def save_model(self, request, obj, form, change):
        # The reporting chain is checked by the service; a cycle is reported on the form
        # by PositionAdminForm before we get here.
        services.position_save(actor=request.user, position=obj)

    form = PositionAdminForm
