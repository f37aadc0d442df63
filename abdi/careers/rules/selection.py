"""Pure rules of the careers app: no ORM, tables passed in.

Merit selection (REGULATIONS.md §8; decisions in docs/decisions/0014-careers-selection.md):

- Eligibility: each requirement of a selection is evaluated from the candidate's facts on the
  CLOSING DATE and gives pass / fail / unknown, with the data used and why. Unknown (an external
  applicant whose record Abdi does not hold) is not eligible until BKPSDM records an override.
- Age: in completed years on the closing date (56 years 10 months is 56) — or, as a setting of
  the requirement, "not past the birthday of the maximum age" (56 years 10 months fails 56).
- Position experience: the time in positions of the listed kinds, held now or before ("sedang
  atau pernah menduduki"), up to the closing date: the spells merged into unbroken ranges
  (a change of post does not break the count, an acting post beside another counts once), each
  unbroken range in whole calendar months (the days left of a range apart from the next are not
  carried: a break between posts is a break in the count).
- Predikat: the annual predikat of each of the N calendar years before the closing date's year,
  each at least the minimum; a missing year fails.
- Discipline: a sanction in force on the closing date fails.
- JPM: the best Job Person Match over the target posts, at least the minimum.
- Ranking: weighted total = Σ weight × stage score ÷ 100 (a missing stage score counts 0),
  rounded half-up to 2 decimals. Tie rule: the higher score of the stage with the largest weight,
  then the next largest (equal weights: the earlier stage first), then the earlier application.
- A panel stage's score is the mean of the submitted scores of the members without a conflict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, TypeVar

from abdi.careers.rules.common import day_text, predikat_years, two_places
from abdi.careers.rules.common import translate as _
from abdi.employees.rules import add_years, age_on, duration_between

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"
COMPLETED_YEARS, NOT_PAST_BIRTHDAY = "completed_years", "not_past_birthday"
K = TypeVar("K", bound=Hashable)  # what identifies a ranked candidate (an application's pk)

# What a single requirement's evaluator gives: (status, data used, reason).
Verdict = tuple[str, str, str]


# --- facts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spell:
    """A position held from `start` to `end` (inclusive; None: still held)."""

    kind: str
    start: dt.date
    end: dt.date | None = None


@dataclass(frozen=True)
class Sanction:
    severity: str
    name: str
    start: dt.date
    end: dt.date | None = None


@dataclass(frozen=True)
class CandidateFacts:
    """What the engine knows of a candidate. None: Abdi does not hold this data (external)."""

    birth_date: dt.date | None = None
    education: tuple[str, int] | None = None  # (name, order)
    rank: tuple[str, int] | None = None  # (code, order)
    spells: tuple[Spell, ...] | None = None
    predikats: Mapping[int, str] | None = None  # {year: predikat value}
    sanctions: tuple[Sanction, ...] | None = None
    jpm: Mapping[str, Decimal | None] | None = None  # {target post name: JPM or None}


@dataclass(frozen=True)
class Tables:
    """Reference data the rules read: education levels and ranks by code → (label, order),
    predikat values best first with their labels, position kind labels."""

    education: Mapping[str, tuple[str, int]] = field(default_factory=dict)
    ranks: Mapping[str, tuple[str, int]] = field(default_factory=dict)
    predikats: Sequence[tuple[str, str]] = ()
    position_kinds: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleResult:
    rule: str
    status: str
    data: str
    reason: str
    requirement: Hashable = None

    @property
    def passed(self) -> bool:
        return self.status == PASS


# --- single rules ---------------------------------------------------------------------------------


def age_within(birth_date: dt.date, closing: dt.date, max_years: int, reading: str) -> bool:
    """Is a person born on `birth_date` within the maximum age on the closing date?"""
    if reading == NOT_PAST_BIRTHDAY:
        return closing <= add_years(birth_date, max_years)
    return age_on(birth_date, closing) <= max_years


def merged_ranges(spells: Sequence[Spell], on: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The spells up to `on` as non-overlapping ranges [start, end) (end exclusive): an acting
    post held beside another counts once, and back-to-back posts make one unbroken range."""
    ranges = sorted(
        (spell.start, on if spell.end is None else min(on, spell.end + dt.timedelta(days=1)))
        for spell in spells
        if spell.start < on
    )
    merged: list[tuple[dt.date, dt.date]] = []
    for start, end in ranges:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def months_in_kinds(spells: Sequence[Spell], kinds: Sequence[str], on: dt.date) -> int:
    """Whole months spent in positions of `kinds` up to `on`. The spells are merged first (a
    change of post does not break the count, overlapping posts count once); each unbroken range
    counts in calendar months."""
    total = 0
    for start, end in merged_ranges([s for s in spells if s.kind in kinds], on):
        length = duration_between(start, end)
        total += length.years * 12 + length.months
    return total


