"""E-learning enrolments (progress, quiz attempts, completions) and external certificates."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from abdi.competency.choices import AssessmentMethod
from abdi.competency.models import Assessment, AssessmentResult
from abdi.competency.services import refresh_current_levels
from abdi.core.calendar import JAKARTA
from abdi.demo.builders.bulk import bulk_create, update_rows
from abdi.demo.builders.learning.common import (
    bulk_write,
    moment,
    pick,
    stamp,
    text_pdf,
)
from abdi.demo.builders.learning.state import LearningState
from abdi.employees.models import Employee
from abdi.learning.choices import (
    ExternalCertificateStatus,
    JpSource,
    ModuleKind,
)
from abdi.learning.models import (
    Enrolment,
    ExternalCertificate,
    JpEntry,
    ModuleProgress,
    QuizAnswer,
    QuizAttempt,
)
from abdi.learning.services_credit import (
    credit_enrolment,
)


class ElearningSeeding(LearningState):
    """Mixin of `LearningSeeder`: e-learning enrolments and external certificates."""

    # -- e-learning enrolments --------------------------------------------------------------

    def elearning_enrolments(self) -> None:
        rng, code = self.rng, "EL-DIGITAL"
        course, modules = self.courses[code], self.modules[code]
        pegawai = self.login_employee.get("pegawai")
        team = [e for e in self.atasan_team if e != pegawai]
        n = min(60, max(12, len(self.staff) // 30))
        pool = [s.employee_id for s in self.staff if s.employee_id not in (pegawai, *team[:1])]
        chosen = ([pegawai] if pegawai else []) + team[:1] + rng.sample(pool, min(n, len(pool)))
        plan = [("progress", 0.4), ("failed", 0.2), ("completed", 0.3), ("new", 0.1)]
        enrolments, progress, attempts = [], [], []
        completed: list[Enrolment] = []
        for i, emp_id in enumerate(chosen):
            kind = "progress" if emp_id == pegawai else "completed" if i == 1 else pick(rng, plan)
            if kind == "completed" and not self.can_take(emp_id, 12, self.today.year):
                kind = "progress"
            started = self.now - dt.timedelta(days=rng.randint(8, 90), hours=rng.randint(0, 6))
            if emp_id in team[:1]:  # a colleague who finished last week: awaiting `atasan`
                started = self.now - dt.timedelta(days=7)
            enrolment = stamp(Enrolment(course=course, employee_id=emp_id), started)
            enrolment._kind = kind
            item = self.plan_items.get((emp_id, code))
            if item is not None:
                enrolment.plan_item_id = item.pk
            reached = {"new": 0, "progress": rng.randint(1, 3), "failed": 4, "completed": 5}[kind]
            if emp_id == pegawai:
                reached = 2
            if reached:
                enrolment.last_module = modules[min(reached, 4)]
            t = started
            for m in modules[:reached]:
                if m.kind == ModuleKind.QUIZ:
                    continue
                t = min(t + dt.timedelta(hours=rng.randint(1, 24)), self.now)
                progress.append((enrolment, m, t))
            if kind in ("failed", "completed"):
                tries = [False] if kind == "failed" else ([False, True] if rng.random() < 0.3
                                                         else [True])  # fmt: skip
                for number, passed in enumerate(tries, 1):
                    t = min(t + dt.timedelta(hours=rng.randint(1, 48)), self.now)
                    attempts.append((enrolment, number, t, passed))
            if kind == "completed":
                enrolment.completed_at = min(t + dt.timedelta(minutes=20), self.now)
                progress.append((enrolment, modules[-1], enrolment.completed_at))
                if enrolment.completed_at < self.now - dt.timedelta(days=21):
                    sup = self.user_of(self.supervisor(emp_id))
                    enrolment.completion_confirmed_by_id = sup
                    enrolment.completion_confirmed_at = enrolment.completed_at + dt.timedelta(
                        days=rng.randint(1, 6)
                    )
                self.jp_year[emp_id, self.today.year] += 12
                completed.append(enrolment)
            self.taken.add((emp_id, code))
            enrolments.append(enrolment)
            self.stats[f"e-learning {kind}"] += 1
        bulk_write(Enrolment, enrolments, history=False)
        bulk_create(
            ModuleProgress,
            (ModuleProgress(enrolment_id=e.pk, module=m, completed_at=t) for e, m, t in progress),
        )
        quiz_rows = []
        for enrolment, number, t, passed in attempts:
            picked = rng.sample(self.questions, 8)
            layout = []
            for q, choices in picked:
                order = [c.pk for c in choices]
                rng.shuffle(order)
                layout.append({"question": q.pk, "choices": order})
            right = rng.randint(6, 8) if passed else rng.randint(2, 5)  # of 8: 75 %+ vs ≤ 62.5 %
            attempt = QuizAttempt(
                enrolment_id=enrolment.pk,
                quiz=self.quiz,
                number=number,
                layout=layout,
                started_at=t - dt.timedelta(minutes=18),
                deadline=t - dt.timedelta(minutes=18) + dt.timedelta(minutes=20),
                submitted_at=t,
                score=Decimal(right * 100) / 8,
                passed=passed,
            )
            quiz_rows.append((attempt, picked, right))
        bulk_create(QuizAttempt, [a for a, _p, _r in quiz_rows])
        answers = []
        for attempt, picked, right in quiz_rows:
            submitted = attempt.submitted_at
            assert submitted is not None  # every demo attempt is submitted (above)
            for i, (q, choices) in enumerate(picked):
                correct = [c.pk for c in choices if c.is_correct]
                wrong = [c.pk for c in choices if not c.is_correct][:1]
                answers.append(
                    QuizAnswer(
                        attempt_id=attempt.pk,
                        question=q,
                        choice_ids=correct if i < right else wrong,
                        answered_at=submitted,
                    )
                )
        bulk_write(QuizAnswer, answers, history=False)
        names = dict(
            Employee.objects.filter(pk__in=[e.employee_id for e in completed]).values_list(
                "pk", "name"
            )
        )
        # competency raise on confirmation
        for enrolment in completed:
            enrolment.course = course
            enrolment.employee = Employee(
                pk=enrolment.employee_id, name=names[enrolment.employee_id]
            )
            # the JP totals of everyone once at the end of seed_learning
            certificate = credit_enrolment(enrolment=enrolment, refresh_totals=False)
            if certificate is not None:
                completed_at = enrolment.completed_at
                assert completed_at is not None  # `completed` holds the completed enrolments
                self.backdate.append((certificate.pk, completed_at.astimezone(JAKARTA).date()))
        confirmed = [e for e in completed if e.completion_confirmed_at]
        raises = [(e, self.raise_to_targets(e.employee_id, code)) for e in confirmed]
        raises = [(e, r) for e, r in raises if r]
        assessments = []
        for e, _r in raises:
            confirmed_at = e.completion_confirmed_at
            assert confirmed_at is not None  # `raises` holds confirmed enrolments only
            assessments.append(
                stamp(
                    Assessment(
                        employee_id=e.employee_id,
                        date=confirmed_at.astimezone(JAKARTA).date(),
                        method=AssessmentMethod.TRAINING,
                        assessor=f"Penyelesaian e-learning: {self.programmes[code].title}"[:200],
                        recorded_by_id=e.completion_confirmed_by_id,
                    ),
                    confirmed_at,
                )
            )
        bulk_write(Assessment, assessments)
        bulk_create(
            AssessmentResult,
            (
                AssessmentResult(assessment_id=a.pk, competency_id=cid, level=level)
                for a, (_e, r) in zip(assessments, raises, strict=True)
                for cid, level in r.items()
            ),
        )
        refresh_current_levels({a.employee_id for a in assessments})
        for a, (e, _r) in zip(assessments, raises, strict=True):
            e.raised_assessment_id = a.pk
        update_rows(Enrolment, [e for e, _r in raises], ["raised_assessment"])
        self.stats["competency raises from training"] += len(assessments)

    # -- external certificates --------------------------------------------------------------

    def externals(self) -> None:
        rng = self.rng
        n = min(120, max(10, len(self.staff) // 25))
        pool = rng.sample(self.staff, min(n, len(self.staff)))
        pegawai = self.login_employee.get("pegawai")
        if pegawai is not None and self.by_id[pegawai] not in pool:
            pool[0] = self.by_id[pegawai]
        events = [
            ("Webinar Literasi Digital Nasional", "Kementerian Komunikasi dan Digital", 2),
            ("Pelatihan Dasar Pengadaan Barang/Jasa", "LKPP", 24),
            ("Kursus Bahasa Inggris untuk ASN", "Balai Bahasa Provinsi Jambi", 32),
            ("Seminar Nasional Kesehatan Masyarakat", "IAKMI", 8),
            ("Workshop Penulisan Karya Ilmiah", "Universitas Jambi", 16),
            ("Bimtek Sistem Akuntabilitas Kinerja", "Kementerian PANRB", 16),
        ]
        table = [(ExternalCertificateStatus.VERIFIED, 0.6),
                 (ExternalCertificateStatus.SUBMITTED, 0.25),
                 (ExternalCertificateStatus.REJECTED, 0.15)]  # fmt: skip
        rows, lines = [], []
        names = dict(
            Employee.objects.filter(pk__in=[s.employee_id for s in pool]).values_list("pk", "name")
        )
        for i, s in enumerate(pool):
            title, provider, jp = rng.choice(events)
            status = (
                ExternalCertificateStatus.SUBMITTED
                if s.employee_id == pegawai
                else pick(rng, table)
            )
            end = self.today - dt.timedelta(days=rng.randint(5, 600))
            if status == ExternalCertificateStatus.VERIFIED and not self.can_take(
                s.employee_id, jp, end.year
            ):
                status = ExternalCertificateStatus.REJECTED
            start = end - dt.timedelta(days=max(0, jp // 8 - 1))
            created = moment(end + dt.timedelta(days=rng.randint(1, 4)), 14)
            cert = ExternalCertificate(
                employee_id=s.employee_id,
                title=title,
                provider=provider,
                start_date=start,
                end_date=end,
                jp=jp,
                number=f"{rng.randint(100, 999)}/SERT/{end.year}",
                content_type="application/pdf",
                status=status,
            )
            pdf = text_pdf(
                [f"diberikan kepada {names[s.employee_id]}", f"atas partisipasi dalam {title}",
                 f"{start:%d-%m-%Y} s.d. {end:%d-%m-%Y} ({jp} JP)", f"Penyelenggara: {provider}"],
                title="SERTIFIKAT",
            )  # fmt: skip
            cert.file.save(f"sertifikat-{i + 1:04d}.pdf", ContentFile(pdf), save=False)
            if status != ExternalCertificateStatus.SUBMITTED:
                cert.decided_by_id = self.admin_id
                cert.decided_at = min(created + dt.timedelta(days=rng.randint(1, 10)), self.now)
                if status == ExternalCertificateStatus.REJECTED:
                    cert.decision_note = "Sertifikat tidak mencantumkan jumlah JP atau jam."
            rows.append(stamp(cert, min(created, self.now)))
            if status == ExternalCertificateStatus.VERIFIED:
                self.jp_year[s.employee_id, end.year] += jp
                lines.append((cert, end))
            self.stats[f"external {status}"] += 1
        bulk_write(ExternalCertificate, rows)
        bulk_create(
            JpEntry,
            (
                JpEntry(
                    employee_id=c.employee_id,
                    year=end.year,
                    date=end,
                    jp=c.jp,
                    source=JpSource.EXTERNAL,
                    title=c.title,
                    external_id=c.pk,
                )
                for c, end in lines
            ),
        )
