"""A service unit's public-service composite: complaint handling (on-time share, reporter
rating, share never reopened), the IKM and its trend, and the unit's SKP results, each on
0–100 and weighted by the agency's `ServiceScoreWeight` rows. The unit and everything below it
count. Complaints per 1,000 services are not part of it: Abdi does not record service volumes.
Four queries and the IKM reader."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from abdi.accounts.models import User
from abdi.core.choices import Predikat
from abdi.core.unit_evidence import UnitEvidence
from abdi.employees.models import AnnualPredikat
from abdi.feedback.models import Complaint
from abdi.feedback.permissions import scorecard_paths
from abdi.feedback.rules import complaints as rules_complaints
from abdi.feedback.selectors.surveys import ikm_by_unit
from abdi.insights import rules
from abdi.insights.choices import ServiceComponent
from abdi.insights.models import ServiceScoreWeight
from abdi.insights.permissions import insight_paths
from abdi.insights.selectors.dashboard_inputs import system_reader
from abdi.org.models import OrgUnit

TWO = Decimal("0.01")

if TYPE_CHECKING:
    from abdi.core.unit_evidence import UnitEvidence


def service_units_visible_to(user: User) -> QuerySet[OrgUnit]:
    """Leaders and BKPSDM over their insight scope, and whoever sees the complaints scorecard
    over theirs."""
    if not getattr(user, "is_authenticated", False):
        return OrgUnit.objects.none()
    paths = insight_paths(user)
    card = scorecard_paths(user)
    if paths is None or card is None:
        return OrgUnit.objects.all()
    condition = Q(pk__in=[])
    for p in (*paths, *card):
        condition |= Q(path__startswith=p)
    return OrgUnit.objects.filter(condition)


def service_unit_or_404(user: User, pk: int) -> OrgUnit:
    unit = service_units_visible_to(user).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def service_weights(on: dt.date) -> dict[str, Decimal]:
    """The weight in force on a day for each component."""
    out: dict[str, Decimal] = {}
    for component, weight in (
        ServiceScoreWeight.objects.filter(effective_from__lte=on)
        .order_by("effective_from")
        .values_list("component", "weight")
    ):
        out[component] = weight
    return out


@dataclass
class Component:
    code: str
    label: str
    value: Decimal | None
    weight: Decimal
    evidence: str


@dataclass
class ServiceScore:
    unit: OrgUnit
    year: int
    score: Decimal | None
    components: list[Component]

    def as_record(self) -> dict:
        return {
            c.code: {
                "value": None if c.value is None else str(c.value),
                "weight": str(c.weight),
                "evidence": c.evidence,
            }
            for c in self.components
        }

    def basis_text(self) -> str:
        if self.score is None:
            return _("Skor layanan unit %(y)s: data belum cukup.") % {"y": self.year}
        parts = "; ".join(
            f"{c.label} {c.value:.0f}" for c in self.components if c.value is not None
        )
        return _("Skor layanan unit %(y)s: %(s)s (%(p)s).") % {
            "y": self.year,
            "s": self.score,
            "p": parts,
        }


def _q(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(TWO)


def service_score(unit: OrgUnit, year: int) -> ServiceScore:
    now = timezone.now()
    received = reopened = 0
    pairs = []
    ratings: list[int] = []
    for done, due, rating, reopen in Complaint.objects.filter(
        org_unit__path__startswith=unit.path, received_at__year=year
    ).values_list("followed_up_at", "follow_up_due", "rating", "reopen_count"):
        received += 1
        reopened += 1 if reopen else 0
        if due is not None:
            pairs.append((done, due))
        if rating is not None:
            ratings.append(rating)
    on_time, counted, _share = rules_complaints.on_time_share(pairs, now)
    mean_rating = Decimal(sum(ratings)) / len(ratings) if ratings else None
    trend = ikm_by_unit(user=system_reader(), units=[unit], periods=2).get(unit.pk)
    ikms = [p.ikm_100 for p in (trend.trend if trend else []) if p.ikm_100 is not None]
    latest = Decimal(ikms[-1]) if ikms else None
    previous = Decimal(ikms[-2]) if len(ikms) > 1 else None
    predikats = list(
        AnnualPredikat.objects.filter(
            year=year, employee__is_active=True, employee__org_unit__path__startswith=unit.path
        ).values_list("predikat", flat=True)
    )
    good = sum(1 for p in predikats if p in (Predikat.SANGAT_BAIK, Predikat.BAIK))
    weights = service_weights(dt.date(year, 12, 31))
    values: dict[str, tuple[Decimal | None, str]] = {
        ServiceComponent.ON_TIME: (
            Decimal(100) * on_time / counted if counted else None,
            _("%(n)s dari %(m)s pengaduan tepat waktu") % {"n": on_time, "m": counted},
        ),
        ServiceComponent.RATING: (
            rules.rating_component(mean_rating),
            _("rata-rata %(r)s dari %(n)s penilaian pelapor")
            % {"r": "—" if mean_rating is None else f"{mean_rating:.2f}", "n": len(ratings)},
        ),
        ServiceComponent.NOT_REOPENED: (
            rules.reopened_component(reopened, received),
            _("%(n)s dari %(m)s pengaduan dibuka kembali") % {"n": reopened, "m": received},
        ),
        ServiceComponent.IKM: (
            latest,
            _("IKM periode terakhir %(v)s") % {"v": "—" if latest is None else f"{latest:.2f}"},
        ),
        ServiceComponent.IKM_TREND: (
            rules.ikm_trend_component(latest, previous),
            _("periode sebelumnya %(v)s") % {"v": "—" if previous is None else f"{previous:.2f}"},
        ),
        ServiceComponent.SKP: (
            Decimal(100) * good / len(predikats) if predikats else None,
            _("%(n)s dari %(m)s pegawai berpredikat Baik atau Sangat Baik")
            % {"n": good, "m": len(predikats)},
        ),
    }
    components = [
        Component(
            c.value,
            str(c.label),
            _q(values[c.value][0]),
            weights.get(c.value, Decimal(0)),
            values[c.value][1],
        )
        for c in ServiceComponent
    ]
    score = rules.service_composite({c.code: c.value for c in components}, weights)
    return ServiceScore(unit, year, score, components)


def evidence_for(unit: OrgUnit, year: int, viewer: User | None = None) -> UnitEvidence | None:
    """The composite as evidence for a unit's organisational predikat (core.unit_evidence);
    with a viewer, only for a unit in their scope."""

    if viewer is not None and not service_units_visible_to(viewer).filter(pk=unit.pk).exists():
        return None
    result = service_score(unit, year)
    return UnitEvidence(
        label=_("Skor layanan unit"),
        value="—" if result.score is None else f"{result.score:.2f}".replace(".", ","),
        text=result.basis_text(),
        url=reverse("insights:service_score", args=[unit.pk]) + f"?year={year}",
    )
