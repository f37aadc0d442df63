"""Reads of the merit self-assessment: the measures Abdi proposes for an indicator, with the
evidence it found, and an assessment's index."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.competency.models import PositionStandard
from abdi.employees.models import AnnualPredikat, Employee
from abdi.feedback.models import Complaint
from abdi.feedback.rules import complaints as rules_complaints
from abdi.insights import rules
from abdi.insights.choices import MeritMeasure
from abdi.insights.models import MeritAspect, MeritAssessment, MeritLevel
from abdi.learning.models import JpTarget, JpYearTotal
from abdi.org.models import Position
from abdi.performance.choices import SKPStatus
from abdi.performance.models import SKP

FOUR = Decimal("0.0001")


def _share(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) / Decimal(whole)).quantize(FOUR) if whole else None


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %".replace(".", ",")


def measure(kind: str, year: int) -> tuple[Decimal | None, str]:
    """(share 0–1 or None, the evidence in words) of one Abdi measure for a year."""
    active = Employee.objects.filter(is_active=True)
    staff = active.count()
    if kind == MeritMeasure.POSITION_STANDARDS:
        positions = Position.objects.filter(is_active=True)
        with_standard = positions.filter(
            pk__in=PositionStandard.objects.values("position_id")
        ).count()
        share = _share(with_standard, positions.count())
        return share, _("%(n)s dari %(m)s jabatan aktif memiliki standar kompetensi (%(p)s).") % {
            "n": with_standard,
            "m": positions.count(),
            "p": _pct(share),
        }
    if kind == MeritMeasure.SKP_APPROVED:
        n = (
            SKP.objects.filter(
                employee__is_active=True, performance_year__year=year, status=SKPStatus.APPROVED
            )
            .values("employee_id")
            .distinct()
            .count()
        )
        share = _share(n, staff)
        return share, _(
            "%(n)s dari %(m)s pegawai aktif memiliki SKP %(y)s yang disetujui (%(p)s)."
        ) % {"n": n, "m": staff, "y": year, "p": _pct(share)}
    if kind == MeritMeasure.ANNUAL_PREDIKAT:
        n = AnnualPredikat.objects.filter(employee__is_active=True, year=year).count()
        share = _share(n, staff)
        return share, _(
            "%(n)s dari %(m)s pegawai aktif memiliki predikat kinerja %(y)s (%(p)s)."
        ) % {"n": n, "m": staff, "y": year, "p": _pct(share)}
    if kind == MeritMeasure.JP_TARGET:
        met = Q(pk__in=[])
        targets: dict[str, int] = {}
        for k, t in (
            JpTarget.objects.filter(effective_from__lte=dt.date(year, 12, 31))
            .order_by("effective_from")
            .values_list("employee_kind", "target_jp")
        ):
            targets[k] = t
        for k, t in targets.items():
            met |= Q(employee__kind=k, jp__gte=t)
        n = JpYearTotal.objects.filter(met, employee__is_active=True, year=year).count()
        share = _share(n, staff)
        return share, _("%(n)s dari %(m)s pegawai aktif memenuhi target JP %(y)s (%(p)s).") % {
            "n": n,
            "m": staff,
            "y": year,
            "p": _pct(share),
        }
    if kind == MeritMeasure.COMPLAINTS_ON_TIME:
        pairs = [
            (done, due)
            for due, done in Complaint.objects.filter(
                received_at__year=year, follow_up_due__isnull=False
            ).values_list("follow_up_due", "followed_up_at")
            if due is not None  # excluded by the query; narrows the type
        ]
        on_time, counted, _s = rules_complaints.on_time_share(pairs, timezone.now())
        share = _share(on_time, counted)
        return share, _("%(n)s dari %(m)s pengaduan %(y)s ditindaklanjuti tepat waktu (%(p)s).") % {
            "n": on_time,
            "m": counted,
            "y": year,
            "p": _pct(share),
        }
    if kind == MeritMeasure.DIGITAL_RECORDS:
        n = active.filter(user__isnull=False).count()
        share = _share(n, staff)
        return share, _("%(n)s dari %(m)s pegawai aktif memiliki akun Abdi (%(p)s).") % {
            "n": n,
            "m": staff,
            "p": _pct(share),
        }
    return None, ""


@dataclass
class MeritResult:
    maturity: Decimal
    engagement: Decimal | None
    index: Decimal
    level: str
    aspects: list[tuple[MeritAspect, Decimal]]  # (aspect, mean score)


def merit_result(assessment: MeritAssessment) -> MeritResult:
    answers = list(assessment.answers.select_related("indicator__aspect"))
    by_aspect: dict[str, list[Decimal | None]] = {}
    aspects: dict[str, MeritAspect] = {}
    for a in answers:
        aspect = a.indicator.aspect
        aspects[aspect.code] = aspect
        by_aspect.setdefault(aspect.code, []).append(a.score)
    weights = {code: aspect.weight for code, aspect in aspects.items()}
    maturity = rules.merit_maturity(by_aspect, weights)
    index = rules.merit_index(maturity, assessment.engagement)
    levels = tuple(
        (lv.up_to, lv.name)
        for lv in MeritLevel.objects.filter(
            effective_from__lte=dt.date(assessment.year, 12, 31)
        ).order_by("up_to")
    )
    levels = tuple(sorted(levels, key=lambda lv: (lv[0] is None, lv[0] or 0)))
    per_aspect = [
        (aspects[code], sum((s or Decimal(0) for s in scores), Decimal(0)) / len(scores))
        for code, scores in sorted(by_aspect.items(), key=lambda kv: aspects[kv[0]].order)
    ]
    return MeritResult(
        maturity=maturity.quantize(FOUR),
        engagement=assessment.engagement,
        index=index.quantize(FOUR),
        level=rules.merit_level(index, levels) if levels else "",
        aspects=[(a, m.quantize(FOUR)) for a, m in per_aspect],
    )


@dataclass
class AspectRow:
    name: str
    mean: Decimal
    gap: Decimal  # 1 − mean: what is missing to a full score
    previous: Decimal | None


@dataclass
class MeritReport:
    rows: list[AspectRow]
    # (aspect, indicator code, indicator text, score): what to improve, the biggest gaps first
    recommendations: list[tuple[str, str, str, Decimal]]


def merit_report(
    assessment: MeritAssessment, result: MeritResult, previous: MeritResult | None
) -> MeritReport:
    """Per aspect the mean, its gap to 1 and last year's mean; and as recommendations the
    indicators scored below 1 (an unscored one counts 0), lowest first, at most 10."""
    before = {a.code: m for a, m in previous.aspects} if previous else {}
    rows = [
        AspectRow(a.name, m, (Decimal(1) - m).quantize(FOUR), before.get(a.code))
        for a, m in result.aspects
    ]
    below = [
        (
            a.indicator.aspect.name,
            a.indicator.code,
            a.indicator.text,
            a.score if a.score is not None else Decimal(0),
        )
        for a in assessment.answers.select_related("indicator__aspect")
        if a.score is None or a.score < 1
    ]
    below.sort(key=lambda r: (r[3], r[1]))
    return MeritReport(rows, below[:10])
