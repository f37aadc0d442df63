"""Pure rules of competency (Permen PANRB 38/2017): Job Person Match, its band, and gaps.

- JPM = Σ actual levels ÷ Σ required levels × 100, over the competencies the standard requires.
  A competency without an assessed level counts as 0 (not skipped): an unassessed employee must
  not look like a perfect match. Levels above the requirement count as they are (a JPM may
  exceed 100). No requirement at all → None (no JPM). Rounded half-up to 2 decimals.
- A band applies from its minimum (inclusive) up to the next band's minimum.
- A gap is required − actual (actual missing = 0): positive = below standard.
See docs/decisions/0012-competency.md."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class Gap:
    competency: Hashable
    required: int
    actual: int | None
    gap: int

    @property
    def below(self) -> bool:
        return self.gap > 0


def jpm(actual: Mapping[Key, int], required: Mapping[Key, int]) -> Decimal | None:
    total_required = sum(required.values())
    if total_required <= 0:
        return None
    total_actual = sum(actual.get(k) or 0 for k in required)
    value = Decimal(total_actual) * 100 / Decimal(total_required)
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def band(value: Decimal | None, bands: Sequence[tuple[str, Decimal]]) -> str | None:
    """The name of the band with the highest minimum not above `value`."""
    if value is None:
        return None
    fitting = [(minimum, name) for name, minimum in bands if value >= minimum]
    return max(fitting, key=lambda b: b[0])[1] if fitting else None


def gaps(actual: Mapping[Key, int], required: Mapping[Key, int]) -> list[Gap]:
    return [
        Gap(k, level, actual.get(k), level - (actual.get(k) or 0)) for k, level in required.items()
    ]


def below_standard(actual_level: int | None, required_level: int) -> bool:
    return (actual_level or 0) < required_level
