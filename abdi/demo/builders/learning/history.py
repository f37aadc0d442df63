"""The province's JP history, written in bulk, and the back-dated certificates."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from decimal import Decimal

from abdi.demo.builders.bulk import bulk_create, bulk_create_with_history, update_rows
from abdi.demo.builders.fastinsert import fast_insert, reserve_ids
from abdi.demo.builders.learning.common import (
    BATCH,
    HISTORY_REASON,
    IN_HOUSE,
    IN_HOUSE_JP,
    MASS_ELEARNING,
    NONE,
    PLACES,
    PPPK_MAX_JP,
    SUP_BKPSDM,
    S,
    kept_timestamps,
    moment,
    pick,
    random_code,
    stamp,
)
from abdi.demo.builders.learning.state import LearningState
from abdi.employees.models import Employee
from abdi.learning.choices import (
    JpSource,
)
from abdi.learning.models import (
    Certificate,
    Enrolment,
    JpEntry,
    ModuleProgress,
    Programme,
    Registration,
    TrainingSession,
)
from abdi.learning.services_credit import (
    certificate_number,
)
from abdi.org.models import OrgUnit

# A certificate to write: (employee, programme, completed on, source field, source id).
CertificatePlan = tuple[int, Programme, dt.date, str, int]


class HistorySeeding(LearningState):
    """Mixin of `LearningSeeder`: the carried-over JP history of the province."""

    # -- the province's JP history, in bulk -------------------------------------------------

    def mass_history(self) -> None:
        rng, today = self.rng, self.today
        years = [today.year - 1, today.year]
        elapsed = (today - dt.date(today.year, 1, 1)).days / 365
        in_house: dict[tuple[str, int], list[int]] = {}  # (opd path, year) → [employee ids]
        webinar: dict[tuple[int, int], list[int]] = defaultdict(list)  # (year, month) → [ids]
        elearn: dict[str, list[tuple[int, dt.date]]] = defaultdict(list)  # code → [(id, date)]
        months = {
            years[0]: list(range(1, 13)),
            years[1]: [m for m in range(1, 13) if dt.date(years[1], m, 15) < today],
        }
        ihts = {y: (dt.date(y, 2, 1), min(dt.date(y, 11, 30), today - dt.timedelta(days=14)))
                for y in years}  # fmt: skip
        el_jp = {c: self.programmes[c].jp for c in MASS_ELEARNING}
        table = [(0, 0.1), (1, 0.28), (2, 0.5), (3, 0.12)]
        pegawai = self.login_employee.get("pegawai")
        for s in self.staff:
            done_el: set[str] = set()
            for year in years:
                band = pick(rng, table)
                want = [0, rng.randint(4, 19), rng.randint(20, 40), rng.randint(41, 72)][band]
                if year == today.year:  # the year is not over: part of it is still to come
                    want = round(want * min(1.0, elapsed * rng.uniform(0.8, 1.5)))
                    if s.employee_id == pegawai:
                        want = 0  # the demo employee is below the 20-JP target
                cap = PPPK_MAX_JP if s.kind == "pppk" else 10_000
                have = self.jp_year[s.employee_id, year]
                start, end = ihts[year]
                used_iht, used_months = False, set()
                for _guard in range(12):
                    left = min(want, cap) - have
                    if left <= 0:
                        break
                    options = []
                    if not used_iht and start < end and cap - have >= IN_HOUSE_JP and left >= 18:
                        options.append("iht")
                    fits = [c for c in MASS_ELEARNING
                            if c not in done_el and el_jp[c] <= min(cap - have, left + 4)]  # fmt: skip
                    if fits:
                        options.append("el")
                    free = [m for m in months[year] if m not in used_months]
                    if free and cap - have >= 3 and (left <= 8 or not options):
                        options.append("web")  # the webinar tops up what is left
                    if not options:
                        break
                    choice = options[0] if options[0] == "iht" and rng.random() < 0.7 else (
                        rng.choice(options))  # fmt: skip
                    if choice == "iht":
                        used_iht = True
                        in_house.setdefault((self.opd_of(s), year), []).append(s.employee_id)
                        have += IN_HOUSE_JP
                    elif choice == "el":
                        code = rng.choice(fits)
                        done_el.add(code)
                        last = min(dt.date(year, 12, 28), today - dt.timedelta(days=1))
                        day = min(last, dt.date(year, 1, 5) + dt.timedelta(
                            days=rng.randint(0, max(0, (last - dt.date(year, 1, 5)).days))
                        ))  # fmt: skip
                        elearn[code].append((s.employee_id, day))
                        have += el_jp[code]
                    else:
                        month = rng.choice(free)
                        used_months.add(month)
                        webinar[year, month].append(s.employee_id)
                        have += 3
                self.jp_year[s.employee_id, year] = have
        self._mass_sessions(in_house, webinar, ihts)
        self._mass_elearning(elearn)

    def _mass_sessions(
        self,
        in_house: dict[tuple[str, int], list[int]],
        webinar: dict[tuple[int, int], list[int]],
        ihts: dict[int, tuple[dt.date, dt.date]],
    ) -> None:
        rng = self.rng
        sessions: list[TrainingSession] = []
        regs: list[tuple[TrainingSession, int]] = []
        eligible: list[tuple[TrainingSession, OrgUnit]] = []  # the in-house sessions' OPD
        for (opd_path, year), people in sorted(in_house.items()):
            unit = self.opd_units.get(opd_path)
            fld = self.by_id[people[0]].field
            programme = self.programmes[IN_HOUSE[fld][0]]
            start, end = ihts[year]
            for k in range(0, len(people), 40):
                batch = people[k : k + 40]
                day = start + dt.timedelta(days=rng.randint(0, (end - start).days))
                while day.weekday() > 2:  # Monday–Wednesday start, three days
                    day -= dt.timedelta(days=1)
                session = TrainingSession(
                    programme=programme,
                    name=f"Angkatan {k // 40 + 1} {unit.code if unit else ''} {year}".strip(),
                    start_date=day,
                    end_date=day + dt.timedelta(days=2),
                    location=f"Aula {unit.name}" if unit else PLACES[0],
                    quota=5 * math.ceil(len(batch) / 5),
                    registration_opens=day - dt.timedelta(days=30),
                    registration_closes=day - dt.timedelta(days=10),
                    contact="Subbagian Umum dan Kepegawaian",
                    approval=SUP_BKPSDM,
                )
                if unit:
                    eligible.append((session, unit))
                sessions.append(stamp(session, moment(day - dt.timedelta(days=37))))
                regs.extend((session, e) for e in batch)
        for (year, month), people in sorted(webinar.items()):
            day = dt.date(year, month, 15)
            while day.weekday() > 3:  # Monday–Thursday, never later than the 15th
                day -= dt.timedelta(days=1)
            session = TrainingSession(
                programme=self.programmes["WEB-ASN"],
                name=f"Seri {month:02d}/{year}",
                start_date=day,
                end_date=day,
                is_online=True,
                online_url="https://zoom.us/j/0000000000",
                quota=max(500, 100 * math.ceil(len(people) / 100)),
                registration_opens=day - dt.timedelta(days=14),
                registration_closes=day - dt.timedelta(days=1),
                contact="Seksi Diklat BKPSDM",
                approval=NONE,
            )
            sessions.append(stamp(session, moment(day - dt.timedelta(days=20))))
            regs.extend((session, e) for e in people)
        # next month's webinar: open, no approval needed, a few already in
        nxt = (self.today.replace(day=1) + dt.timedelta(days=32)).replace(day=15)
        upcoming = TrainingSession(
            programme=self.programmes["WEB-ASN"],
            name=f"Seri {nxt.month:02d}/{nxt.year}",
            start_date=nxt,
            end_date=nxt,
            is_online=True,
            online_url="https://zoom.us/j/0000000000",
            quota=500,
            registration_opens=self.today - dt.timedelta(days=3),
            registration_closes=nxt - dt.timedelta(days=1),
            contact="Seksi Diklat BKPSDM",
            approval=NONE,
        )
        sessions.append(stamp(upcoming, self.now - dt.timedelta(days=5)))
        with kept_timestamps(TrainingSession):
            bulk_create_with_history(
                sessions, TrainingSession, batch_size=BATCH, default_change_reason=HISTORY_REASON
            )
        through = TrainingSession.eligible_units.through
        bulk_create(
            through,
            (through(trainingsession_id=s.pk, orgunit_id=u.pk) for s, u in eligible),
            batch_size=BATCH,
        )
        self.stats["in-house and webinar sessions"] = len(sessions)
        upcoming_people = rng.sample([s.employee_id for s in self.staff], min(12, len(self.staff)))
        ids = iter(reserve_ids(Registration, len(regs) + len(upcoming_people)))
        rows: list[dict[str, object]] = []
        lines: list[dict[str, object]] = []
        certs: list[CertificatePlan] = []
        for session, emp_id in regs:
            pk, day, programme = next(ids), session.end_date, session.programme
            rows.append(
                {
                    "id": pk,
                    "created_at": moment(session.registration_opens + dt.timedelta(days=2), 9),
                    "updated_at": moment(day, 16),
                    "session_id": session.pk,
                    "employee_id": emp_id,
                    "status": S.COMPLETED,
                    "confirmed_at": moment(session.registration_closes, 10),
                    "completed_at": moment(day, 16),
                    "score": Decimal(rng.randint(70, 95)),
                }
            )
            lines.append(
                {
                    "employee_id": emp_id,
                    "year": day.year,
                    "date": day,
                    "jp": programme.jp,
                    "source": JpSource.TRAINING,
                    "title": programme.title,
                    "registration_id": pk,
                }
            )
            if programme.gives_certificate:
                certs.append((emp_id, programme, day, "registration_id", pk))
        yesterday = self.now - dt.timedelta(days=1)
        for emp_id in upcoming_people:
            rows.append(
                {
                    "id": next(ids),
                    "created_at": yesterday,
                    "updated_at": yesterday,
                    "session_id": upcoming.pk,
                    "employee_id": emp_id,
                    "status": S.CONFIRMED,
                    "confirmed_at": yesterday,
                }
            )
        fast_insert(Registration, rows, with_ids=True)  # carried-over history: see the docstring
        self.stats["registration completed"] += len(regs)
        self.stats["registration confirmed"] += len(upcoming_people)
        fast_insert(JpEntry, lines)
        self._mass_certificates(certs)

    def _mass_elearning(self, elearn: dict[str, list[tuple[int, dt.date]]]) -> None:
        rng = self.rng
        # (code, employee, completed day or None, created at, completed at)
        planned: list[tuple[str, int, dt.date | None, dt.datetime, dt.datetime | None]] = []
        seen: set[tuple[int, str]] = set()
        for code, people in elearn.items():
            for emp_id, completed_on in people:
                done_at = moment(completed_on, rng.randint(9, 21), rng.randint(0, 59))
                planned.append(
                    (
                        code,
                        emp_id,
                        completed_on,
                        done_at - dt.timedelta(days=rng.randint(1, 10)),
                        done_at,
                    )
                )
                seen.add((emp_id, code))
        # and a few started this year, not finished
        pool = [s.employee_id for s in self.staff]
        for emp_id in rng.sample(pool, len(pool) // 20):
            code = rng.choice(MASS_ELEARNING)
            if (emp_id, code) not in seen:
                seen.add((emp_id, code))
                started = self.now - dt.timedelta(days=rng.randint(1, 30))
                planned.append((code, emp_id, None, started, None))
        ids = iter(reserve_ids(Enrolment, len(planned)))
        enrolments: list[dict[str, object]] = []
        progress: list[dict[str, object]] = []
        lines: list[dict[str, object]] = []
        certs: list[CertificatePlan] = []
        for code, emp_id, day, created, done in planned:
            pk, modules = next(ids), self.modules[code]
            reached = modules if day else modules[:1]
            enrolments.append(
                {
                    "id": pk,
                    "created_at": created,
                    "updated_at": done or created,
                    "course_id": self.courses[code].pk,
                    "employee_id": emp_id,
                    "last_module_id": reached[-1].pk,
                    "completed_at": done,
                }
            )
            progress.extend(
                {"enrolment_id": pk, "module_id": m.pk, "completed_at": done or created}
                for m in reached
            )
            if day is None:
                continue
            programme = self.programmes[code]
            lines.append(
                {
                    "employee_id": emp_id,
                    "year": day.year,
                    "date": day,
                    "jp": programme.jp,
                    "source": JpSource.ELEARNING,
                    "title": programme.title,
                    "enrolment_id": pk,
                }
            )
            if programme.gives_certificate:
                certs.append((emp_id, programme, day, "enrolment_id", pk))
        fast_insert(Enrolment, enrolments, with_ids=True)
        fast_insert(ModuleProgress, progress)
        fast_insert(JpEntry, lines)
        self._mass_certificates(certs)
        self.stats["e-learning completions (province)"] = len(lines)

    def _mass_certificates(self, certs: list[CertificatePlan]) -> None:
        """Certificates as the credit core writes them (snapshots, its own number format), with
        their primary keys reserved here so that the number is known before the insert."""
        if not certs:
            return
        names: dict[int, str] = {}
        people = list({c[0] for c in certs})
        for k in range(0, len(people), 5000):
            names.update(
                Employee.objects.filter(pk__in=people[k : k + 5000]).values_list("pk", "name")
            )
        rows = []
        for pk, (emp_id, programme, day, source, source_id) in zip(
            reserve_ids(Certificate, len(certs)), certs, strict=True
        ):
            issued = min(day + dt.timedelta(days=3), self.today)
            at = moment(issued, 10)
            rows.append(
                {
                    "id": pk,
                    "created_at": at,
                    "updated_at": at,
                    "code": random_code(self.rng),
                    "number": certificate_number(pk=pk, issued_on=issued),
                    "employee_id": emp_id,
                    source: source_id,
                    "programme_id": programme.pk,
                    "employee_name": names[emp_id],
                    "programme_title": programme.title,
                    "jp": programme.jp,
                    "completed_on": day,
                    "issued_on": issued,
                }
            )
        fast_insert(Certificate, rows, with_ids=True)

    def _backdate_certificates(self) -> None:
        """Certificates the credit core issued today for completions the demo dates earlier:
        issued a few days after the completion, the number re-derived for that date."""
        if not self.backdate:
            return
        certificates = Certificate.objects.in_bulk([pk for pk, _d in self.backdate])
        rows = []
        for pk, issued in self.backdate:
            cert = certificates[pk]
            cert.issued_on = issued
            cert.number = certificate_number(pk=cert.pk, issued_on=issued)
            cert.created_at = cert.updated_at = moment(issued, 10)
            rows.append(cert)
        with kept_timestamps(Certificate):
            update_rows(Certificate, rows, ["issued_on", "number", "created_at", "updated_at"])
        by_pk = {cert.pk: cert for cert in rows}  # the history says the same
        history = list(Certificate.history.filter(id__in=by_pk))
        for record in history:
            record.issued_on, record.number = by_pk[record.id].issued_on, by_pk[record.id].number
        update_rows(Certificate.history.model, history, ["issued_on", "number"])
