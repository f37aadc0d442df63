"""The unit's service composite is recorded with its organisational predikat: when a predikat
is saved (performance's service), insights stores the composite as it stood (its own table)."""

from __future__ import annotations

from django.db import transaction

from abdi.insights.models import ServiceScoreRecord
from abdi.insights.selectors.service_score import service_score


def record_service_score(sender, instance, **kwargs) -> None:
    year = instance.period.performance_year.year
    result = service_score(instance.org_unit, year)
    with transaction.atomic():
        ServiceScoreRecord.objects.update_or_create(
            org_predikat=instance,
            defaults={"year": year, "score": result.score, "components": result.as_record()},
        )
