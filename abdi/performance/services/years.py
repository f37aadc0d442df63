"""The performance year (BKPSDM): opening a year with its periods, closing a period, and recording a
unit's organisational predikat."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.accounts.permissions import is_bkpsdm_admin
from abdi.core.audit import records_actor
from abdi.core.services import fail, require
from abdi.org.models import OrgUnit
from abdi.performance import rules
from abdi.performance.choices import (
    Cadence,
    OrgPredikat,
)
from abdi.performance.models.years import OrgUnitPredikat, PerformancePeriod, PerformanceYear
from abdi.performance.permissions import ADMIN_ONLY
from abdi.performance.services.common import clean_text
from abdi.performance.services.counts import unit_counts_refresh

# ---------------------------------------------------------------- the year


@records_actor
@transaction.atomic
def performance_year_open(
    *,
    actor: User,
    year: int,
    cadence: str,
    skp_deadline: dt.date,
    realisation_days_after_period: int = 10,
    evaluation_days_after_period: int = 20,
    objection_days: int = 14,
    refresh_counts: bool = True,
) -> PerformanceYear:
    """Open a performance year with its periodic periods and the annual one. The unit monitor's
    counts of the year are computed at once, unless `refresh_counts` is False: the demo seed
    computes every unit's counts once at its end, after its bulk writes."""
    require(is_bkpsdm_admin(actor), ADMIN_ONLY)
    errors: dict[str, list[str]] = {}
    if not isinstance(year, int) or year < 2022 or year > 2100:
        errors["year"] = [_("Tahun tidak valid.")]
    elif PerformanceYear.objects.filter(year=year).exists():
        errors["year"] = [_("Tahun kinerja %(year)s sudah dibuka.") % {"year": year}]
    if cadence not in Cadence.values:
        errors["cadence"] = [_("Pilih periode penilaian: bulanan, triwulanan, atau semesteran.")]
    if skp_deadline is None:
        errors["skp_deadline"] = [_("Batas penetapan SKP wajib diisi.")]
    elif isinstance(year, int) and skp_deadline.year not in (year - 1, year):
        errors["skp_deadline"] = [
            _("Batas penetapan SKP harus pada tahun %(year)s atau akhir tahun sebelumnya.")
            % {"year": year}
        ]
    for field, value in (
        ("realisation_days_after_period", realisation_days_after_period),
        ("evaluation_days_after_period", evaluation_days_after_period),
        ("objection_days", objection_days),
    ):
        if value is None or value < 0 or value > 366:
            errors[field] = [_("Jumlah hari harus antara 0 dan 366.")]
    if errors:
        raise ValidationError(errors)
    performance_year = PerformanceYear.objects.create(
        year=year,
        cadence=cadence,
        skp_deadline=skp_deadline,
        realisation_days_after_period=realisation_days_after_period,
        evaluation_days_after_period=evaluation_days_after_period,
        objection_days=objection_days,
        opened_by=actor,
    )
    PerformancePeriod.objects.bulk_create(
        PerformancePeriod(
            performance_year=performance_year,
            code=code,
            kind=kind,
            start=start,
            end=end,
            realisation_due=end + dt.timedelta(days=realisation_days_after_period),
            evaluation_due=end + dt.timedelta(days=evaluation_days_after_period),
        )
        for code, kind, start, end in rules.periods_for(year, cadence)
    )
    if refresh_counts:
        unit_counts_refresh(year_id=performance_year.pk)
    return performance_year


@records_actor
@transaction.atomic
def period_close(*, actor: User, period: PerformancePeriod) -> PerformancePeriod:
    """Close a period: no more realisations for it."""
    require(is_bkpsdm_admin(actor), ADMIN_ONLY)
    if period.is_closed:
        fail(_("Periode %(code)s sudah ditutup.") % {"code": period.label})
    period.is_closed = True
    period.save(update_fields=["is_closed"])
    return period


@records_actor
@transaction.atomic
def org_predikat_record(
    *, actor: User, org_unit: OrgUnit, period: PerformancePeriod, predikat: str, basis: str = ""
) -> OrgUnitPredikat:
    """Record (or correct) a unit's organisational predikat for a period or the year."""
    require(is_bkpsdm_admin(actor), ADMIN_ONLY)
    if predikat not in OrgPredikat.values:
        fail(_("Pilih predikat unit yang valid."), field="predikat")
    row = OrgUnitPredikat.objects.filter(org_unit=org_unit, period=period).first()
    if row is None:
        row = OrgUnitPredikat(org_unit=org_unit, period=period, recorded_by=actor)
    row.predikat, row.basis, row.recorded_by = predikat, clean_text(basis), actor
    row.save()
    return row
