"""Filters of the organisation endpoints."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from abdi.core.choices import PositionKind
from abdi.org.choices import OrgUnitKind
from abdi.org.models import OrgUnit, Position


def _search(queryset, name, value):
    value = value.strip()
    if not value:
        return queryset
    return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))


class OrgUnitFilterSet(django_filters.FilterSet):
    parent = django_filters.ModelChoiceFilter(
        label=_("Unit induk (anak langsung)"), queryset=OrgUnit.objects.all()
    )
    kind = django_filters.ChoiceFilter(label=_("Jenis unit"), choices=OrgUnitKind.choices)
    active = django_filters.BooleanFilter(label=_("Aktif"), field_name="is_active")
    q = django_filters.CharFilter(label=_("Cari nama atau kode"), method="filter_search")

    class Meta:
        model = OrgUnit
        fields = ["parent", "kind", "active", "q"]

    def filter_search(self, queryset, name, value):
        return _search(queryset, name, value)


class PositionFilterSet(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit kerja (termasuk di bawahnya)"),
        queryset=OrgUnit.objects.all(),
        method="filter_unit",
    )
    kind = django_filters.ChoiceFilter(label=_("Jenis jabatan"), choices=PositionKind.choices)
    active = django_filters.BooleanFilter(label=_("Aktif"), field_name="is_active")
    q = django_filters.CharFilter(label=_("Cari nama atau kode"), method="filter_search")

    class Meta:
        model = Position
        fields = ["unit", "kind", "active", "q"]

    @extend_schema_field(OpenApiTypes.INT)
    def filter_unit(self, queryset, name, value):
        return queryset.filter(org_unit__path__startswith=value.path)

    def filter_search(self, queryset, name, value):
        return _search(queryset, name, value)
