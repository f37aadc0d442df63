"""Reads of the satisfaction surveys: lists, the IKM result of a survey, its profile breakdown,
the trend of a service across periods, and the latest IKM per unit for the scorecard.

The computation runs in SQL aggregates: one query gives, per element, how many answered it and
the sum of their answers; the exact IKM arithmetic is then done by abdi.feedback.rules.surveys."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Max, Min, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.core.rules import in_force
from abdi.feedback.choices import AgeBand, RespondentEducation, RespondentOccupation, RespondentSex
from abdi.feedback.models import IkmGrade, SatisfactionSurvey, SurveyElement, SurveyResponse
from abdi.feedback.permissions import surveys_visible_to
from abdi.feedback.rules import surveys as rules

ELEMENT_FIELDS = SurveyResponse.ELEMENT_FIELDS  # u1..u9
CODES = rules.ELEMENT_CODES  # U1..U9


@dataclass(frozen=True)
class ElementResult:
    code: str
    name: str
    question: str
    answered: int
    nrr: Fraction | None

    @property
    def nrr_display(self) -> Decimal | None:
        return None if self.nrr is None else rules.to_decimal(self.nrr, 3)

    @property
    def weighted(self) -> Decimal | None:
        """NRR × 1/n, the 'NRR tertimbang' column of the report."""
        if self.nrr is None:
            return None
        return rules.to_decimal(self.nrr * Fraction(1, len(CODES)), 3)

    @property
    def nrr_100(self) -> Decimal | None:
        return None if self.nrr is None else rules.to_decimal(self.nrr * rules.IKM_FACTOR, 2)


@dataclass(frozen=True)
class SurveyResult:
    respondents: int
    online: int
    paper: int
    elements: list[ElementResult]
    ikm: Fraction | None
    ikm_100: Decimal | None
    grade: rules.GradeBand | None
    population: int | None
    sample_required: int | None
    priorities: list[ElementResult] = field(default_factory=list)

    @property
    def nrr(self) -> dict[str, Fraction | None]:
        return {e.code: e.nrr for e in self.elements}

    @property
    def ikm_display(self) -> Decimal | None:
        return None if self.ikm is None else rules.to_decimal(self.ikm, 3)

    @property
    def sample_sufficient(self) -> bool | None:
        if self.sample_required is None:
            return None
        return self.respondents >= self.sample_required

    @property
    def missing_elements(self) -> list[str]:
        return [e.code for e in self.elements if e.nrr is None]


def counted_responses() -> QuerySet[SurveyResponse]:
    """The responses the IKM counts: all but those an admin excluded (SurveyExclusion)."""
    return SurveyResponse.objects.filter(exclusion__isnull=True)


@dataclass(frozen=True)
class AddressRow:
    address_hash: str
    label: str  # a short, stable name for the address (never the address itself)
    count: int
    first: dt.datetime
    last: dt.datetime
    excluded: bool


def answers_per_address(survey: SatisfactionSurvey, *, at_least: int = 2) -> list[AddressRow]:
    """Online answers grouped by client address (hashed), most first: a burst from one address
    stands out. One grouped query; at most 50 rows."""
    rows = (
        SurveyResponse.objects.filter(survey=survey)
        .exclude(address_hash="")
        .values("address_hash")
        .annotate(
            n=Count("pk"),
            first=Min("created_at"),
            last=Max("created_at"),
            kept=Count("pk", filter=Q(exclusion__isnull=True)),
        )
        .filter(n__gte=at_least)
        .order_by("-n", "address_hash")[:50]
    )
    return [
        AddressRow(
            r["address_hash"], r["address_hash"][:8], r["n"], r["first"], r["last"], r["kept"] == 0
        )
        for r in rows
    ]


def _aggregates() -> dict:
    aggregates: dict = {
        "respondents": Count("pk"),
        "online": Count("pk", filter=Q(channel="online")),
    }
    for f in ELEMENT_FIELDS:
        aggregates[f"{f}_n"] = Count(f)
        aggregates[f"{f}_sum"] = Sum(f)
    return aggregates


def _tallies(row: dict) -> dict[str, rules.ElementTally]:
    return {
        code: rules.ElementTally(row[f"{f}_n"] or 0, row[f"{f}_sum"] or 0)
        for code, f in zip(CODES, ELEMENT_FIELDS, strict=True)
    }


def grade_bands(on: dt.date | None = None) -> list[rules.GradeBand]:
    """The mutu table in force on a date (the latest effective_from ≤ date)."""
    rows = list(IkmGrade.objects.order_by("-effective_from", "-min_score"))
    if on is not None:
        current = in_force(rows, on)
        if current is not None:
            rows = [r for r in rows if r.effective_from == current.effective_from]
    if not rows:
        return []
    latest = rows[0].effective_from
    return [
        rules.GradeBand(r.grade, r.min_score, r.performance_label)
        for r in rows
        if r.effective_from == latest
    ]


def element_names() -> dict[str, str]:
    return dict(SurveyElement.objects.values_list("code", "name"))


def _compute(
    row: dict,
    *,
    survey: SatisfactionSurvey | None,
    bands: Sequence[rules.GradeBand],
    names: dict[str, str],
) -> SurveyResult:
    tallies = _tallies(row)
    questions = (survey.questions if survey is not None else {}) or {}
    elements = [
        ElementResult(
            code,
            names.get(code, code),
            questions.get(code, ""),
            tallies[code].answered,
            rules.nrr(tallies[code]),
        )
        for code in CODES
    ]
    nrrs = {e.code: e.nrr for e in elements}
    index = rules.ikm(nrrs)
    score = None if index is None else rules.ikm_100(index)
    grade = None if score is None or not bands else rules.grade_for(score, bands)
    population = survey.population if survey is not None else None
    weakest = rules.weakest_elements(nrrs, 3)
    by_code = {e.code: e for e in elements}
    respondents = row["respondents"] or 0
    online = row["online"] or 0
    return SurveyResult(
        respondents=respondents,
        online=online,
        paper=respondents - online,
        elements=elements,
        ikm=index,
        ikm_100=score,
        grade=grade,
        population=population,
        sample_required=None if population is None else rules.sample_size(population),
        priorities=[by_code[c] for c in weakest],
    )


def survey_result(survey: SatisfactionSurvey) -> SurveyResult:
    """The IKM of one survey: one aggregate query over its responses (plus the two small
    reference tables)."""
    row = counted_responses().filter(survey=survey).aggregate(**_aggregates())
    return _compute(row, survey=survey, bands=grade_bands(survey.period_end), names=element_names())


def public_survey(code: str) -> SatisfactionSurvey | None:
    """The survey a public answer names by its code (anyone may answer an open survey)."""
    return SatisfactionSurvey.objects.filter(code=code).first()


def survey_list(*, user: User) -> QuerySet[SatisfactionSurvey]:
    return (
        surveys_visible_to(user)
        .select_related("service__org_unit")
        .annotate(respondents=Count("responses", filter=Q(responses__exclusion__isnull=True)))
        .order_by("-period_start", "service__org_unit__path", "service__name", "pk")
    )


def survey_detail_queryset(*, user: User) -> QuerySet[SatisfactionSurvey]:
    return surveys_visible_to(user).select_related("service__org_unit__agency", "created_by")


PROFILE_FIELDS = (
    ("age_band", AgeBand),
    ("sex", RespondentSex),
    ("education", RespondentEducation),
    ("occupation", RespondentOccupation),
)


@dataclass(frozen=True)
class ProfileRow:
    label: str
    count: int
    percent: Decimal


def profile_breakdown(survey: SatisfactionSurvey, total: int) -> dict[str, list[ProfileRow]]:
    """Respondents per age band, sex, education and occupation (one grouped query each);
    a blank profile answer is counted as 'Tidak diisi'."""
    out: dict[str, list[ProfileRow]] = {}
    for field_name, choices in PROFILE_FIELDS:
        counts = dict(
            counted_responses()
            .filter(survey=survey)
            .values_list(field_name)
            .annotate(n=Count("pk"))
            .values_list(field_name, "n")
        )
        rows = []
        for value, label in [*choices.choices, ("", _("Tidak diisi"))]:
            n = counts.get(value, 0)
            if n or value:
                pct = rules.to_decimal(Fraction(n * 100, total), 1) if total else Decimal("0.0")
                rows.append(ProfileRow(str(label), n, pct))
        out[field_name] = rows
    return out


@dataclass(frozen=True)
class PeriodIkm:
    period_start: dt.date
    period_end: dt.date
    respondents: int
    ikm_100: Decimal | None
    grade: str | None
    survey_id: int | None = None


def _period_results(
    rows: Iterable[dict], bands: Sequence[rules.GradeBand], names: dict[str, str]
) -> PeriodIkm:
    rows = list(rows)
    pooled: dict = dict.fromkeys(_aggregates(), 0)
    for row in rows:
        for k in pooled:
            pooled[k] += row[k] or 0
    result = _compute(pooled, survey=None, bands=bands, names=names)
    return PeriodIkm(
        period_start=rows[0]["period_start"],
        period_end=rows[0]["period_end"],
        respondents=result.respondents,
        ikm_100=result.ikm_100,
        grade=result.grade.grade if result.grade else None,
        survey_id=rows[0]["survey_id"] if len(rows) == 1 else None,
    )


def _per_survey_rows(surveys: QuerySet[SatisfactionSurvey]) -> list[dict]:
    """One row per survey with its element sums and counts: a single grouped query."""
    return list(
        counted_responses()
        .filter(survey__in=surveys)
        .values("survey_id")
        .annotate(
            period_start=Min("survey__period_start"),
            period_end=Min("survey__period_end"),
            unit_path=Min("survey__service__org_unit__path"),
            unit_id=Min("survey__service__org_unit_id"),
            **_aggregates(),
        )
        .order_by()
    )


def survey_trend(survey: SatisfactionSurvey, *, user: User) -> list[PeriodIkm]:
    """The IKM of every visible survey of the same service, oldest period first."""
    surveys = surveys_visible_to(user).filter(service_id=survey.service_id)
    bands = grade_bands()
    names = element_names()
    rows = sorted(_per_survey_rows(surveys), key=lambda r: (r["period_start"], r["survey_id"]))
    return [_period_results([r], bands, names) for r in rows]


@dataclass(frozen=True)
class UnitIkm:
    unit_id: int
    latest: PeriodIkm | None
    trend: list[PeriodIkm]


def ikm_by_unit(
    *, user: User, units: Iterable | None = None, periods: int = 4
) -> dict[int, UnitIkm]:
    """For the scorecard: per unit, the IKM of its latest `periods` survey periods (oldest
    first) and the latest one. The responses of every visible survey of the services of the unit
    and of its sub-units with the same period are pooled (one IKM per unit and period).

    `units`: OrgUnits (subtrees); None = each unit that owns a surveyed service (no subtree).
    Two queries whatever the number of units."""
    surveys = surveys_visible_to(user)
    rows = _per_survey_rows(surveys)
    bands = grade_bands()
    names = element_names()
    groups: dict[int, dict[tuple, list[dict]]] = defaultdict(lambda: defaultdict(list))
    if units is None:
        for row in rows:
            groups[row["unit_id"]][(row["period_start"], row["period_end"])].append(row)
    else:
        unit_list = list(units)
        for row in rows:
            for unit in unit_list:
                if row["unit_path"].startswith(unit.path):
                    groups[unit.pk][(row["period_start"], row["period_end"])].append(row)
        for unit in unit_list:
            groups.setdefault(unit.pk, defaultdict(list))
    out: dict[int, UnitIkm] = {}
    for unit_id, by_period in groups.items():
        keys = sorted(by_period)[-periods:] if periods > 0 else []
        trend = [_period_results(by_period[k], bands, names) for k in keys]
        out[unit_id] = UnitIkm(unit_id, trend[-1] if trend else None, trend)
    return out
