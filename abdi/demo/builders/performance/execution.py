"""Execution: activities with evidence, realisations per quarter and feedback."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from abdi.demo.builders.performance.common import (
    ACTIVITY_TEXT,
    FEEDBACK_TEXT,
    QUALITATIVE_TARGETS,
    SELF_ASSESSMENT,
    TINY_PDF,
    IndicatorRef,
    moment,
    month_end,
)
from abdi.demo.builders.performance.state import BuilderState
from abdi.performance.choices import SKPStatus
from abdi.performance.models import (
    Activity,
    Feedback,
    PerformancePeriod,
    Realisation,
)

CHUNK = 2000  # approved SKPs per write


class ExecutionSteps(BuilderState):
    """Mixin of `Builder`: activities, realisations and feedback."""

    # -- execution: activities, realisations, feedback
    def write_execution(self) -> None:
        approved = [s for s in self.skp_of.values() if s.status == SKPStatus.APPROVED]
        pegawai = self.demo_people().get("pegawai")
        pegawai_skp = self.skp_of.get(pegawai.employee.pk) if pegawai else None
        for start in range(0, len(approved), CHUNK):  # a stream of chunks, not one big list
            self._execution_chunk(approved[start : start + CHUNK], pegawai_skp)

    def _execution_chunk(self, approved: list, pegawai_skp) -> None:
        activities, realisations, feedback = [], [], []
        for skp in approved:
            person = self.people_by_id[skp.employee_id]
            results = self.results.get(skp.pk, [])
            if not results:
                continue
            owner = self.actor_id(person)
            first_day = skp.approved_at.date() + dt.timedelta(1)
            month = first_day.replace(day=1)
            while month <= self.today:
                for _n in range(self.rng.choice((0, 1, 1, 2))):
                    day = self.day_between(max(month, first_day), month_end(month))
                    if day > self.today or day < first_day:
                        continue
                    text, output = self.rng.choice(ACTIVITY_TEXT)
                    wr = self.rng.choice(results)
                    activities.append(
                        {
                            "skp_id": skp.pk,
                            "work_result_id": wr.pk,
                            "date": day,
                            "description": f"{text} — {wr.title}"[:1000],
                            "output": output,
                            "evidence_link": f"https://arsip.demo.abdi.local/kinerja/{skp.pk}/"
                            f"{day.isoformat()}.pdf",
                            "created_by_id": owner,
                        }
                    )
                month = month_end(month) + dt.timedelta(1)
            for period in [*self.past, *([self.current] if self.current else [])]:
                if period.end < first_day:
                    continue
                is_current = period is self.current
                share = 0.45 if is_current else 0.92
                if skp is pegawai_skp:
                    share = 1.0 if not is_current else 0.5
                for ind in self.indicators.get(skp.pk, []):
                    if self.rng.random() >= share:
                        continue
                    realisations.append(self._realisation(ind, period, owner))
            boss = self.people_by_id.get(person.appraiser) if person.appraiser else None
            if boss is not None and boss.user_id and self.rng.random() < 0.8:
                for _n in range(self.rng.choice((1, 2))):
                    feedback.append(
                        {
                            "skp_id": skp.pk,
                            "work_result_id": self.rng.choice(results).pk,
                            "author_id": boss.user_id,
                            "text": self.rng.choice(FEEDBACK_TEXT),
                            "created_at": self._feedback_time(),
                        }
                    )
                feedback.append(
                    {
                        "skp_id": skp.pk,
                        "behaviour_value_id": self.rng.choice(self.values).pk,
                        "author_id": boss.user_id,
                        "text": "Sikap pelayanan kepada pengguna sudah sangat baik.",
                        "created_at": self._feedback_time(),
                    }
                )
        created = self.insert(Activity, activities)
        if pegawai_skp is not None:  # one real file for the employee login
            mine = [
                pk
                for pk, a in zip(created, activities, strict=True)
                if a["skp_id"] == pegawai_skp.pk
            ]
            if mine:
                act = Activity.objects.get(pk=mine[0])
                act.evidence.save(
                    f"bukti-kegiatan-{act.date.isoformat()}.pdf", ContentFile(TINY_PDF), save=True
                )
        self.insert(Realisation, realisations)
        self.insert(Feedback, feedback)

    def _feedback_time(self) -> dt.datetime:
        return moment(self.day_between(dt.date(self.year, 2, 1), self.today), 11)

    def _realisation(self, ind: IndicatorRef, period: PerformancePeriod, owner: int) -> dict:
        factor = Decimal(str(round(self.rng.uniform(0.6, 1.25), 2)))
        if ind.target_value is None:
            value, description = None, self.rng.choice(QUALITATIVE_TARGETS)
        elif ind.target_unit in ("persen", "indeks"):
            value = min(Decimal(100), (ind.target_value * factor).quantize(Decimal("0.1")))
            description = ""
        elif ind.target_unit == "bulan":
            value, description = Decimal(3), ""
        else:
            value = (ind.target_value / 4 * factor).quantize(Decimal(1))
            description = ""
        return {
            "indicator_id": ind.pk,
            "period_id": period.pk,
            "value": value,
            "description": description,
            "evidence_link": f"https://arsip.demo.abdi.local/realisasi/{ind.pk}/{period.code}.pdf",
            "self_assessment": self.rng.choice(SELF_ASSESSMENT),
            "submitted_by_id": owner,
        }