def months_in_positions(spells: Sequence[Spell], on: dt.date) -> int:
    """Whole months spent in any position up to `on` (cumulative position experience)."""
    return months_in_kinds(spells, sorted({s.kind for s in spells}), on)


def sanctions_in_force(sanctions: Sequence[Sanction], on: dt.date) -> list[Sanction]:
    return [s for s in sanctions if s.start <= on and (s.end is None or s.end >= on)]


def _at_least(
    needed: tuple[str, int] | None,
    held: tuple[str, int] | None,
    *,
    label: str,
    unknown_requirement: str,
    missing: Verdict,
    data: str,
    passes: str,
    fails: str,
) -> Verdict:
    """A minimum on an ordered scale (education level, rank): the candidate's (name, order)
    against the requirement's; `label` is the placeholder the texts name the held value by."""
    if needed is None:
        return UNKNOWN, "", unknown_requirement
    if held is None:
        return missing
    values = {label: held[0], "need": needed[0]}
    if held[1] >= needed[1]:
        return PASS, data % values, passes % values
    return FAIL, data % values, fails % values


def _education(req: Mapping, facts: CandidateFacts, tables: Tables, closing: dt.date) -> Verdict:
    return _at_least(
        tables.education.get(str(req.get("level"))),
        facts.education,
        label="name",
        unknown_requirement=_("Jenjang pendidikan syarat tidak dikenal."),
        missing=(
            UNKNOWN,
            _("tidak tercatat"),
            _("Pendidikan terakhir belum tercatat di Abdi."),
        ),
        data=_("Pendidikan terakhir %(name)s"),
        passes=_("%(name)s memenuhi syarat minimal %(need)s."),
        fails=_("%(name)s di bawah syarat minimal %(need)s."),
    )


def _rank(req: Mapping, facts: CandidateFacts, tables: Tables, closing: dt.date) -> Verdict:
    # No rank on record is a fail, not unknown: a PPPK or non-PNS has no golongan at all.
    return _at_least(
        tables.ranks.get(str(req.get("rank"))),
        facts.rank,
        label="code",
        unknown_requirement=_("Golongan syarat tidak dikenal."),
        missing=(
            FAIL,
            _("tidak ada"),
            _("Tidak memiliki pangkat/golongan PNS yang tercatat."),
        ),
        data=_("Golongan %(code)s"),
        passes=_("%(code)s memenuhi syarat minimal %(need)s."),
        fails=_("%(code)s di bawah syarat minimal %(need)s."),
    )


def _experience(req: Mapping, facts: CandidateFacts, tables: Tables, closing: dt.date) -> Verdict:
    kinds = list(req.get("kinds") or [])
    years = int(req.get("years") or 0)
    labels = ", ".join(tables.position_kinds.get(k, k) for k in kinds)
    if facts.spells is None:
        return UNKNOWN, _("tidak tercatat"), _("Riwayat jabatan belum tercatat di Abdi.")
    months = months_in_kinds(facts.spells, kinds, closing)
    data = _("%(y)d tahun %(m)d bulan sebagai %(kinds)s sampai %(date)s") % {
        "y": months // 12,
        "m": months % 12,
        "kinds": labels,
        "date": day_text(closing),
    }
    if months >= years * 12:
        return PASS, data, _("Memenuhi syarat paling singkat %(n)d tahun.") % {"n": years}
    return FAIL, data, _("Kurang dari syarat paling singkat %(n)d tahun.") % {"n": years}


def _total_experience(
    req: Mapping, facts: CandidateFacts, tables: Tables, closing: dt.date
) -> Verdict:
    """Cumulative position experience (JPT: 10 / 7 / 5 years for Utama / Madya / Pratama).
    Abdi counts every recorded position; whether it was in a related field is the panel's
    reading at the administrative stage."""
    years = int(req.get("years") or 0)
    if facts.spells is None:
        return UNKNOWN, _("tidak tercatat"), _("Riwayat jabatan belum tercatat di Abdi.")
    months = months_in_positions(facts.spells, closing)
    data = _("%(y)d tahun %(m)d bulan dalam jabatan sampai %(date)s") % {
        "y": months // 12,
        "m": months % 12,
        "date": day_text(closing),
    }
    if months >= years * 12:
        return PASS, data, _("Memenuhi syarat paling singkat %(n)d tahun.") % {"n": years}
    return FAIL, data, _("Kurang dari syarat paling singkat %(n)d tahun.") % {"n": years}


