"""Cached figures and stored totals stay right when a change bypasses the services (admin
edits and deletions), and when the cache loses its version key."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from abdi.competency import selectors as competency_selectors
from abdi.competency.models import Competency, DefaultRequiredLevel, PositionStandard
from abdi.core.cache_versions import bump_version, current_version
from abdi.learning.models import JpYearTotal
from abdi.learning.services import credit as svc
from abdi.learning.testing import TINY_PDF, build_learning_world


def test_a_lost_version_key_never_brings_back_an_old_version(db):
    key = "test:version"
    first = current_version(key)
    assert current_version(key) == first  # stable while the key lives
    bump_version(key)
    bumped = current_version(key)
    assert bumped != first
    cache.delete(key)  # evicted, culled or expired
    assert current_version(key) not in (first, bumped)


@pytest.mark.django_db
def test_admin_edits_of_standards_and_defaults_invalidate_the_heat_map(
    personas, django_capture_on_commit_callbacks
):
    competency = Competency.objects.filter(kind="managerial").first()
    for change in (
        lambda: PositionStandard.objects.create(
            position=personas.staff_position, competency=competency, required_level=4
        ),
        lambda: PositionStandard.objects.filter(position=personas.staff_position).delete(),
        lambda: DefaultRequiredLevel.objects.first().save(),  # an edit in the admin
        lambda: Competency.objects.create(code="M-NEW", name="Kompetensi Baru", kind="managerial"),
    ):
        before = competency_selectors.requirements_version()
        with django_capture_on_commit_callbacks(execute=True):
            change()
        assert competency_selectors.requirements_version() != before


@pytest.mark.django_db
def test_deleting_a_verified_external_certificate_in_the_admin_corrects_the_total(
    personas, django_capture_on_commit_callbacks
):
    build_learning_world(personas)
    today = timezone.localdate()
    external = svc.external_certificate_submit(
        actor=personas.colleague.user,
        title="Seminar Nasional",
        provider="Universitas Jambi",
        start_date=today - dt.timedelta(days=3),
        end_date=today - dt.timedelta(days=2),
        jp=7,
        file=SimpleUploadedFile("s.pdf", TINY_PDF, content_type="application/pdf"),
    )
    svc.external_certificate_decide(actor=personas.admin, external=external, verify=True)
    year = (today - dt.timedelta(days=2)).year

    def total() -> int:
        row = JpYearTotal.objects.filter(employee=personas.colleague, year=year).first()
        return row.jp if row else 0

    assert total() == 7
    with django_capture_on_commit_callbacks(execute=True):
        external.delete()  # what the admin's delete does: the JP line goes by CASCADE
    assert total() == 0
