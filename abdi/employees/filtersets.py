"""One FilterSet for the employee list, shared by the page and the API."""

from __future__ import annotations

import datetime as dt
from html import escape

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from abdi.core.choices import PositionKind
from abdi.core.models import Rank
from abdi.employees.choices import EmploymentStatus
from abdi.employees.models import Employee
from abdi.org.models import OrgUnit

EMPTY_LABEL = _("Semua unit")


class UnitSelect(forms.Widget):
    """A `<select>` of every active unit (about 2,000 in a province), its options written in
    Python: Django's Select normalises every choice and renders a template per option, which
    took ~100 ms for them. `unit_choices` is read only when the widget is rendered."""

    input_type = "select"

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.unit_choices = ()

    def format_value(self, value):
        if value is None:
            return []
        values = value if isinstance(value, (list, tuple)) else [value]
        return [str(v) for v in values if v is not None]

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(str(key))}"{" selected" if str(key) in chosen else ""}>'
            f"{escape(str(label))}</option>"
            for key, label in self.unit_choices
        )
        return mark_safe(f"<select{flatatt(final_attrs)}>{options}</select>")  # noqa: S308 - escaped


class _LazyChoices:
    """The unit choices, read only when iterated (rendering, or validating a given unit)."""

    def __init__(self, load=None):
        self.load = load

    def __iter__(self):
        return iter(self.load() if self.load else ())


class UnitField(forms.Field):
    """A unit id that must be one of `choices` (an active unit). Validated against a dict, not
    through ChoiceField, whose choice normalisation cost ~20 ms for 2,000 units."""

    widget = UnitSelect
    default_error_messages = {
        "invalid_choice": forms.ChoiceField.default_error_messages["invalid_choice"]
    }

    def __init__(self, *, choices=None, **kwargs):
        super().__init__(**kwargs)
        self.widget.unit_choices = _LazyChoices(choices)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        valid = {str(key): key for key, _label in self.widget.unit_choices if key != ""}
        if str(value) not in valid:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return valid[str(value)]


class UnitFilter(django_filters.Filter):
    """A unit id, valid when it is an active unit; filters on the unit and everything below."""

    field_class = UnitField


class EmployeeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari nama atau NIP"), method="filter_search")
    unit = UnitFilter(
        label=_("Unit kerja (termasuk di bawahnya)"),
        method="filter_unit",
    )
    rank = django_filters.ModelChoiceFilter(
        label=_("Golongan"), queryset=Rank.objects.order_by("kind", "order"), to_field_name="code"
    )
    position_kind = django_filters.ChoiceFilter(
        label=_("Jenis jabatan"), choices=PositionKind.choices, field_name="position__kind"
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=EmploymentStatus.choices)
    retiring_within_months = django_filters.NumberFilter(
        label=_("Pensiun dalam (bulan)"), method="filter_retiring", min_value=0, max_value=240
    )
    active = django_filters.BooleanFilter(label=_("Aktif"), field_name="is_active")

    class Meta:
        model = Employee
        fields = [
            "q",
            "unit",
            "rank",
            "position_kind",
            "status",
            "retiring_within_months",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._units: list[tuple[int, str, str]] | None = None
        self._all_units: list[tuple[int, str]] = []
        self._choices: list[tuple[object, str]] | None = None
        # Read when the form is rendered or a unit is given (the API without `unit` never).
        # A plain function, not a bound method: form fields are deep-copied, and deepcopy
        # would copy a method's filterset (and its request) along.
        self.filters["unit"].extra["choices"] = lambda: self._unit_choices()

    def _active_units(self) -> list[tuple[int, str, str]]:
        """(id, path, indented name) of the active units in tree order. All units (closed ones
        too, for the subtree ids) come in one small query per request, as tuples."""
        if self._units is None:
            units = list(
                OrgUnit.objects.order_by("path").values_list(
                    "pk", "path", "depth", "name", "is_active"
                )
            )
            self._all_units = [(pk, path) for pk, path, _d, _n, _a in units]
            self._units = [
                (pk, path, "\u2003" * (depth - 1) + name)
                for pk, path, depth, name, active in units
                if active
            ]
        return self._units

    def _unit_choices(self) -> list[tuple[object, str]]:
        if self._choices is None:
            choices: list[tuple[object, str]] = [("", str(EMPTY_LABEL))]
            choices += [(pk, label) for pk, _path, label in self._active_units()]
            self._choices = choices
        return self._choices

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        compact = value.replace(" ", "")
        if compact.isdigit():
            return queryset.filter(nip__startswith=compact)
        return queryset.filter(name__icontains=value)

    def filter_unit(self, queryset, name, value):
        # The unit's subtree as ids (an index condition on org_unit_id), without a join.
        # The subtree's unit ids, from the units already read for the choices: an index
        # condition with a known size, no join, no query.
        path = next(path for pk, path, _label in self._active_units() if pk == value)
        ids = [pk for pk, unit_path in self._all_units if unit_path.startswith(path)]
        return queryset.filter(org_unit_id__in=ids)

    def filter_retiring(self, queryset, name, value):
        """Retiring within N months: the stored retirement date (1st of the month after the BUP
        birthday, see services/retirement.py) is after the 1st of this month and at most the 1st of
        the month N months ahead — the BUP birthday falls in this month or the next N − 1.
        One range on an indexed column."""
        today = timezone.localdate()
        horizon_month = today.month - 1 + int(value)
        horizon = dt.date(today.year + horizon_month // 12, horizon_month % 12 + 1, 1)
        this_month = dt.date(today.year, today.month, 1)
        return queryset.filter(
            retirement_date__gt=this_month, retirement_date__lte=horizon, is_active=True
        )
