"""Writes of the talent reference data: a threshold table (validated whole: a gap or an
overlap is refused with a message naming it) and the agency's talent settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.core.audit import records_actor
from abdi.talent import rules
from abdi.talent.choices import LEVELS_BY_KIND, PerformanceLevel, PotentialLevel, ThresholdKind
from abdi.talent.models import TalentSetting, ThresholdBand, ThresholdSet
from abdi.talent.permissions import can_manage_talent

LEVEL_NAMES = dict(PerformanceLevel.choices) | dict(PotentialLevel.choices)


def require_talent_admin(actor: User) -> None:
    if not can_manage_talent(actor):
        raise PermissionDenied(_("Hanya admin BKPSDM yang dapat mengelola manajemen talenta."))


def _n(value: Decimal | None) -> str:
    return number_format(value, 2) if value is not None else ""


def describe_problem(problem: rules.BandProblem, kind: str) -> str:
    levels = ", ".join(str(LEVEL_NAMES[lv]) for lv in LEVELS_BY_KIND[ThresholdKind(kind)])
    if problem.kind == "gap":
        return _(
            "Ada celah: nilai %(lower)s sampai di bawah %(upper)s tidak masuk kategori mana pun."
        ) % {"lower": _n(problem.lower), "upper": _n(problem.upper)}
    if problem.kind == "overlap":
        return _(
            "Ada tumpang tindih: nilai %(lower)s sampai di bawah %(upper)s masuk dua kategori."
        ) % {"lower": _n(problem.lower), "upper": _n(problem.upper)}
    if problem.kind == "open_start":
        return _(
            "Ada celah: nilai di bawah %(upper)s tidak masuk kategori mana pun (kosongkan batas "
            "bawah kategori terendah)."
        ) % {"upper": _n(problem.upper)}
    if problem.kind == "open_end":
        return _(
            "Ada celah: nilai %(lower)s ke atas tidak masuk kategori mana pun (kosongkan batas "
            "atas kategori tertinggi)."
        ) % {"lower": _n(problem.lower)}
    if problem.kind == "empty":
        return _("Kategori %(level)s: batas bawah harus lebih kecil dari batas atas.") % {
            "level": LEVEL_NAMES.get(problem.level, problem.level)
        }
    return _("Tabel harus memuat tepat kategori %(levels)s, berurutan dari yang terendah.") % {
        "levels": levels
    }


def validate_bands(kind: str, bands: Sequence[rules.Band]) -> None:
    problems = rules.band_problems(bands, LEVELS_BY_KIND[ThresholdKind(kind)])
    if problems:
        raise ValidationError([describe_problem(p, kind) for p in problems])


@transaction.atomic
@records_actor
def threshold_table_save(
    *,
    actor: User,
    kind: str,
    bands: Sequence[tuple[str, Decimal | None, Decimal | None]],
    source: str,
    confidence: str,
    effective_from: dt.date,
    note: str = "",
) -> ThresholdSet:
    """Write the table of `kind` in force from `effective_from` (replacing the bands of the
    table with that date, or starting a new one)."""
    require_talent_admin(actor)
    if kind not in ThresholdKind.values:
        raise ValidationError(_("Jenis tabel ambang tidak dikenal."))
    if not source.strip():
        raise ValidationError({"source": [_("Sebutkan dasar hukum atau sumber ambang ini.")]})
    parsed = [rules.Band(level, lower, upper) for level, lower, upper in bands]
    validate_bands(kind, parsed)
    table, _created = ThresholdSet.objects.select_for_update().get_or_create(
        kind=kind,
        effective_from=effective_from,
        defaults={"source": source, "confidence": confidence, "note": note},
    )
    table.source, table.confidence, table.note = source.strip(), confidence, note
    table.save()
    table.bands.all().delete()
    ThresholdBand.objects.bulk_create(
        ThresholdBand(threshold_set=table, level=b.level, lower=b.lower, upper=b.upper)
        for b in parsed
    )
    return table


@transaction.atomic
@records_actor
def talent_setting_update(
    *,
    actor: User,
    potential_score_weight: int,
    jpm_weight: int,
    show_box_to_employee: bool,
    risk_horizon_months: int,
) -> TalentSetting:
    require_talent_admin(actor)
    errors: dict[str, list[str]] = {}
    if not 0 <= potential_score_weight <= 100 or not 0 <= jpm_weight <= 100:
        errors["jpm_weight"] = [_("Bobot berada di antara 0 dan 100.")]
    elif potential_score_weight + jpm_weight != 100:
        errors["jpm_weight"] = [_("Bobot skor potensi dan bobot JPM harus berjumlah 100.")]
    if not 1 <= risk_horizon_months <= 120:
        errors["risk_horizon_months"] = [_("Batas risiko antara 1 dan 120 bulan.")]
    if errors:
        raise ValidationError(errors)
    setting, _created = TalentSetting.objects.select_for_update().get_or_create(pk=1)
    setting.potential_score_weight = potential_score_weight
    setting.jpm_weight = jpm_weight
    setting.show_box_to_employee = show_box_to_employee
    setting.risk_horizon_months = risk_horizon_months
    setting.save()
    return setting
