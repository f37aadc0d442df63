"""Catalogue endpoints (read only): the same selectors, FilterSets and visibility as the
catalogue pages. Every signed-in user browses; an inactive programme (and its sessions) is seen
by BKPSDM admins only — anyone else gets 404. Bad filters are a structured 400."""

from __future__ import annotations

from typing import cast

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import generics

from abdi.accounts.models import User
from abdi.core.api import ApiViewMixin
from abdi.employees.permissions import own_employee
from abdi.learning.api.serializers.catalogue import (
    ProgrammeDetailSerializer,
    ProgrammeSerializer,
    SessionSerializer,
)
from abdi.learning.filtersets import ProgrammeApiFilterSet, SessionApiFilterSet
from abdi.learning.models import Programme, TrainingSession
from abdi.learning.permissions.catalogue import can_manage_catalogue
from abdi.learning.selectors import catalogue as sel


class CatalogueFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend that also hands the view's `filterset_extra_kwargs()` (today, the
    caller's gaps …) to the FilterSet, which the page builds with them too."""

    def get_filterset_kwargs(self, request, queryset, view):
        return super().get_filterset_kwargs(request, queryset, view) | view.filterset_extra_kwargs()


class _CatalogueView(ApiViewMixin):
    @cached_property
    def today(self):
        return timezone.localdate()

    def _fake(self) -> bool:
        # drf-spectacular inspects the view with an anonymous request.
        return getattr(self, "swagger_fake_view", False)


class ProgrammeListView(_CatalogueView, generics.ListAPIView):
    """The training catalogue: programmes one can register for today first, then by title.
    `my_gaps` needs an employee record; `status` is for BKPSDM admins (who also see inactive
    programmes); otherwise they are ignored, as on the page."""

    serializer_class = ProgrammeSerializer
    filter_backends: list = [CatalogueFilterBackend]
    filterset_class = ProgrammeApiFilterSet

    def get_queryset(self):
        if self._fake():
            return Programme.objects.none()
        return sel.programmes_for_user(self.request.user)

    def filterset_extra_kwargs(self) -> dict:
        # The view's permission classes let only a signed-in user through.
        user = cast(User, self.request.user)
        me = own_employee(user)
        gaps = None
        if me is not None:
            # The gaps cost a few queries: only when the filter asks for them.
            wanted = self.request.query_params.get("my_gaps") in ("true", "1")
            gaps = sel.gap_targets(me) if wanted else {}
        return {
            "today": self.today,
            "gaps": gaps,
            "is_admin": can_manage_catalogue(user),
        }

    def filter_queryset(self, queryset):
        return sel.order_catalogue(super().filter_queryset(queryset), today=self.today)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            sel.decorate_catalogue_page(page, today=self.today, gaps={})
        return page


class ProgrammeDetailView(_CatalogueView, generics.RetrieveAPIView):
    """A programme with its next open session and all its sessions (state, seats, waiting list,
    eligibility)."""

    serializer_class = ProgrammeDetailSerializer
    filter_backends: list = []

    def get_queryset(self):
        if self._fake():
            return Programme.objects.none()
        return sel.programmes_for_user(self.request.user)

    def get_object(self):
        programme = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        sel.decorate_catalogue_page([programme], today=self.today, gaps={})
        programme.session_rows = sel.programme_sessions_with_units(programme, today=self.today)
        return programme


class SessionListView(_CatalogueView, generics.ListAPIView):
    """Training sessions, newest first, with their state today and seats. `open=true`: open for
    registration today; `date_from`/`date_to`: held at some time within the range."""

    serializer_class = SessionSerializer
    filter_backends: list = [CatalogueFilterBackend]
    filterset_class = SessionApiFilterSet

    def get_queryset(self):
        if self._fake():
            return TrainingSession.objects.none()
        return sel.sessions_for_api(self.request.user)

    def filterset_extra_kwargs(self) -> dict:
        return {"today": self.today}

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            sel.decorate_sessions(page, today=self.today)
        return page
