"""Reads of the talent reference tables: the tables in force on a date, the settings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from abdi.talent import rules
from abdi.talent.choices import ThresholdKind
from abdi.talent.models import NineBoxCell, PredikatPoint, TalentSetting, ThresholdSet


def talent_setting() -> TalentSetting:
    setting, _ = TalentSetting.objects.get_or_create(pk=1)
    return setting


def threshold_set(kind: str, on: dt.date | None = None) -> ThresholdSet | None:
    on = on or timezone.localdate()
    return (
        ThresholdSet.objects.filter(kind=kind, effective_from__lte=on)
        .order_by("-effective_from")
        .prefetch_related("bands")
        .first()
    )


def bands_of(table: ThresholdSet | None) -> list[rules.Band]:
    if table is None:
        return []
    return [rules.Band(b.level, b.lower, b.upper) for b in table.bands.all()]


def predikat_points(on: dt.date | None = None) -> dict[str, Decimal]:
    on = on or timezone.localdate()
    result: dict[str, Decimal] = {}
    for row in PredikatPoint.objects.filter(effective_from__lte=on).order_by(
        "predikat", "-effective_from"
    ):
        result.setdefault(row.predikat, row.points)
    return result


def nine_box() -> list[NineBoxCell]:
    return list(NineBoxCell.objects.order_by("box"))


def box_cells() -> dict[tuple[str, str], int]:
    return {(c.performance, c.potential): c.box for c in nine_box()}


def pool_boxes() -> list[int]:
    return list(NineBoxCell.objects.filter(in_pool=True).values_list("box", flat=True))


def placement_tables(on: dt.date | None = None) -> rules.PlacementTables:
    setting = talent_setting()
    return rules.PlacementTables(
        points=predikat_points(on),
        performance_bands=bands_of(threshold_set(ThresholdKind.PERFORMANCE, on)),
        potential_bands=bands_of(threshold_set(ThresholdKind.POTENTIAL, on)),
        cells=box_cells(),
        score_weight=setting.potential_score_weight,
        jpm_weight=setting.jpm_weight,
    )
