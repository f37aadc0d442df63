"""FilterSets of the training catalogue (the catalogue for everyone, the admin session list)."""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from abdi.competency.models import Competency
from abdi.learning.choices import ProgrammeCategory, ProgrammeMode
from abdi.learning.models import Programme, ProgrammeCompetency, Provider, TrainingSession
from abdi.learning.selectors.catalogue import (
    SessionState,
    closes_gaps_q,
    open_sessions_q,
    session_state_q,
)

ALL = _("Semua")


class CatalogueFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari judul, kode atau uraian"), method="filter_q")
    competency = django_filters.ModelChoiceFilter(
        label=_("Kompetensi"),
        queryset=Competency.objects.filter(is_active=True).order_by("kind", "order", "name"),
        method="filter_competency",
        empty_label=ALL,
    )
    category = django_filters.ChoiceFilter(
        label=_("Kategori"), choices=ProgrammeCategory.choices, empty_label=ALL
    )
    mode = django_filters.ChoiceFilter(
        label=_("Moda"), choices=ProgrammeMode.choices, empty_label=ALL
    )
    provider = django_filters.ModelChoiceFilter(
        label=_("Penyelenggara"), queryset=Provider.objects.order_by("name"), empty_label=ALL
    )
    open_only = django_filters.BooleanFilter(
        label=_("Hanya yang pendaftarannya dibuka"),
        method="filter_open",
        widget=forms.CheckboxInput,
    )
    my_gaps = django_filters.BooleanFilter(
        label=_("Menutup kesenjangan saya"),
        method="filter_gaps",
        widget=forms.CheckboxInput,
    )

    status = django_filters.ChoiceFilter(
        label=_("Status program"),
        choices=[("active", _("Aktif")), ("inactive", _("Tidak aktif"))],
        method="filter_status",
        empty_label=ALL,
    )

    class Meta:
        model = Programme
        fields = [
            "q",
            "competency",
            "category",
            "mode",
            "provider",
            "status",
            "open_only",
            "my_gaps",
        ]

    def __init__(self, *args, today: dt.date, gaps: dict | None, is_admin: bool = False, **kw):
        self.today = today
        self.gaps = gaps
        super().__init__(*args, **kw)
        if gaps is None:  # no employee record: nothing to close
            del self.filters["my_gaps"]
            self.form.fields.pop("my_gaps", None)
        if not is_admin:  # others never see an inactive programme
            del self.filters["status"]
            self.form.fields.pop("status", None)
        for name, field in self.form.fields.items():
            if isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs["class"] = "form-check-input"
            elif name != "q":
                field.widget.attrs["class"] = "form-select"
            else:
                field.widget.attrs.update(
                    {"class": "form-control", "type": "search", "autocomplete": "off"}
                )
                field.widget.attrs["placeholder"] = _("mis. pelayanan, PKP, SIG")

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value) | Q(code__icontains=value) | Q(description__icontains=value)
        )

    def filter_competency(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Exists(ProgrammeCompetency.objects.filter(programme=OuterRef("pk"), competency=value))
        )

    def filter_open(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Exists(
                TrainingSession.objects.filter(
                    open_sessions_q(self.today), programme=OuterRef("pk")
                )
            )
        )

    def filter_gaps(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Exists(
                ProgrammeCompetency.objects.filter(
                    closes_gaps_q(self.gaps or {}), programme=OuterRef("pk")
                )
            )
        )

    def filter_status(self, queryset, name, value):
        if value == "active":
            return queryset.filter(is_active=True)
        if value == "inactive":
            return queryset.filter(is_active=False)
        return queryset


class SessionAdminFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari program atau angkatan"), method="filter_q")
    state = django_filters.ChoiceFilter(
        label=_("Keadaan"), choices=SessionState.choices, method="filter_state", empty_label=ALL
    )
    provider = django_filters.ModelChoiceFilter(
        label=_("Penyelenggara"),
        queryset=Provider.objects.order_by("name"),
        field_name="programme__provider",
        empty_label=ALL,
    )

    class Meta:
        model = TrainingSession
        fields = ["q", "state", "provider"]

    def __init__(self, *args, today: dt.date, **kw):
        self.today = today
        super().__init__(*args, **kw)
        for name, field in self.form.fields.items():
            field.widget.attrs["class"] = "form-control" if name == "q" else "form-select"
        self.form.fields["q"].widget.attrs["type"] = "search"

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(programme__title__icontains=value)
            | Q(programme__code__icontains=value)
            | Q(name__icontains=value)
        )

    def filter_state(self, queryset, name, value):
        return queryset.filter(session_state_q(value, self.today)) if value else queryset


# --- the API (same filters as the pages, strict about their values) ---------------------------


class StrictBooleanField(forms.TypedChoiceField):
    """true/false (or 1/0); anything else is an error, not a silent 'yes' as a checkbox is."""

    def __init__(self, *args, **kwargs):
        kwargs.pop("empty_value", None)
        super().__init__(
            *args,
            choices=[("true", "true"), ("false", "false"), ("1", "1"), ("0", "0")],
            coerce=lambda value: value in ("true", "1"),
            empty_value=None,
            **kwargs,
        )
        self.error_messages["invalid_choice"] = _("Isi true atau false.")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A whole number (the id of a record); '1.5' or 'abc' is an error."""

    field_class = forms.IntegerField


class ProgrammeApiFilterSet(CatalogueFilterSet):
    """The catalogue's filters for GET /api/v1/training/programmes/. `my_gaps` needs an employee
    record and `status` is for admins, as on the page (otherwise they are ignored)."""

    open_only = StrictBooleanFilter(
        label=_("Hanya yang pendaftarannya dibuka"), method="filter_open"
    )
    my_gaps = StrictBooleanFilter(label=_("Menutup kesenjangan saya"), method="filter_gaps")

    @extend_schema_field(OpenApiTypes.INT)
    def filter_competency(self, queryset, name, value):
        return super().filter_competency(queryset, name, value)


class SessionApiFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        return data


class SessionApiFilterSet(django_filters.FilterSet):
    """GET /api/v1/training/sessions/: open for registration today, a date range (sessions held
    at some time within it), a programme, a state."""

    open = StrictBooleanFilter(label=_("Pendaftaran dibuka hari ini"), method="filter_open")
    state = django_filters.ChoiceFilter(
        label=_("Keadaan"), choices=SessionState.choices, method="filter_state"
    )
    date_from = django_filters.DateFilter(
        label=_("Berlangsung pada atau setelah tanggal"), field_name="end_date", lookup_expr="gte"
    )
    date_to = django_filters.DateFilter(
        label=_("Berlangsung pada atau sebelum tanggal"),
        field_name="start_date",
        lookup_expr="lte",
    )
    programme = IdFilter(label=_("Id program"), field_name="programme_id")

    class Meta:
        model = TrainingSession
        fields = ["open", "state", "date_from", "date_to", "programme"]
        form = SessionApiFilterForm

    def __init__(self, *args, today: dt.date, **kw):
        self.today = today
        super().__init__(*args, **kw)

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        q = open_sessions_q(self.today)
        return queryset.filter(q) if value else queryset.exclude(q)

    def filter_state(self, queryset, name, value):
        return queryset.filter(session_state_q(value, self.today)) if value else queryset