def _age(req: Mapping, facts: CandidateFacts, tables: Tables, closing: dt.date) -> Verdict:
    max_years = int(req.get("years") or 0)
    reading = str(req.get("reading") or COMPLETED_YEARS)
    if facts.birth_date is None:
        return UNKNOWN, _("tidak tercatat"), _("Tanggal lahir belum tercatat.")
    length = duration_between(facts.birth_date, closing)
    data = _("Lahir %(birth)s; usia %(y)d tahun %(m)d bulan pada %(date)s") % {
        "birth": day_text(facts.birth_date),
        "y": length.years,
        "m": length.months,
        "date": day_text(closing),
    }
    ok = age_within(facts.birth_date, closing, max_years, reading)
    if reading == NOT_PAST_BIRTHDAY:
        why = (
            _("Belum melewati ulang tahun ke-%(n)d pada tanggal penutupan.")
            if ok
            else _("Sudah melewati ulang tahun ke-%(n)d pada tanggal penutupan.")
        )
    else:
        why = (
            _("Usia dalam tahun penuh %(age)d, paling tinggi %(n)d.")
            if ok
            else _("Usia dalam tahun penuh %(age)d melebihi batas %(n)d.")
        )
    return (PASS if ok else FAIL), data, why % {"n": max_years, "age": length.years}


def _predikat(req: Mapping, facts: CandidateFacts, tables: Tables, closing: dt.date) -> Verdict:
    years = int(req.get("years") or 2)
    minimum = str(req.get("minimum") or "baik")
    order = [value for value, _label in tables.predikats]
    labels = dict(tables.predikats)
    if facts.predikats is None:
        return UNKNOWN, _("tidak tercatat"), _("Predikat kinerja belum tercatat di Abdi.")
    wanted = predikat_years(closing, years)
    parts, missing, below = [], [], []
    for year in wanted:
        value = facts.predikats.get(year)
        if value is None:
            missing.append(str(year))
            parts.append(f"{year}: —")
            continue
        parts.append(f"{year}: {labels.get(value, value)}")
        if value not in order or minimum not in order or order.index(value) > order.index(minimum):
            below.append(str(year))
    data = "; ".join(parts)
    need = labels.get(minimum, minimum)
    if missing:
        return FAIL, data, _("Predikat tahun %(years)s belum ada.") % {"years": ", ".join(missing)}
    if below:
        return (
            FAIL,
            data,
            _("Predikat tahun %(years)s di bawah %(need)s.")
            % {
                "years": ", ".join(below),
                "need": need,
            },
        )
    return (
        PASS,
        data,
        _("Predikat %(n)d tahun terakhir paling rendah %(need)s.")
        % {
            "n": years,
            "need": need,
        },
    )


def _discipline(req: Mapping, facts: CandidateFacts, tables: Tables, closing: dt.date) -> Verdict:
    if facts.sanctions is None:
        return UNKNOWN, _("tidak tercatat"), _("Riwayat hukuman disiplin tidak ada di Abdi.")
    active = sanctions_in_force(facts.sanctions, closing)
    if not active:
        return (
            PASS,
            _("Tidak ada hukuman yang berlaku pada %(date)s") % {"date": day_text(closing)},
            _("Tidak sedang menjalani hukuman disiplin."),
        )
    data = "; ".join(
        _("%(name)s berlaku %(start)s s.d. %(end)s")
        % {
            "name": s.name,
            "start": day_text(s.start),
            "end": day_text(s.end) if s.end else _("tidak ditentukan"),
        }
        for s in active
    )
    return FAIL, data, _("Masih menjalani hukuman disiplin pada tanggal penutupan.")


def _jpm(req: Mapping, facts: CandidateFacts, tables: Tables, closing: dt.date) -> Verdict:
    minimum = Decimal(str(req.get("percent") or "0"))
    if facts.jpm is None:
        return UNKNOWN, _("tidak tercatat"), _("Hasil asesmen kompetensi tidak ada di Abdi.")
    known = {k: v for k, v in facts.jpm.items() if v is not None}
    data = "; ".join(f"{k}: {v}%" for k, v in facts.jpm.items() if v is not None) or _(
        "belum ada standar kompetensi jabatan sasaran"
    )
    if not known:
        return FAIL, data, _("JPM untuk jabatan sasaran belum dapat dihitung.")
    best = max(known.values())
    if best >= minimum:
        return (
            PASS,
            data,
            _("JPM tertinggi %(best)s%% memenuhi minimal %(min)s%%.")
            % {
                "best": best,
                "min": minimum,
            },
        )
    return (
        FAIL,
        data,
        _("JPM tertinggi %(best)s%% di bawah minimal %(min)s%%.")
        % {
            "best": best,
            "min": minimum,
        },
    )


