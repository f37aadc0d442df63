"""Forms of the organisation pages. They check the input's shape; org.services enforces the rules."""

from __future__ import annotations

from typing import cast

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abdi.core.choices import PositionKind
from abdi.core.formfields import widget_class
from abdi.org.choices import OrgUnitKind
from abdi.org.models import Agency, OrgUnit, Position
from abdi.org.permissions import picker_scope
from abdi.org.widgets import UnitPicker


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picker that shows the tree by indenting each name by its depth."""

    def label_from_instance(self, obj: OrgUnit) -> str:
        return "\u2003" * (obj.depth - 1) + f"{obj.name} ({obj.code})"


class PositionChoiceField(forms.ModelChoiceField):
    """A position named with its unit kerja: "Kepala Bidang — Dinas Kesehatan"."""

    def label_from_instance(self, obj: Position) -> str:
        return f"{obj.name} — {obj.org_unit.name}"


class BootstrapMixin:
    """Gives each widget its Bootstrap class, and marks fields with errors as invalid."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = widget_class(widget)
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self._errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid"


def _active_units():
    return OrgUnit.objects.filter(is_active=True).order_by("path")


class UnitCreateForm(BootstrapMixin, forms.Form):
    agency = forms.ModelChoiceField(label=_("Instansi"), queryset=Agency.objects.order_by("name"))
    parent = UnitChoiceField(
        label=_("Unit induk"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("— tanpa induk (unit teratas) —"),
    )
    code = forms.CharField(label=_("Kode unit"), max_length=40)
    name = forms.CharField(label=_("Nama unit"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis unit"), choices=OrgUnitKind.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = _active_units()
        agencies = self.fields["agency"].queryset
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0].pk

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()

    def clean(self):
        data = super().clean()
        parent, agency = data.get("parent"), data.get("agency")
        if parent is not None and agency is not None and parent.agency_id != agency.pk:
            self.add_error("parent", _("Unit induk milik instansi lain."))
        return data


class UnitEditForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("Kode unit"), max_length=40)
    name = forms.CharField(label=_("Nama unit"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis unit"), choices=OrgUnitKind.choices)

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()


class UnitMoveForm(BootstrapMixin, forms.Form):
    parent = UnitChoiceField(
        label=_("Pindahkan ke bawah unit"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("— jadikan unit teratas —"),
    )

    def __init__(self, *args, unit: OrgUnit, **kwargs):
        super().__init__(*args, **kwargs)
        # The unit's own subtree is never a valid target.
        # self.fields holds a copy of the declared field, which Form types as a plain Field.
        parent = cast(UnitChoiceField, self.fields["parent"])
        parent.queryset = _active_units().exclude(path__startswith=unit.path)
        parent.initial = unit.parent_id


class UnitCloseForm(BootstrapMixin, forms.Form):
    closed_on = forms.DateField(
        label=_("Tanggal penutupan"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    confirm = forms.BooleanField(
        label=_("Saya mengerti bahwa unit ini dan semua unit di bawahnya akan ditutup."),
        required=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()


class PositionForm(BootstrapMixin, forms.ModelForm):
    org_unit = UnitChoiceField(label=_("Unit kerja"), queryset=OrgUnit.objects.none())

    class Meta:
        model = Position
        fields = [
            "code",
            "name",
            "kind",
            "class_grade",
            "org_unit",
            "reports_to",
            "posts",
            "is_unit_head",
            "retirement_age_override",
        ]
        field_classes = {"reports_to": PositionChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = _active_units()
        reports_to = Position.objects.filter(is_active=True).select_related("org_unit")
        if self.instance.pk:
            reports_to = reports_to.exclude(pk=self.instance.pk)
        self.fields["reports_to"].queryset = reports_to.order_by("org_unit__path", "name")

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()


class PositionFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Cari"), required=False)
    unit = UnitChoiceField(
        label=_("Unit kerja (termasuk di bawahnya)"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("Semua unit"),
        # The position list is public within the organisation: any active unit.
        widget=UnitPicker(scope=""),
    )
    kind = forms.ChoiceField(
        label=_("Jenis jabatan"), required=False, choices=[("", _("Semua jenis"))]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = _active_units()
        self.fields["kind"].choices = [("", _("Semua jenis")), *PositionKind.choices]


class ScopedUnitForm(forms.Form):
    """One unit chosen with a searchable picker (widgets.UnitPicker) over the picker scope
    `scope` of `user` (permissions.picker_scope, an app's registered scope): a page's unit
    filter, or a form's unit. Unbound, `initial={name: pk}` preselects the unit shown; bound,
    it validates that the submitted unit is active and within the scope. `name` is the
    parameter's name (and, auto_id="%s", the search box's id that the label points at)."""

    def __init__(self, *args, user, scope: str, name: str = "unit", label=None, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        within = picker_scope(user, scope)
        widget = UnitPicker(scope=scope)
        widget.within = within
        units = OrgUnit.objects.filter(is_active=True)
        if within is not None:
            condition = Q(pk__in=[])
            for path in within:
                condition |= Q(path__startswith=path)
            units = units.filter(condition)
        self.fields[name] = forms.ModelChoiceField(
            label=label or _("Unit"),
            queryset=units,
            required=False,
            widget=widget,
            error_messages={
                "invalid_choice": _("Unit kerja tidak dikenal atau sudah ditutup: %(value)s."),
            },
        )
