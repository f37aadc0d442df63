"""The regulation tables in force on a day (Permen PANRB 6/2022 and its annexes): the predikat
matrix, the head-of-unit rating mapping, the distribution limits, the credit point tables, and the
rounding setting of the distribution check. Reads of reference data, used by services and selectors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings

from abdi.performance import rules
from abdi.performance.models.reference import (
    CreditPointPercentage,
    CreditPointRule,
    DistributionLimit,
    OrgPredikatRating,
    PredikatMatrixCell,
)


def predikat_matrix(on: dt.date) -> dict[tuple[str, str], str]:
    """The predikat per (work result rating, behaviour rating) cell, each cell's row in force."""
    cells = rules.in_force_per(
        PredikatMatrixCell.objects.all(),
        on,
        key=lambda r: (r.work_result_rating, r.behaviour_rating),
    )
    return {(r.work_result_rating, r.behaviour_rating): r.predikat for r in cells.values()}


def head_rating_mapping(on: dt.date) -> dict[str, str]:
    """The head of unit's work result rating per organisational predikat, in force on `on`."""
    rows = rules.in_force_per(OrgPredikatRating.objects.all(), on, key=lambda r: r.org_predikat)
    return {r.org_predikat: r.work_result_rating for r in rows.values()}


def distribution_limits(on: dt.date) -> list[rules.Limit]:
    """The limits in force: per unit predikat, the rows of the latest table version."""
    rows = rules.rows_in_force(DistributionLimit.objects.all(), on, key=lambda r: r.org_predikat)
    return [
        rules.Limit(r.org_predikat, r.predikat_codes(), r.min_percent, r.max_percent, r.note)
        for r in rows
    ]


def credit_point_tables(on: dt.date) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """The yearly credit point coefficient per position kind and the percentage per predikat."""
    rules_ = rules.in_force_per(CreditPointRule.objects.all(), on, key=lambda r: r.position_kind)
    shares = rules.in_force_per(CreditPointPercentage.objects.all(), on, key=lambda r: r.predikat)
    coefficients = {r.position_kind: r.yearly_coefficient for r in rules_.values()}
    percentages = {r.predikat: r.percent for r in shares.values()}
    return coefficients, percentages


def distribution_rounding() -> str:
    """How the distribution check rounds allowed counts (setting ABDI_DISTRIBUTION_ROUNDING)."""
    value = settings.ABDI_DISTRIBUTION_ROUNDING
    return value if value in rules.ROUNDINGS else "nearest"