EVALUATORS = {
    "min_education": _education,
    "min_rank": _rank,
    "position_experience": _experience,
    "total_experience": _total_experience,
    "max_age": _age,
    "predikat": _predikat,
    "no_discipline": _discipline,
    "min_jpm": _jpm,
}


@dataclass(frozen=True)
class Requirement:
    rule: str
    params: Mapping
    key: Hashable = None


def evaluate(
    requirements: Sequence[Requirement],
    facts: CandidateFacts,
    *,
    closing: dt.date,
    tables: Tables,
) -> list[RuleResult]:
    results = []
    for req in requirements:
        evaluator = EVALUATORS.get(req.rule)
        if evaluator is None:
            results.append(RuleResult(req.rule, UNKNOWN, "", _("Syarat tidak dikenal."), req.key))
            continue
        status, data, reason = evaluator(req.params, facts, tables, closing)
        results.append(RuleResult(req.rule, status, data, reason, req.key))
    return results


def is_eligible(results: Sequence[RuleResult], overridden: set | frozenset = frozenset()) -> bool:
    """Every requirement passes, or BKPSDM overrode it for this applicant."""
    return all(r.passed or r.requirement in overridden for r in results)


# --- panel and stages -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PanelLimits:
    minimum: int = 5
    maximum: int = 9
    max_internal_percent: int = 45


def panel_problems(size: int, internal: int, limits: PanelLimits) -> list[str]:
    """Why a panel of `size` members, `internal` of them from the agency, is refused."""
    problems = []
    if size % 2 == 0:
        problems.append(_("Jumlah anggota %(n)d genap; harus ganjil.") % {"n": size})
    if size < limits.minimum or size > limits.maximum:
        problems.append(
            _("Jumlah anggota %(n)d; harus %(min)d sampai %(max)d orang.")
            % {"n": size, "min": limits.minimum, "max": limits.maximum}
        )
    if size and internal * 100 > limits.max_internal_percent * size:
        allowed = limits.max_internal_percent * size // 100
        problems.append(
            _(
                "Anggota internal %(i)d dari %(n)d (%(share)s%%); paling banyak %(max)d%%, "
                "yaitu %(allowed)d orang."
            )
            % {
                "i": internal,
                "n": size,
                "share": two_places(Decimal(internal * 100) / size),
                "max": limits.max_internal_percent,
                "allowed": allowed,
            }
        )
    return problems


def weight_problems(weights: Mapping[str, int], unweighted: set[str] | frozenset) -> list[str]:
    """Weights of the scored stages must sum to 100; a pass/fail stage carries none."""
    problems = []
    for stage in unweighted:
        if weights.get(stage):
            problems.append(_("Tahap administrasi bersifat lulus/tidak lulus, tanpa bobot."))
    total = sum(w for s, w in weights.items() if s not in unweighted)
    if total != 100:
        problems.append(_("Jumlah bobot tahap %(total)d%%; harus tepat 100%%.") % {"total": total})
    return problems


def weighted_total(scores: Mapping[str, Decimal | None], weights: Mapping[str, int]) -> Decimal:
    total = sum(
        (Decimal(weight) * (scores.get(stage) or Decimal(0)) for stage, weight in weights.items()),
        Decimal(0),
    )
    return two_places(total / 100)


@dataclass(frozen=True)
class Candidate(Generic[K]):
    key: K
    scores: Mapping[str, Decimal | None]
    applied_at: dt.datetime


@dataclass(frozen=True)
class Ranked(Generic[K]):
    key: K
    rank: int
    total: Decimal


def rank_candidates(
    candidates: Sequence[Candidate[K]], weights: Mapping[str, int], stage_order: Sequence[str]
) -> list[Ranked[K]]:
    """Order by weighted total, then by the tie rule (see module docstring)."""
    tie_stages = sorted(
        (s for s in stage_order if weights.get(s)),
        key=lambda s: (-weights[s], stage_order.index(s)),
    )

    def key(c: Candidate[K]) -> tuple[Decimal | dt.datetime, ...]:
        return (
            -weighted_total(c.scores, weights),
            *(-(c.scores.get(s) or Decimal(0)) for s in tie_stages),
            c.applied_at,
        )

    ordered = sorted(candidates, key=key)
    return [Ranked(c.key, i, weighted_total(c.scores, weights)) for i, c in enumerate(ordered, 1)]


def objection_deadline(decided_on: dt.date, days: int) -> dt.date:
    """The last day to file an objection: `days` calendar days after the result."""
    return decided_on + dt.timedelta(days=days)
