"""Evidence about a unit that an upper app offers to a lower one's page without the lower app
importing it: e.g. insights' public-service composite shown in performance's calibration as
the basis for the unit's organisational predikat. Providers register in their AppConfig.ready.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class UnitEvidence:
    label: str
    value: str
    text: str
    url: str = ""


# (unit, year, viewer or None) → evidence or None; with a viewer the provider shows only what
# that viewer may see (None: the calling page has already checked the unit's scope).
Provider = Callable[[Any, int, Any], "UnitEvidence | None"]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def unit_evidence(unit: Any, year: int, viewer: Any = None) -> list[UnitEvidence]:
    """What every registered provider says about the unit for the year."""
    out = []
    for provider in _providers:
        item = provider(unit, year, viewer)
        if item is not None:
            out.append(item)
    return out
