"""Pure rules of a selection's scores: a panel stage's score (the mean of the submitted scores
of the members without a conflict) and the pre-filled track-record score (no ORM)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal

from abdi.careers.rules.common import day_text, predikat_years, two_places
from abdi.careers.rules.common import translate as _


def mean_score(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    return two_places(sum(values, Decimal(0)) / len(values))


def track_record_score(
    *,
    predikats: Mapping[int, str],
    awards: Sequence[dt.date],
    sanctions: Sequence[tuple[str, dt.date]],
    on: dt.date,
    points: Mapping[str, Decimal],
    predikat_labels: Mapping[str, str],
) -> tuple[Decimal, list[str]]:
    """The pre-filled track-record score 0–100 and the facts it used: the mean predikat points
    of the last `years` calendar years before `on` with a predikat, plus points per award in
    those years (capped), minus points per discipline sanction decided in those years."""
    years = int(points.get("years", 3))
    window = predikat_years(on, years)
    first_day = dt.date(window[-1], 1, 1)
    facts: list[str] = []
    found = [(y, predikats[y]) for y in window if y in predikats]
    values = [Decimal(points.get(f"predikat_{p}", 0)) for _y, p in found]
    base = mean_score(values) or Decimal(0)
    for year, value in found:
        facts.append(
            _("Predikat %(year)d: %(label)s (%(points)s)")
            % {
                "year": year,
                "label": predikat_labels.get(value, value),
                "points": points.get(f"predikat_{value}", 0),
            }
        )
    if not found:
        facts.append(
            _("Tidak ada predikat tahunan %(a)d–%(b)d.") % {"a": window[-1], "b": window[0]}
        )
    count = sum(1 for d in awards if first_day <= d < on)
    bonus = min(Decimal(points.get("award", 0)) * count, Decimal(points.get("award_cap", 0)))
    if count:
        facts.append(_("%(n)d penghargaan: +%(p)s") % {"n": count, "p": bonus})
    penalty = Decimal(0)
    for severity, decided in sanctions:
        if first_day <= decided < on:
            cut = Decimal(points.get(f"discipline_{severity}", 0))
            penalty += cut
            facts.append(
                _("Hukuman disiplin %(date)s: −%(p)s") % {"date": day_text(decided), "p": cut}
            )
    score = max(Decimal(0), min(Decimal(100), base + bonus - penalty))
    return two_places(score), facts
