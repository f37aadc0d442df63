"""One FilterSet for the employee list, shared by the page and the API."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abdi.core.choices import PositionKind
from abdi.core.models import Rank
from abdi.employees.choices import EmploymentStatus
from abdi.employees.models import Employee
from abdi.org.models import OrgUnit
from abdi.org.permissions import picker_scope
from abdi.org.widgets import UnitPicker

PICKER_SCOPE = "employees"


class UnitListPicker(UnitPicker):
    """The searchable unit picker (org.widgets.UnitPicker) over the units the list shows
    (scope "employees"). Its first rendering takes the chosen unit and its ancestors from the
    units the filterset has already read (`load_options`): no query of its own."""

    def __init__(self, attrs=None):
        super().__init__(attrs, scope=PICKER_SCOPE)
        self.load_options = None

    def options(self, value):
        if self.load_options is None:
            return super().options(value)
        return self.load_options(value)


class UnitField(forms.Field):
    """A unit id that must be an active unit (`units()`: their ids as a dict by string).
    Validated against a dict, not through ChoiceField, whose choice normalisation cost ~20 ms
    for 2,000 units; `units` is called only when a unit is given."""

    widget = UnitListPicker
    default_error_messages = {
        "invalid_choice": _("Unit kerja tidak dikenal atau sudah ditutup: %(value)s.")
    }

    def __init__(self, *, units=None, picker_options=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.widget.load_options = picker_options

    def to_python(self, value):
        if value in self.empty_values:
            return None
        valid = self.units() if self.units else {}
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
        self._units: list[tuple[int, str, int, str, str]] | None = None
        self._all_units: list[tuple[int, str]] = []
        self._ids: dict[str, int] | None = None
        # Read when a unit is given (the page and the API without `unit` never). Plain
        # functions, not bound methods: form fields are deep-copied, and deepcopy would copy a
        # method's filterset (and its request) along.
        self.filters["unit"].extra["units"] = lambda: self._unit_ids()
        self.filters["unit"].extra["picker_options"] = lambda value: self._picker_options(value)

    def _active_units(self) -> list[tuple[int, str, int, str, str]]:
        """(id, path, depth, name, code) of the active units. All units (closed ones too, for
        the subtree ids) come in one small query per request, as tuples."""
        if self._units is None:
            units = list(
                OrgUnit.objects.order_by("path").values_list(
                    "pk", "path", "depth", "name", "code", "is_active"
                )
            )
            self._all_units = [(row[0], row[1]) for row in units]
            self._units = [row[:5] for row in units if row[5]]
        return self._units

    def _unit_ids(self) -> dict[str, int]:
        if self._ids is None:
            self._ids = {str(row[0]): row[0] for row in self._active_units()}
        return self._ids

    def _picker_options(self, value) -> list[OrgUnit]:
        """The picker's first options: the chosen unit and its ancestors within the user's
        picker scope, nearest first (as org.selectors.unit_picker_options gives them), built
        from the units already read."""
        if value in (None, "") or str(value) not in self._unit_ids():
            return []
        user = getattr(self.request, "user", None)
        within = picker_scope(user, PICKER_SCOPE) if user is not None else ()
        units = {row[1]: row for row in self._active_units()}
        path = next(row[1] for row in self._active_units() if str(row[0]) == str(value))
        step = OrgUnit.steplen
        chosen = [units[path[:i]] for i in range(len(path), 0, -step) if path[:i] in units]
        return [
            OrgUnit(pk=pk, path=unit_path, depth=depth, name=name, code=code)
            for pk, unit_path, depth, name, code in chosen
            if within is None or any(unit_path.startswith(p) for p in within)
        ]

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        compact = value.replace(" ", "")
        if compact.isdigit():
            return queryset.filter(nip__startswith=compact)
        return queryset.filter(name__icontains=value)

    def filter_unit(self, queryset, name, value):
        # The subtree's unit ids, from the units already read to validate it: an index
        # condition on org_unit_id with a known size, no join, no query.
        path = next(row[1] for row in self._active_units() if row[0] == value)
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
