"""Reads of the public-service catalogue for pages and the API."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from abdi.accounts.models import User
from abdi.feedback.models import PublicService
from abdi.feedback.permissions import services_manageable_by, services_visible_to


def public_services(*, q: str = "") -> QuerySet[PublicService]:
    """The services a citizen may report on or answer a survey about: active, in an active
    unit; `q` matches the service or unit name."""
    qs = PublicService.objects.filter(is_active=True, org_unit__is_active=True)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(org_unit__name__icontains=q))
    return qs.select_related("org_unit").order_by("org_unit__name", "name", "pk")


def managed_services(*, user: User, q: str = "") -> QuerySet[PublicService]:
    """The services a service admin (their units) or BKPSDM admin manages, as the catalogue
    page lists them."""
    return _search(services_manageable_by(user), q)


def catalogue_services(*, user: User, q: str = "") -> QuerySet[PublicService]:
    """The catalogue page: the managed services, or every service for an auditor."""
    return _search(services_visible_to(user), q)


def _search(qs: QuerySet[PublicService], q: str) -> QuerySet[PublicService]:
    qs = qs.select_related("org_unit")
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(org_unit__name__icontains=q))
    return qs.order_by("org_unit__path", "name", "pk")
