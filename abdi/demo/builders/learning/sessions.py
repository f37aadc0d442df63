"""Catalogue sessions in every state, with registrations, their trail, attendance and surveys."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from abdi.competency.choices import AssessmentMethod
from abdi.competency.models import Assessment, AssessmentResult
from abdi.competency.services import refresh_current_levels
from abdi.core.calendar import JAKARTA
from abdi.demo.builders.bulk import bulk_create, bulk_create_with_history
from abdi.demo.builders.competency import Staff
from abdi.demo.builders.learning.common import (
    CANCEL_NOTES,
    HISTORY_REASON,
    NONE,
    PLACES,
    REJECT_NOTES,
    SEAT_HOLDING,
    SESSIONS,
    SUP_BKPSDM,
    SURVEY_COMMENTS,
    A,
    Draft,
    S,
    SessionExtra,
    bulk_write,
    kept_timestamps,
    likert,
    moment,
    stamp,
)
from abdi.demo.builders.learning.state import LearningState
from abdi.employees.models import Employee
from abdi.learning.models import (
    Attendance,
    ReactionSurvey,
    Registration,
    RegistrationStep,
    TrainingSession,
)
from abdi.learning.services_credit import (
    credit_registration,
)
from abdi.org.models import OrgUnit


class SessionSeeding(LearningState):
    """Mixin of `LearningSeeder`: catalogue sessions and their registrations."""

    # -- catalogue sessions with registrations ---------------------------------------------

    def eligible(self, s: Staff, extra: SessionExtra, units: list[OrgUnit]) -> bool:
        if extra.get("kinds") and s.position_kind not in extra["kinds"]:
            return False
        if extra.get("jf") and not (s.position_kind or "").startswith("jf_"):
            return False
        if extra.get("kinds") in (["administrator"], ["pengawas"]) and s.kind != "pns":
            return False
        return not units or any(s.unit_path.startswith(u.path) for u in units)

    def catalogue_sessions(self) -> None:
        rng, today = self.rng, self.today
        pegawai = self.login_employee.get("pegawai")
        team = [e for e in self.atasan_team if e != pegawai]
        sessions, drafts = [], []
        eligible: list[tuple[TrainingSession, OrgUnit]] = []  # the sessions' eligible OPDs
        gap_sets = {s.employee_id: set(self.comp.gaps(s.employee_id)) for s in self.staff}
        for code, name, start, days, opens, closes, quota, approval, extra in SESSIONS:
            programme = self.programmes[code]
            units = [
                self.units_by_code[c] for c in extra.get("units", []) if c in self.units_by_code
            ]
            # a small demo province gets smaller classes, so that they are not everybody
            quota = max(10, min(quota, round(quota * len(self.staff) / 1000)))
            session = TrainingSession(
                programme=programme,
                name=name,
                start_date=today + dt.timedelta(days=start),
                end_date=today + dt.timedelta(days=start + days - 1),
                location="" if extra.get("online") else rng.choice(PLACES),
                is_online=bool(extra.get("online")),
                online_url="https://zoom.us/j/0000000000" if extra.get("online") else "",
                quota=quota,
                registration_opens=today + dt.timedelta(days=opens),
                registration_closes=today + dt.timedelta(days=closes),
                contact="Seksi Diklat BKPSDM, (0741) 000-111",
                approval=approval,
                eligible_employee_kinds=["pns"]
                if extra.get("kinds") in (["administrator"], ["pengawas"])
                else [],
                eligible_position_kinds=extra.get("kinds", []),
                is_cancelled=bool(extra.get("cancelled")),
            )
            eligible.extend((session, u) for u in units)
            sessions.append(
                stamp(session, moment(session.registration_opens) - dt.timedelta(days=7))
            )
            pool = [
                s.employee_id
                for s in self.staff
                if (s.employee_id, code) not in self.taken and self.eligible(s, extra, units)
            ]
            forced = self._forced(code, name, pegawai, team)
            pool = [e for e in pool if e not in forced and e != pegawai]
            targets = self.targets[code]
            rng.shuffle(pool)
            wanted = set(targets)
            pool.sort(key=lambda e: -len(gap_sets[e] & wanted))
            counts = self._counts(session, extra)
            drafts.extend(self._fill(session, extra, pool, counts, forced))
        with kept_timestamps(TrainingSession):
            sessions = bulk_create_with_history(
                sessions, TrainingSession, default_change_reason=HISTORY_REASON
            )
        through = TrainingSession.eligible_units.through
        bulk_create(
            through,
            (through(trainingsession_id=s.pk, orgunit_id=u.pk) for s, u in eligible),
        )
        self._write_drafts(drafts, credit=True)
        self.stats["catalogue sessions"] = len(sessions)

    def _forced(self, code, name, pegawai, team) -> dict[int, str]:
        """The demo logins' own story (journey 3 and the supervisor's inbox)."""
        forced: dict[int, str] = {}
        if pegawai is None:
            return forced
        if (code, name) == ("TEK-YANPRIMA", "Angkatan I"):
            forced[pegawai] = S.COMPLETED  # finished two weeks ago, awaiting confirmation
            for e in team[:2]:
                forced[e] = S.COMPLETED
        elif (code, name) == ("TEK-ARSIP", "Angkatan I"):
            forced[pegawai] = S.PENDING_SUPERVISOR  # waiting for `atasan`
            for e in team[2:3]:
                forced[e] = S.PENDING_SUPERVISOR
        elif (code, name) == ("TEK-KEUDA", "Angkatan III"):
            for e in team[3:4]:
                forced[e] = S.PENDING_SUPERVISOR
        return forced

    def _counts(self, session: TrainingSession, extra: SessionExtra) -> dict[str, int]:
        rng, today, q = self.rng, self.today, session.quota
        if session.registration_opens > today:
            return {}
        if session.is_cancelled:
            return {S.CANCELLED: rng.randint(6, 12)}
        if session.end_date < today:  # finished
            if session.approval == NONE:
                return {S.COMPLETED: q // 2 + rng.randint(0, q // 3), S.CANCELLED: 2}
            return {
                S.COMPLETED: q - rng.randint(2, 5),
                S.NOT_COMPLETED: rng.randint(1, 2),
                S.CANCELLED: rng.randint(1, 2),
                S.REJECTED: 1,
            }
        if session.start_date <= today:  # running
            return {S.CONFIRMED: q - rng.randint(1, 4), S.CANCELLED: 1, S.REJECTED: 1}
        counts: dict[str, int] = {S.CANCELLED: 1, S.REJECTED: 1}
        if extra.get("full"):
            counts.update({S.CONFIRMED: q, S.WAITLISTED: 4, S.PENDING_SUPERVISOR: 2})
        else:
            counts[S.CONFIRMED] = q // 3 + rng.randint(0, q // 4)
            counts[S.PENDING_SUPERVISOR] = 3
        if session.approval == SUP_BKPSDM:
            counts[S.PENDING_BKPSDM] = 2
        if session.registration_closes < today:  # closed: nobody new is waiting
            counts.pop(S.PENDING_SUPERVISOR, None)
        return counts

    def _fill(self, session, extra, pool, counts, forced) -> list[Draft]:
        """Registrations for the session: seat holders never above the quota, the waiting list
        only when every seat is taken."""
        code = session.programme.code
        year = session.end_date.year
        jp = session.programme.jp
        wanted: list[tuple[int | None, str]] = list(forced.items())
        for status, n in counts.items():
            wanted.extend(
                (None, status) for _ in range(n - sum(1 for v in forced.values() if v == status))
            )
        seats = 0
        order: dict[str, int] = {S.COMPLETED: 0, S.NOT_COMPLETED: 0, S.CONFIRMED: 0}
        wanted.sort(key=lambda w: (w[0] is None, order.get(w[1], 1)))
        drafts, it = [], iter(pool)
        for emp_id, status in wanted:
            if status in SEAT_HOLDING and seats >= session.quota:
                continue
            if status == S.WAITLISTED and seats < session.quota:
                continue
            if emp_id is None:
                emp_id = next(
                    (e for e in it if status not in SEAT_HOLDING or self.can_take(e, jp, year)),
                    None,
                )
                if emp_id is None:
                    break
            if status in SEAT_HOLDING:
                seats += 1
            if status in (S.COMPLETED, S.NOT_COMPLETED, S.CONFIRMED, S.PENDING_SUPERVISOR,
                          S.PENDING_BKPSDM, S.WAITLISTED):  # fmt: skip
                self.taken.add((emp_id, code))
            if status == S.COMPLETED:
                self.jp_year[emp_id, year] += jp
            drafts.append(self._draft(session, emp_id, status, bool(extra.get("full"))))
        self.stats[f"session state {self._state(session)}"] += 1
        return drafts

    def _state(self, s: TrainingSession) -> str:
        t = self.today
        if s.is_cancelled:
            return "cancelled"
        if s.end_date < t:
            return "finished"
        if s.start_date <= t:
            return "running"
        if s.registration_opens > t:
            return "not yet open"
        if s.registration_closes < t:
            return "registration closed"
        return "open"

    def _draft(self, session: TrainingSession, emp_id: int, status: str, full: bool) -> Draft:
        """One registration and its trail. In a full session every seat was taken (at least
        three days ago) before anyone went on the waiting list, and nobody who had a seat
        cancelled (the list would have moved up)."""
        rng = self.rng
        me, sup = self.user_of(emp_id), self.user_of(self.supervisor(emp_id))
        cap = self.now - dt.timedelta(hours=1)
        last_day = min(session.registration_closes, self.today)
        span = max(0, (last_day - session.registration_opens).days)
        registered = moment(
            session.registration_opens + dt.timedelta(days=rng.randint(0, span)),
            rng.randint(8, 15),
            rng.randint(0, 59),
        )
        if status == S.PENDING_SUPERVISOR:
            registered = max(registered, self.now - dt.timedelta(days=rng.randint(1, 4)))
        if full and status in SEAT_HOLDING:
            cap = self.now - dt.timedelta(days=3)
            registered = min(registered, cap - dt.timedelta(days=4))
        elif full and status == S.WAITLISTED:
            registered = self.now - dt.timedelta(days=3) + dt.timedelta(hours=rng.randint(1, 20))
        registered = min(registered, self.now - dt.timedelta(hours=3))
        reg = stamp(Registration(session=session, employee_id=emp_id, status=status), registered)
        d = Draft(reg)
        approval = session.approval
        nominated = approval == SUP_BKPSDM and rng.random() < 0.2 and status != S.PENDING_SUPERVISOR

        def later(t: dt.datetime, lo: int = 1, hi: int = 3) -> dt.datetime:
            step = dt.timedelta(days=rng.randint(lo, hi), hours=rng.randint(0, 5))
            if full and status == S.WAITLISTED:
                step = dt.timedelta(hours=rng.randint(1, 12))
            return max(t, min(t + step, cap))

        t = registered
        if nominated:
            reg.nominated_by_id = sup
            d.steps.append((A.NOMINATED, sup, t, ""))
        else:
            d.steps.append((A.REGISTERED, me, t, ""))
            reg.motivation = rng.choice(
                ["", "Sesuai rencana pengembangan tahun ini.", "Untuk menutup kesenjangan "
                 "kompetensi hasil asesmen.", "Menunjang tugas di unit kerja."]
            )  # fmt: skip
        if status == S.PENDING_SUPERVISOR:
            return d
        if status == S.REJECTED:
            t = later(t)
            if approval == SUP_BKPSDM and rng.random() < 0.5:
                d.steps.append((A.SUPERVISOR_APPROVED, sup, t, ""))
                d.steps.append((A.REJECTED, self.admin_id, later(t), rng.choice(REJECT_NOTES)))
            else:
                d.steps.append((A.SUPERVISOR_REJECTED, sup, t, rng.choice(REJECT_NOTES)))
            return d
        if approval != NONE and not nominated:
            t = later(t)
            d.steps.append((A.SUPERVISOR_APPROVED, sup, t, ""))
        if status == S.PENDING_BKPSDM:
            return d
        if status == S.CANCELLED and (full or rng.random() < 0.4):
            d.steps.append((A.CANCELLED, me, later(t), rng.choice(CANCEL_NOTES)))
            return d
        if approval == SUP_BKPSDM:
            t = later(t)
        if status == S.WAITLISTED:
            reg.waitlisted_at = t
            d.steps.append((A.WAITLISTED, self.admin_id if approval == SUP_BKPSDM else None,
                            reg.waitlisted_at, ""))  # fmt: skip
            return d
        t = min(t, moment(session.start_date, 7))
        reg.confirmed_at = t
        d.steps.append((A.CONFIRMED, self.admin_id if approval == SUP_BKPSDM else None, t, ""))
        if status == S.CANCELLED:
            if session.is_cancelled:
                note = "Sesi dibatalkan oleh penyelenggara."
                d.steps.append((A.CANCELLED, self.admin_id, later(t), note))
            else:
                d.steps.append((A.CANCELLED, me, later(t), rng.choice(CANCEL_NOTES)))
            return d
        # attendance for the days held so far (working days)
        day, absent = session.start_date, 0
        while day <= min(session.end_date, self.today - dt.timedelta(days=1)):
            if day.weekday() < 5:
                present = rng.random() > (0.35 if status == S.NOT_COMPLETED else 0.02)
                absent += not present
                d.attendance.append((day, present))
            day += dt.timedelta(days=1)
        if status == S.CONFIRMED:
            if session.start_date <= self.today and rng.random() < 0.6:
                reg.pre_test_score = Decimal(rng.randint(35, 75))
            return d
        pre = rng.randint(35, 75)
        reg.pre_test_score = Decimal(pre)
        done = moment(session.end_date, 16)
        if status == S.NOT_COMPLETED:
            reg.score = Decimal(rng.randint(40, 59)) if rng.random() < 0.5 else None
            reg.completed_at = done
            d.steps.append((A.NOT_COMPLETED, self.admin_id, done,
                            "Kehadiran kurang dari 80% atau nilai di bawah batas lulus."))  # fmt: skip
            return d
        reg.post_test_score = Decimal(min(100, pre + rng.randint(8, 35)))
        reg.score = Decimal(f"{rng.uniform(72, 97):.2f}")
        reg.completed_at = done
        d.steps.append((A.COMPLETED, self.admin_id, done, ""))
        if rng.random() < 0.85:
            d.survey = ReactionSurvey(
                content=likert(rng),
                facilitator=likert(rng),
                organisation=likert(rng),
                usefulness=likert(rng),
                comment=rng.choice(SURVEY_COMMENTS),
                submitted_at=done + dt.timedelta(hours=1),
            )
        code = session.programme.code
        if any(self.targets[code].values()) and done < self.now - dt.timedelta(days=21):
            when = later(done, 2, 10)
            reg.completion_confirmed_by_id = sup
            reg.completion_confirmed_at = when
            d.steps.append((A.COMPLETION_CONFIRMED, sup, when, ""))
            d.confirmed_by = sup
            d.raise_levels = self.raise_to_targets(emp_id, code)
        return d

    def _write_drafts(self, drafts: list[Draft], *, credit: bool) -> None:
        for d in drafts:  # the sessions are saved now: take their ids, keep them cached
            d.reg.session = d.reg.session
        # competency raises first: the registrations point at them
        raising = [d for d in drafts if d.raise_levels]
        assessments = []
        for d in raising:
            confirmed = d.reg.completion_confirmed_at
            assert confirmed is not None  # a raise comes with the completion's confirmation
            assessments.append(
                stamp(
                    Assessment(
                        employee_id=d.reg.employee_id,
                        date=confirmed.astimezone(JAKARTA).date(),
                        method=AssessmentMethod.TRAINING,
                        assessor=f"Penyelesaian pelatihan: {d.reg.session.programme.title}"[:200],
                        recorded_by_id=d.confirmed_by,
                    ),
                    confirmed,
                )
            )
        bulk_write(Assessment, assessments)
        bulk_create(
            AssessmentResult,
            (
                AssessmentResult(assessment_id=a.pk, competency_id=cid, level=level)
                for a, d in zip(assessments, raising, strict=True)
                for cid, level in d.raise_levels.items()
            ),
        )
        refresh_current_levels({a.employee_id for a in assessments})
        for a, d in zip(assessments, raising, strict=True):
            d.reg.raised_assessment_id = a.pk
        self.stats["competency raises from training"] += len(assessments)
        for d in drafts:
            item = self.plan_items.get((d.reg.employee_id, d.reg.session.programme.code))
            if item is not None and d.reg.status != S.REJECTED:
                d.reg.plan_item_id = item.pk
        bulk_write(Registration, [d.reg for d in drafts])
        steps: list[RegistrationStep] = []
        attendance: list[Attendance] = []
        surveys: list[ReactionSurvey] = []
        for d in drafts:
            for action, actor, when, note in d.steps:
                steps.append(
                    RegistrationStep(
                        registration_id=d.reg.pk, action=action, actor_id=actor, at=when, note=note
                    )
                )
            attendance.extend(
                Attendance(registration_id=d.reg.pk, date=day, present=p) for day, p in d.attendance
            )
            if d.survey is not None:
                d.survey.registration_id = d.reg.pk
                surveys.append(d.survey)
            self.stats[f"registration {d.reg.status}"] += 1
        bulk_write(RegistrationStep, steps, history=False)
        bulk_write(Attendance, attendance, history=False)
        bulk_write(ReactionSurvey, surveys, history=False)
        if credit:
            names = dict(
                Employee.objects.filter(
                    pk__in={d.reg.employee_id for d in drafts if d.reg.status == S.COMPLETED}
                ).values_list("pk", "name")
            )
            for d in drafts:
                if d.reg.status != S.COMPLETED:
                    continue
                d.reg.employee = Employee(pk=d.reg.employee_id, name=names[d.reg.employee_id])
                # the JP totals of everyone once at the end of seed_learning
                certificate = credit_registration(registration=d.reg, refresh_totals=False)
                if certificate is not None:
                    issued = min(d.reg.session.end_date + dt.timedelta(days=3), self.today)
                    self.backdate.append((certificate.pk, issued))
