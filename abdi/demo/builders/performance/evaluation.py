"""Evaluation of the past quarters, one objection, and the notifications."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_noop

from abdi.core.models import Notification
from abdi.core.notifications import Text, choice_label, notification_row
from abdi.demo.builders.performance.common import (
    BEHAVIOUR_RATINGS,
    WORK_RATINGS,
    Person,
    moment,
    pick,
)
from abdi.demo.builders.performance.state import BuilderState
from abdi.org.models import Position
from abdi.performance.choices import (
    EvaluationStatus,
    ObjectionStatus,
    Rating,
    SKPStatus,
)
from abdi.performance.models import (
    SKP,
    Evaluation,
    EvaluationAdjustment,
    Objection,
)

EVALUATION_CHUNK = 5000  # evaluations per write


class EvaluationSteps(BuilderState):
    """Mixin of `Builder`: evaluations, the objection and notifications."""

    # -- evaluations
    def write_evaluations(self) -> None:
        if not self.past:
            return
        latest = self.past[-1]
        demo = self.demo_people()
        pegawai = demo.get("pegawai")
        bias = {
            a: (0.35 if r < 0.1 else -0.3 if r < 0.2 else 0.0)
            for a in sorted(self.appraisers)
            for r in [self.rng.random()]
        }
        # Written per chunk as plain rows (no model instance per evaluation); kept: the final
        # ones' (id, predikat) for the calibration below, and the first objection candidates'
        # ids (not every evaluation of the province).
        finals: list[tuple[int, str]] = []
        self._candidates: dict[str, int] = {}
        evaluations: list[tuple[SKP, dict]] = []
        for skp in self.skp_of.values():
            if skp.status != SKPStatus.APPROVED or skp.appraiser_id is None:
                continue
            person = self.people_by_id[skp.employee_id]
            is_pegawai = pegawai is not None and skp.employee_id == pegawai.employee.pk
            approved_at = skp.approved_at
            assert approved_at is not None  # set on every approved SKP (`write_skps`)
            for period in self.past:
                if period.end < approved_at.date():
                    continue
                is_latest = period is latest
                if not is_pegawai and self.rng.random() >= (0.8 if is_latest else 0.96):
                    continue  # not rated yet: waits in the appraiser's inbox
                evaluations.append(
                    (skp, self._evaluation(skp, person, period, is_latest, is_pegawai, bias))
                )
            if len(evaluations) >= EVALUATION_CHUNK:
                self._write_evaluations(evaluations, finals)
                evaluations = []
        self._write_evaluations(evaluations, finals)
        # A few calibration adjustments on final ones, and one objection.
        adjustments = []
        for pk, predikat in finals[: max(1, len(finals) // 40)]:
            if predikat != "baik":
                continue
            adjustments.append(
                EvaluationAdjustment(
                    evaluation_id=pk,
                    from_predikat=predikat,
                    to_predikat="butuh_perbaikan",
                    reason="Kalibrasi unit: capaian indikator di bawah rata-rata unit.",
                    actor=self.admin,
                )
            )
        if adjustments:
            Evaluation.objects.filter(pk__in=[a.evaluation_id for a in adjustments]).update(
                predikat="butuh_perbaikan"
            )
            self.create(EvaluationAdjustment, adjustments)
        self._objection()

    def _write_evaluations(
        self, evaluations: list[tuple[SKP, dict]], finals: list[tuple[int, str]]
    ) -> None:
        keys = self.insert(Evaluation, [row for _skp, row in evaluations])
        latest = self.past[-1]
        pegawai = self.demo_people().get("pegawai")
        atasan = self.demo_people().get("atasan")
        for pk, (skp, ev) in zip(keys, evaluations, strict=True):
            status, predikat = ev["status"], ev["predikat"]
            self.stats.evaluations[status] += 1
            self.stats.predikat[predikat] += 1
            if status == EvaluationStatus.FINAL:
                finals.append((pk, predikat))
            if (
                ev["period_id"] == latest.pk
                and status == EvaluationStatus.RELEASED
                and predikat in ("butuh_perbaikan", "kurang", "baik")
                and (pegawai is None or skp.employee_id != pegawai.employee.pk)
                and skp.appraiser_superior_id is not None
            ):
                self._candidates.setdefault("any", pk)
                if atasan is not None and skp.appraiser_id == atasan.employee.pk:
                    self._candidates.setdefault("atasan", pk)

    def _evaluation(self, skp, person, period, is_latest, is_pegawai, bias) -> dict:
        """The row of one evaluation (attribute names, for `insert`)."""
        shift = bias.get(skp.appraiser_id, 0.0)
        work = self._rating(WORK_RATINGS, shift)
        behaviour = self._rating(BEHAVIOUR_RATINGS, shift)
        from_org = person.is_head
        if from_org:
            unit = self._position_unit(person)
            org = self.org.get((unit, period.pk)) if unit is not None else None
            if org is not None:
                work = self.head_mapping.get(org, work)
            else:
                from_org = False
        if is_pegawai:
            work, behaviour = Rating.MEETS, Rating.MEETS if is_latest else Rating.ABOVE
        if is_latest:
            status = pick(
                self.rng,
                [
                    (EvaluationStatus.DRAFT, 0.25),
                    (EvaluationStatus.FINAL, 0.15),
                    (EvaluationStatus.RELEASED, 0.35),
                    (EvaluationStatus.ACKNOWLEDGED, 0.25),
                ],
            )
            if is_pegawai:
                status = EvaluationStatus.RELEASED
        else:
            status = pick(
                self.rng, [(EvaluationStatus.RELEASED, 0.3), (EvaluationStatus.ACKNOWLEDGED, 0.7)]
            )
        ev = {
            "skp_id": skp.pk,
            "period_id": period.pk,
            "work_result_rating": work,
            "work_result_from_org_predikat": from_org,
            "behaviour_rating": behaviour,
            "predikat": self.matrix[(work, behaviour)],
            "notes": "Penilaian berdasarkan realisasi indikator dan pengamatan perilaku.",
            "evaluator_id": skp.appraiser_id,
            "status": status,
        }
        rated = min(period.end + dt.timedelta(self.rng.randrange(3, 15)), self.today)
        if status in (EvaluationStatus.RELEASED, EvaluationStatus.ACKNOWLEDGED):
            ev["released_at"] = moment(rated, 15)
        if status == EvaluationStatus.ACKNOWLEDGED:
            ev["acknowledged_at"] = moment(min(rated + dt.timedelta(2), self.today), 9, 45)
        return ev

    def _position_unit(self, person: Person) -> int | None:
        if not hasattr(self, "_pos_units"):
            self._pos_units: dict[int, int] = dict(
                Position.objects.values_list("pk", "org_unit_id")
            )
        if person.position_id is None:
            return None
        return self._pos_units.get(person.position_id)

    def _rating(self, weighted, shift: float) -> str:
        x = self.rng.random()
        if shift > 0 and x < shift:
            return Rating.ABOVE
        if shift < 0 and x < -shift:
            return Rating.BELOW
        return pick(self.rng, weighted)

    def _objection(self) -> None:
        """One objection, on a released evaluation of the latest quarter in the supervisor
        login's team when there is one (so the demo shows it), else anywhere."""
        ev = self._candidates.get("atasan") or self._candidates.get("any")
        if ev is None:
            return
        self.create(
            Objection,
            [
                Objection(
                    evaluation_id=ev,
                    reason="Realisasi indikator triwulan ini sudah sesuai target; mohon "
                    "ditinjau kembali rating hasil kerja saya.",
                    status=ObjectionStatus.FILED,
                )
            ],
        )

    def write_notifications(self) -> None:
        rows = []
        demo = self.demo_people()
        atasan, pegawai = demo.get("atasan"), demo.get("pegawai")
        if atasan is not None:
            waiting = [
                s
                for s in self.skp_of.values()
                if s.appraiser_id == atasan.employee.pk and s.status == SKPStatus.SUBMITTED
            ]
            for skp in waiting:
                # The services' own messages (stored by key): shown in the reader's language.
                rows.append(
                    notification_row(
                        user=atasan,
                        verb="skp_submitted",
                        message=Text(
                            gettext_noop("%(name)s mengajukan SKP %(year)s untuk disetujui."),
                            {"name": self.people_by_id[skp.employee_id].name, "year": self.year},
                        ),
                        url=f"/performance/skp/{skp.pk}/",
                    )
                )
        if pegawai is not None and pegawai.employee.pk in self.skp_of:
            skp = self.skp_of[pegawai.employee.pk]
            rows.append(
                notification_row(
                    user=pegawai,
                    verb="skp_approved",
                    message=Text(
                        gettext_noop("SKP %(year)s Anda (versi %(v)d) disetujui."),
                        {"year": self.year, "v": skp.version},
                    ),
                    url=f"/performance/skp/{skp.pk}/",
                )
            )
            latest = (
                Evaluation.objects.filter(
                    skp_id=skp.pk,
                    period=self.past[-1],
                    status__in=(EvaluationStatus.RELEASED, EvaluationStatus.ACKNOWLEDGED),
                ).first()
                if self.past
                else None
            )
            if latest is not None:
                rows.append(
                    notification_row(
                        user=pegawai,
                        verb="evaluation_released",
                        message=Text(
                            gettext_noop(
                                "Hasil evaluasi kinerja periode %(code)s sudah dirilis: "
                                "%(predikat)s."
                            ),
                            {
                                "code": self.past[-1].label_text,
                                "predikat": choice_label(latest, "predikat"),
                            },
                        ),
                        url=reverse("performance:evaluation_detail", args=[latest.pk]),
                    )
                )
        self.create(Notification, rows)
