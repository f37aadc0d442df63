"""The IP ASN of Permen PANRB 38/2018 and Peraturan BKN 8/2019 (REGULATIONS §5) as pure
functions. The points table and the category bands are data (`IpAsnPoint`, `IpAsnBand`), read
by the selectors and passed in as a `PointsTable`; nothing here touches the database.

Competency criteria are named `<position group>.<criterion>`; see docs/decisions/0017-insights.md
for how Abdi's learning records map onto them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from abdi.core.choices import PositionKind

STRUCTURAL = "structural"
FUNCTIONAL = "functional"
PELAKSANA = "pelaksana"

# Competency criteria (the second half of a competency criterion name).
LEADERSHIP = "leadership"
FUNCTIONAL_TRAINING = "functional"
TECHNICAL = "technical"
SEMINAR = "seminar"

NO_SANCTION = "none"
SANCTION_ORDER = ("light", "moderate", "severe")  # mildest first

# Leadership training level a structural position needs (Pelatihan Kepemimpinan Pengawas,
# Administrator, Nasional) and the level each training category gives.
LEADERSHIP_LEVEL_NEEDED = {
    str(PositionKind.PENGAWAS): 1,
    str(PositionKind.ADMINISTRATOR): 2,
    str(PositionKind.JPT_PRATAMA): 3,
    str(PositionKind.JPT_MADYA): 3,
    str(PositionKind.JPT_UTAMA): 3,
}
LEADERSHIP_LEVEL_GIVEN = {"pkp": 1, "pka": 2, "pkn": 3}
ZERO = Decimal("0")
# Plain strings, computed once (iterating the choices per employee cost seconds at 100,000).
STRUCTURAL_KINDS = frozenset(str(k) for k in PositionKind.structural())
FUNCTIONAL_KINDS = frozenset(str(k) for k in PositionKind.functional())


@dataclass(frozen=True)
class PointsTable:
    """The points in force for one year, by dimension: criterion -> points; `thresholds`:
    competency criterion -> its number (JP for technical training, years for seminars);
    `bands`: (above, category) from the highest band down, the lowest with above None."""

    qualification: Mapping[str, Decimal]
    competency: Mapping[str, Decimal]
    performance: Mapping[str, Decimal]
    discipline: Mapping[str, Decimal]
    bands: tuple[tuple[Decimal | None, str], ...]
    thresholds: Mapping[str, int] = field(default_factory=dict)

    def jp_threshold(self, group: str) -> int:
        return self.thresholds.get(f"{group}.{TECHNICAL}", 20)

    def seminar_years(self) -> int:
        years = [v for k, v in self.thresholds.items() if k.endswith(f".{SEMINAR}")]
        return max(years, default=2)


@dataclass(frozen=True)
class EmployeeFacts:
    """What the computation knows of an employee for a year."""

    position_group: str
    education_code: str = ""  # "" when no education is recorded
    jp: int = 0  # JP of competency development in the year
    leadership_training: bool = False  # a leadership training at the position's level or above
    functional_training: bool = False  # a functional training, ever
    seminar: bool = False  # a seminar/workshop/course in the seminar window
    predikat: str = ""  # the latest annual predikat up to the year; "" when none
    sanction: str = ""  # the most severe sanction in force in the year; "" when none


@dataclass(frozen=True)
class Score:
    qualification: Decimal
    competency: Decimal
    performance: Decimal
    discipline: Decimal
    total: Decimal
    category: str
    competency_items: tuple[tuple[str, Decimal], ...]  # (criterion, points) earned


@dataclass(frozen=True)
class Suggestion:
    """What would raise the index: the action, its criterion and the points it adds."""

    criterion: str
    gain: Decimal
    jp_missing: int = 0


def position_group(kind: str | None) -> str:
    """Structural for JPT/Administrator/Pengawas, functional for every JF, otherwise (and for
    an employee without a position) Pelaksana."""
    if kind in STRUCTURAL_KINDS:
        return STRUCTURAL
    if kind in FUNCTIONAL_KINDS:
        return FUNCTIONAL
    return PELAKSANA


def leadership_matches(position_kind: str | None, categories: Iterable[str]) -> bool:
    """A leadership training counts when its level is at least the position's (a Pengawas who
    completed PKA has the Pengawas level too)."""
    needed = LEADERSHIP_LEVEL_NEEDED.get(position_kind or "")
    if needed is None:
        return False
    return max((LEADERSHIP_LEVEL_GIVEN.get(c, 0) for c in categories), default=0) >= needed


def most_severe(sanctions: Iterable[str]) -> str:
    worst = ""
    for s in sanctions:
        if s in SANCTION_ORDER and (
            not worst or SANCTION_ORDER.index(s) > SANCTION_ORDER.index(worst)
        ):
            worst = s
    return worst


def category_for(total: Decimal, bands: tuple[tuple[Decimal | None, str], ...]) -> str:
    """The first band, from the top, whose lower bound the total is strictly above."""
    for above, category in bands:
        if above is None or total > above:
            return category
    return bands[-1][1]


def competency_items(facts: EmployeeFacts, table: PointsTable) -> tuple[tuple[str, Decimal], ...]:
    group = facts.position_group
    earned: list[str] = []
    if group == STRUCTURAL and facts.leadership_training:
        earned.append(LEADERSHIP)
    if group == FUNCTIONAL and facts.functional_training:
        earned.append(FUNCTIONAL_TRAINING)
    if facts.jp >= table.jp_threshold(group):
        earned.append(TECHNICAL)
    if facts.seminar:
        earned.append(SEMINAR)
    items = []
    for criterion in earned:
        key = f"{group}.{criterion}"
        if key in table.competency:
            items.append((key, table.competency[key]))
    return tuple(items)


def ip_asn_score(facts: EmployeeFacts, table: PointsTable) -> Score:
    qualification = table.qualification.get(facts.education_code, ZERO)
    items = competency_items(facts, table)
    competency = sum((p for _c, p in items), ZERO)
    performance = table.performance.get(facts.predikat, ZERO)
    discipline = table.discipline.get(facts.sanction or NO_SANCTION, ZERO)
    total = qualification + competency + performance + discipline
    return Score(
        qualification=qualification,
        competency=competency,
        performance=performance,
        discipline=discipline,
        total=total,
        category=category_for(total, table.bands),
        competency_items=items,
    )


def raise_suggestions(facts: EmployeeFacts, score: Score, table: PointsTable) -> list[Suggestion]:
    """What the employee can still do this year, most points first: the competency criteria
    not yet earned and a higher education level (the next one in the table that pays more)."""
    earned = {c for c, _p in score.competency_items}
    out: list[Suggestion] = []
    group = facts.position_group
    for key, points in table.competency.items():
        if not key.startswith(f"{group}.") or key in earned:
            continue
        missing = 0
        if key.endswith(f".{TECHNICAL}"):
            missing = max(table.jp_threshold(group) - facts.jp, 0)
        out.append(Suggestion(criterion=key, gain=points, jp_missing=missing))
    if not facts.education_code:
        out.append(Suggestion(criterion="education.record", gain=ZERO))
    if not facts.predikat:
        out.append(Suggestion(criterion="performance.record", gain=ZERO))
    better = [
        (points, code)
        for code, points in table.qualification.items()
        if points > score.qualification
    ]
    if better and facts.education_code:
        points, code = min(better)
        out.append(Suggestion(criterion=f"education.{code}", gain=points - score.qualification))
    return sorted(out, key=lambda s: (-s.gain, s.criterion))


# --- merit system index (Permen PANRB 19/2025, REGULATIONS §9) ---------------------------------


def merit_maturity(
    aspects: Mapping[str, list[Decimal | None]], weights: Mapping[str, Decimal]
) -> Decimal:
    """The weighted mean of the aspects' scores, each the mean of its indicators' scores
    (an indicator without a score counts 0), over the weights of the aspects given."""
    total_weight = sum((weights[a] for a in aspects), ZERO)
    if not total_weight:
        return ZERO
    weighted = ZERO
    for aspect, scores in aspects.items():
        if scores:
            mean = sum((s or ZERO for s in scores), ZERO) / len(scores)
            weighted += weights[aspect] * mean
    return weighted / total_weight


def merit_index(
    maturity: Decimal, engagement: Decimal | None, *, maturity_share: Decimal = Decimal("0.75")
) -> Decimal:
    """75 % maturity + 25 % employee satisfaction and engagement (none yet: counts 0)."""
    return maturity_share * maturity + (1 - maturity_share) * (engagement or ZERO)


def merit_level(index: Decimal, levels: tuple[tuple[Decimal | None, str], ...]) -> str:
    """`levels` lowest first as (up to, name); the last has no upper bound."""
    for up_to, name in levels:
        if up_to is None or index <= up_to:
            return name
    return levels[-1][1]


# --- engagement survey ----------------------------------------------------------------------


def engagement_share(total: int, answers: int) -> Decimal | None:
    """The engagement on the merit index's 0–1 scale from answers on a 1–5 scale: the mean
    moved to 0 (all "strongly disagree") … 1 (all "strongly agree")."""
    if answers <= 0:
        return None
    mean = Decimal(total) / Decimal(answers)
    return ((mean - 1) / 4).quantize(Decimal("0.0001"))


def shown_groups(counts: Mapping[str, int], minimum: int) -> set[str]:
    """The groups whose result may be shown: at least `minimum` respondents, and — so that the
    total minus the shown groups does not reveal a withheld one — when exactly one group is
    withheld, or the withheld ones together have fewer than `minimum`, the smallest shown
    groups are withheld too until the withheld together reach the minimum (or all are)."""
    shown = {g for g, n in counts.items() if n >= minimum}
    withheld = sum(n for g, n in counts.items() if g not in shown)
    if withheld == 0:
        return shown
    for g in sorted(shown, key=lambda g: (counts[g], g)):
        if withheld >= minimum and len(counts) - len(shown) >= 2:
            break
        shown.discard(g)
        withheld += counts[g]
    return shown


# --- unit service composite -----------------------------------------------------------------


def reopened_component(reopened: int, received: int) -> Decimal | None:
    """100 × the share of complaints never reopened."""
    if received <= 0:
        return None
    return Decimal(100) * (1 - Decimal(reopened) / Decimal(received))


def rating_component(mean_rating: Decimal | None) -> Decimal | None:
    """A reporter rating of 1–5 on 0–100: 1 → 0, 5 → 100."""
    if mean_rating is None:
        return None
    return (mean_rating - 1) * 25


def ikm_trend_component(latest: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """50 when the IKM held, +5 per IKM point gained (−5 per point lost), within 0–100."""
    if latest is None or previous is None:
        return None
    return max(Decimal(0), min(Decimal(100), 50 + 5 * (latest - previous)))


def service_composite(
    components: Mapping[str, Decimal | None], weights: Mapping[str, Decimal]
) -> Decimal | None:
    """The weighted mean of the components that are known (each 0–100), the weights of the
    known ones scaled to sum to 1; None when fewer than two are known or their weight is 0."""
    known: dict[str, Decimal] = {}
    for key, value in components.items():
        if value is not None and weights.get(key, Decimal(0)) > 0:
            known[key] = value
    weight = sum((weights[k] for k in known), Decimal(0))
    if len(known) < 2 or weight <= 0:
        return None
    total = sum((weights[k] * v for k, v in known.items()), Decimal(0))
    return (total / weight).quantize(Decimal("0.01"))
