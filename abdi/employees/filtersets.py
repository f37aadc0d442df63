"""One FilterSet for the employee list, shared by the page and the API."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from abdi.core.choices import PositionKind
from abdi.core.models import Rank, RetirementAge
from abdi.employees import rules
from abdi.employees.choices import EmploymentStatus
from abdi.employees.models import Employee
from abdi.org.models import OrgUnit


class EmployeeFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari nama atau NIP"), method="filter_search")
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit kerja (termasuk di bawahnya)"),
        queryset=OrgUnit.objects.filter(is_active=True).order_by("path"),
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

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        compact = value.replace(" ", "")
        if compact.isdigit():
            return queryset.filter(nip__startswith=compact)
        return queryset.filter(name__icontains=value)

    def filter_unit(self, queryset, name, value):
        return queryset.filter(org_unit__path__startswith=value.path)

    def filter_retiring(self, queryset, name, value):
        """Retirement date = 1st of the month after the BUP birthday, so someone retires within
        N months when their birthday + BUP falls before (today + N months, 1st of that month).
        BUP depends on the position kind (and an override), so OR the conditions per BUP age."""
        today = timezone.localdate()
        months = int(value)
        horizon_month = today.month - 1 + months
        horizon = dt.date(today.year + horizon_month // 12, horizon_month % 12 + 1, 1)
        ages = {
            age
            for _k, _d, age in RetirementAge.objects.values_list(
                "position_kind", "effective_from", "age"
            )
        }
        ages |= set(
            Employee.objects.filter(position__retirement_age_override__isnull=False)
            .values_list("position__retirement_age_override", flat=True)
            .distinct()
        )
        ages.add(58)
        table = tuple(RetirementAge.objects.values_list("position_kind", "effective_from", "age"))
        condition = Q(pk__in=[])
        for age in sorted(ages):
            born_before = rules.add_years(horizon, -age)
            born_after = rules.add_years(dt.date(today.year, today.month, 1), -age)
            kinds = [
                k for k in PositionKind.values if rules.retirement_age_for(k, today, table) == age
            ]
            by_kind = Q(position__kind__in=kinds) & Q(
                position__retirement_age_override__isnull=True
            )
            if age == 58:
                by_kind |= Q(position__isnull=True)
            condition |= (by_kind | Q(position__retirement_age_override=age)) & Q(
                birth_date__lt=born_before, birth_date__gte=born_after
            )
        return queryset.filter(condition, is_active=True)
