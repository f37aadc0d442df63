"""The IKM rules of Permen PANRB 14/2017 as pure functions (no ORM; tables are arguments).

    NRR_u   = mean of the answers to element u (over the respondents who answered u)
    IKM     = Σ_u NRR_u × (1 / n)          n = the number of elements of the survey, exact 1/n
    IKM_100 = IKM × 25                     25..100, reported with 2 decimals
    mutu    = the first grade (highest minimum first) whose minimum ≤ IKM_100 rounded to 2 decimals

Exact arithmetic: sums and counts are integers (from SQL), NRR and IKM are Fractions, and only the
reported values are rounded (half up) to Decimal. An element nobody answered has no NRR; the IKM
then cannot be computed (None) rather than quietly dividing by fewer elements
(docs/decisions/0007-ikm.md).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

ELEMENT_CODES: tuple[str, ...] = tuple(f"U{i}" for i in range(1, 10))
MIN_ANSWER, MAX_ANSWER = 1, 4
IKM_FACTOR = 25  # conversion of the 1–4 index to 25–100

# Krejcie–Morgan defaults (the Permen's reference): χ² for 1 degree of freedom at 95 %, the
# population proportion, and the margin of error.
CHI_SQUARE = Decimal("3.841")
PROPORTION = Decimal("0.5")
MARGIN = Decimal("0.05")


@dataclass(frozen=True)
class GradeBand:
    """One row of the mutu table (abdi.feedback.models.IkmGrade)."""

    grade: str
    min_score: Decimal
    performance_label: str


@dataclass(frozen=True)
class ElementTally:
    """The SQL aggregate of one element: how many answered it and the sum of their answers."""

    answered: int
    total: int


def to_decimal(value: Fraction, places: int) -> Decimal:
    """Round an exact value half up to `places` decimals."""
    scale = 10**places
    scaled = value * scale
    rounded = math.floor(scaled + Fraction(1, 2))
    return (Decimal(rounded) / Decimal(scale)).quantize(Decimal(1).scaleb(-places))


def nrr(tally: ElementTally) -> Fraction | None:
    """Mean answer of an element; None when nobody answered it."""
    if tally.answered <= 0:
        return None
    return Fraction(tally.total, tally.answered)


def nrr_of_answers(answers: Iterable[int | None]) -> Fraction | None:
    given = [a for a in answers if a is not None]
    return nrr(ElementTally(len(given), sum(given)))


def ikm(
    nrrs: Mapping[str, Fraction | None], elements: Sequence[str] = ELEMENT_CODES
) -> Fraction | None:
    """Σ NRR × 1/n over the survey's n elements; None if an element has no answer yet."""
    if not elements:
        return None
    values = [nrrs.get(code) for code in elements]
    if any(v is None for v in values):
        return None
    n = len(elements)
    return sum((v * Fraction(1, n) for v in values if v is not None), Fraction(0))


def ikm_100(index: Fraction) -> Decimal:
    """The converted score (× 25), 2 decimals."""
    return to_decimal(index * IKM_FACTOR, 2)


def grade_for(score_100: Decimal | Fraction, bands: Sequence[GradeBand]) -> GradeBand:
    """The grade of a converted score, comparing the value rounded to 2 decimals."""
    if not bands:
        raise ValueError("empty grade table")
    value = score_100 if isinstance(score_100, Decimal) else to_decimal(score_100, 2)
    value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    ordered = sorted(bands, key=lambda b: b.min_score, reverse=True)
    for band in ordered:
        if value >= band.min_score:
            return band
    return ordered[-1]


def sample_size(
    population: int,
    *,
    chi_square: Decimal | str | float = CHI_SQUARE,
    proportion: Decimal | str | float = PROPORTION,
    margin: Decimal | str | float = MARGIN,
) -> int:
    """Krejcie–Morgan: s = χ²·N·P(1−P) / (d²·(N−1) + χ²·P(1−P)), rounded up."""
    if population <= 0:
        return 0
    chi2 = Fraction(str(chi_square))
    p = Fraction(str(proportion))
    d = Fraction(str(margin))
    variance = chi2 * p * (1 - p)
    s = variance * population / (d * d * (population - 1) + variance)
    return min(population, math.ceil(s))


def weakest_elements(
    nrrs: Mapping[str, Fraction | None], count: int = 3, elements: Sequence[str] = ELEMENT_CODES
) -> list[str]:
    """The elements with the lowest NRR (improvement priorities), lowest first; ties keep the
    element order."""
    scored = [(v, i, code) for i, code in enumerate(elements) if (v := nrrs.get(code)) is not None]
    return [code for _v, _i, code in sorted(scored)[:count]]


def answer_problems(
    answers: Mapping[str, object], *, elements: Sequence[str] = ELEMENT_CODES, require_all: bool
) -> dict[str, object]:
    """Per element code, what is wrong with an answer (empty when all is well). Unknown codes
    are reported under their own key."""
    problems: dict[str, object] = {}
    for code in answers:
        if code not in elements:
            problems[code] = _("Unsur tidak dikenal.")
    given = 0
    for code in elements:
        value = answers.get(code)
        if value is None or value == "":
            if require_all:
                problems[code] = _("Jawaban wajib diisi.")
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not MIN_ANSWER <= value <= MAX_ANSWER
        ):
            problems[code] = _("Jawaban harus angka 1 sampai 4.")
        else:
            given += 1
    if not require_all and given == 0 and not problems:
        problems["answers"] = _("Isi paling sedikit satu jawaban.")
    return problems
