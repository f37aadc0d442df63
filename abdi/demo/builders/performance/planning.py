"""Planning: the year, who appraises whom, unit predikats, SKP states and the SKP content."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from abdi.demo.builders.performance.common import (
    ADDITIONAL_RHK,
    AGREEMENT_RHK,
    APPRAISER_STATES,
    BATCH,
    EXPECTATIONS,
    HEAD_RHK,
    LEAF_STATES,
    MAX_CHAIN,
    MIDDLE_RHK,
    ORG_PREDIKATS,
    QUALITATIVE_TARGETS,
    QUALITY_INDICATORS,
    QUANTITY_INDICATORS,
    RETURN_NOTES,
    STAFF_RHK,
    TIME_INDICATOR,
    Chain,
    IndicatorRef,
    Person,
    ResultRef,
    moment,
    pick,
)
from abdi.demo.builders.performance.state import BuilderState
from abdi.employees.models import Employee
from abdi.org.models import OrgUnit, Position
from abdi.performance import selectors, services
from abdi.performance.choices import (
    Approach,
    IndicatorAspect,
    PeriodKind,
    SKPAction,
    SKPStatus,
    WorkResultKind,
)
from abdi.performance.models import (
    SKP,
    BehaviourExpectation,
    BehaviourValue,
    Indicator,
    OrgUnitPredikat,
    PerformancePeriod,
    PerformanceYear,
    SKPEvent,
    WorkResult,
)


class PlanningSteps(BuilderState):
    """Mixin of `Builder`: the year, the people, the SKPs and their content."""

    def open_year(self) -> None:
        py = PerformanceYear.objects.filter(year=self.year).first()
        if py is None:
            py = services.performance_year_open(
                actor=self.admin,
                year=self.year,
                cadence="quarterly",
                skp_deadline=dt.date(self.year, 1, 31),
                refresh_counts=False,  # seed_demo refreshes every unit once at its end
            )
        self.py = py
        periods = list(py.periods.order_by("start", "kind"))
        self.annual = next(p for p in periods if p.kind == PeriodKind.YEAR)
        self.quarters = [p for p in periods if p.kind != PeriodKind.YEAR]
        self.past = [p for p in self.quarters if p.end < self.today]
        self.current = next((p for p in self.quarters if p.start <= self.today <= p.end), None)
        # Quarters whose evaluation deadline passed long ago are closed for realisations.
        closed = [p.pk for p in self.past if p.evaluation_due + dt.timedelta(30) < self.today]
        PerformancePeriod.objects.filter(pk__in=closed).update(is_closed=True)
        self.matrix = selectors.predikat_matrix(dt.date(self.year, 6, 30))
        self.head_mapping = selectors.head_rating_mapping(dt.date(self.year, 6, 30))
        self.values = list(BehaviourValue.objects.order_by("order"))

    def people(self) -> None:
        on = services.date_in_year(self.year, self.today)
        chain = Chain(on)
        heads = set(Position.objects.filter(is_unit_head=True).values_list("pk", flat=True))
        self.people_by_id = {}
        for pk, name, user_id, position_id, unit_id in (
            Employee.objects.filter(is_active=True)
            .order_by("nip")
            .values_list("pk", "name", "user_id", "position_id", "org_unit_id")
        ):
            self.people_by_id[pk] = Person(
                pk, name, user_id, position_id, unit_id, position_id in heads
            )
        for person in self.people_by_id.values():
            person.position_id = chain.position_of(person)
            person.is_head = person.position_id in heads
            person.appraiser, person.superior = chain.derive(person, self.people_by_id)

        def level(person: Person, depth: int = 0) -> int:
            if person.appraiser is None or depth > MAX_CHAIN:
                return 0
            boss = self.people_by_id.get(person.appraiser)
            return 0 if boss is None else 1 + level(boss, depth + 1)

        for person in self.people_by_id.values():
            person.level = level(person)
        self.appraisers = {p.appraiser for p in self.people_by_id.values() if p.appraiser}
        self.units = dict(OrgUnit.objects.values_list("pk", "name"))
        self.unit_paths = dict(OrgUnit.objects.values_list("pk", "path"))

    def org_predikat(self) -> None:
        """Every unit with a head, and the province itself, for the past quarters and the year."""
        head_units = set(
            Position.objects.filter(is_unit_head=True, is_active=True).values_list(
                "org_unit_id", flat=True
            )
        )
        root_ids = set(OrgUnit.objects.filter(depth=1).values_list("pk", flat=True))
        rows, self.org = [], {}
        for unit_id in sorted(head_units | root_ids):
            base = pick(self.rng, ORG_PREDIKATS)
            for period in [*self.past, self.annual]:
                predikat = base if self.rng.random() < 0.8 else pick(self.rng, ORG_PREDIKATS)
                self.org[(unit_id, period.pk)] = predikat
                rows.append(
                    OrgUnitPredikat(
                        org_unit_id=unit_id,
                        period=period,
                        predikat=predikat,
                        basis="Hasil evaluasi SAKIP dan capaian indikator kinerja utama"
                        if period.kind == PeriodKind.YEAR
                        else f"Capaian indikator kinerja utama {period.code}",
                        recorded_by=self.admin,
                    )
                )
        self.create(OrgUnitPredikat, rows)

    def plan_states(self) -> None:
        """The state of each SKP, top-down: a main RHK can only support an approved SKP's RHK, so
        below an appraiser whose SKP is not approved the SKP is at most a fresh draft."""
        self.state = {}
        ordered = sorted(self.people_by_id.values(), key=lambda p: (p.level, p.employee_id))
        self.ordered = ordered
        demo = {u.employee.pk: name for name, u in self.demo_people().items()}
        keep_approved = set()
        for emp_id in demo:  # the demo logins and the chain above them are approved
            person = self.people_by_id.get(emp_id)
            while person is not None and person.employee_id not in keep_approved:
                keep_approved.add(person.employee_id)
                person = self.people_by_id.get(person.appraiser) if person.appraiser else None
        for person in ordered:
            boss_state = self.state.get(person.appraiser) if person.appraiser else "top"
            if person.employee_id in keep_approved:
                state = SKPStatus.APPROVED
            elif person.employee_id in self.appraisers:
                state = pick(self.rng, APPRAISER_STATES)
            else:
                state = pick(self.rng, LEAF_STATES)
            if boss_state not in ("top", SKPStatus.APPROVED) and state is not None:
                state = SKPStatus.DRAFT  # nothing to cascade from yet
            self.state[person.employee_id] = state
        # The supervisor login sees work waiting: one SKP to decide and one returned.
        atasan = self.demo_people().get("atasan")
        if atasan is not None:
            team = [
                p
                for p in ordered
                if p.appraiser == atasan.employee.pk and p.employee_id not in keep_approved
            ]
            for person, state in zip(team, (SKPStatus.SUBMITTED, SKPStatus.RETURNED), strict=False):
                if person.employee_id not in self.appraisers:
                    self.state[person.employee_id] = state

    def write_skps(self) -> None:
        skps = []
        self.skp_of = {}
        self.skp_created = {}
        start = dt.date(self.year, 1, 2)
        for person in self.ordered:
            state = self.state[person.employee_id]
            if state is None:
                continue
            created = self.day_between(start, dt.date(self.year, 1, 20))
            skp = SKP(
                employee_id=person.employee_id,
                performance_year=self.py,
                version=1,
                status=state,
                approach=Approach.QUALITATIVE
                if self.rng.random() < 0.08
                else Approach.QUANTITATIVE,
                position_id=person.position_id,
                org_unit_id=person.unit_id,
                appraiser_id=person.appraiser,
                appraiser_superior_id=person.superior,
                from_performance_agreement=person.appraiser is None,
            )
            self.skp_created[person.employee_id] = created
            if state != SKPStatus.DRAFT:
                submitted = moment(self.day_between(created, created + dt.timedelta(12)), 10, 15)
                skp.submitted_at = submitted
                if state == SKPStatus.APPROVED:
                    skp.approved_at = moment(
                        self.day_between(
                            submitted.date() + dt.timedelta(1),
                            submitted.date() + dt.timedelta(14),
                        ),
                        14,
                        30,
                    )
                    boss = self.people_by_id.get(person.appraiser) if person.appraiser else None
                    skp.approved_by_id = self.actor_id(boss)
            skps.append(skp)
            self.stats.skps[state] += 1
        for skp in skps:
            self._stamp(skp, moment(self.skp_created[skp.employee_id], 8))
        self.create(SKP, skps)
        for skp in skps:
            self.skp_of[skp.employee_id] = skp

    @staticmethod
    def _stamp(obj, when: dt.datetime):
        obj.created_at = obj.updated_at = when
        return obj

    def write_content(self) -> None:
        """RHK level by level (the cascade needs the appraiser's RHK ids), then per chunk of
        SKPs their indicators, expectations and workflow events. Only references are kept: the
        main RHK of every appraiser (for the cascade) and of every SKP (for the execution)."""
        # employee id -> main RHK ids (an appraiser's, for the cascade); SKP id -> main RHK refs
        self.main_results = {}
        self.results = defaultdict(list)
        self.indicators = defaultdict(list)
        by_level: dict[int, list[Person]] = defaultdict(list)
        for person in self.ordered:
            if person.employee_id in self.skp_of:
                by_level[person.level].append(person)
        every: dict[int, list[int]] = defaultdict(list)  # SKP id -> all its RHK ids, in order
        for level in sorted(by_level):
            people = by_level[level]
            for start in range(0, len(people), BATCH):
                rows, owners = [], []
                for person in people[start : start + BATCH]:
                    made = self._work_results(person)
                    rows.extend(made)
                    owners.extend([person.employee_id] * len(made))
                keys = self.insert(WorkResult, rows)
                for key, wr, owner in zip(keys, rows, owners, strict=True):
                    every[wr["skp_id"]].append(key)
                    if wr["kind"] == WorkResultKind.MAIN:
                        self.results[wr["skp_id"]].append(ResultRef(key, wr["title"]))
                        if owner in self.appraisers:
                            self.main_results.setdefault(owner, []).append(key)
        # Written per chunk of SKPs; only what the realisations need is kept of each indicator.
        skps = list(self.skp_of.values())
        for start in range(0, len(skps), BATCH):
            indicators, of_skp = [], []
            for skp in skps[start : start + BATCH]:
                for wr_id in every.pop(skp.pk, []):
                    made = self._indicators(skp, wr_id)
                    indicators.extend(made)
                    of_skp.extend([skp.pk] * len(made))
            keys = self.insert(Indicator, indicators)
            for key, ind, skp_id in zip(keys, indicators, of_skp, strict=True):
                self.indicators[skp_id].append(
                    IndicatorRef(key, ind.get("target_value"), ind.get("target_unit", ""))
                )
        people = [p for p in self.ordered if p.employee_id in self.skp_of]
        for start in range(0, len(people), BATCH):
            expectations, events = [], []
            for person in people[start : start + BATCH]:
                skp = self.skp_of[person.employee_id]
                boss = self.people_by_id.get(person.appraiser) if person.appraiser else None
                writer = self.actor_id(boss)
                complete = skp.status != SKPStatus.DRAFT or self.rng.random() < 0.5
                if complete:
                    unit = self.units.get(person.unit_id, "")
                    for value in self.values:
                        text = EXPECTATIONS.get(value.code, "Menunjukkan perilaku {unit}.")
                        expectations.append(
                            {
                                "skp_id": skp.pk,
                                "behaviour_value_id": value.pk,
                                "expectation": text.format(unit=unit),
                                "written_by_id": writer,
                            }
                        )
                events.extend(self._events(person, skp, writer))
            self.insert(BehaviourExpectation, expectations)
            self.insert(SKPEvent, events)

    def _work_results(self, person: Person) -> list[dict]:
        skp = self.skp_of[person.employee_id]
        unit = self.units.get(person.unit_id, "")
        boss_results = self.main_results.get(person.appraiser, []) if person.appraiser else []
        if skp.status == SKPStatus.DRAFT and person.appraiser and not boss_results:
            return []  # a fresh draft: the appraiser's SKP is not approved yet
        if skp.status == SKPStatus.DRAFT and self.rng.random() < 0.3:
            count = 1  # still being written
        else:
            count = 3 if person.employee_id in self.appraisers else self.rng.choice((2, 2, 3))
        if person.appraiser is None:
            titles = AGREEMENT_RHK[:count]
        else:
            pool = (
                HEAD_RHK
                if person.level == 1
                else MIDDLE_RHK
                if person.employee_id in self.appraisers
                else STAFF_RHK
            )
            titles = [t.format(unit=unit) for t in self.rng.sample(pool, min(count, len(pool)))]
        rows = []
        for n, title in enumerate(titles, start=1):
            rows.append(
                {
                    "skp_id": skp.pk,
                    "kind": WorkResultKind.MAIN,
                    "title": title[:500],
                    "supports_id": boss_results[(n - 1) % len(boss_results)]
                    if boss_results
                    else None,
                    "order": n,
                }
            )
        if self.rng.random() < 0.2 and skp.status != SKPStatus.DRAFT:
            rows.append(
                {
                    "skp_id": skp.pk,
                    "kind": WorkResultKind.ADDITIONAL,
                    "title": self.rng.choice(ADDITIONAL_RHK),
                    "order": len(rows) + 1,
                }
            )
        return rows

    def _indicators(self, skp: SKP, wr: int) -> list[dict]:
        rows = []
        if skp.approach == Approach.QUALITATIVE:
            rows.append(
                {
                    "work_result_id": wr,
                    "aspect": IndicatorAspect.QUALITY,
                    "description": "Mutu hasil kerja",
                    "target_description": self.rng.choice(QUALITATIVE_TARGETS),
                }
            )
        else:
            desc, target, unit = self.rng.choice(QUANTITY_INDICATORS)
            rows.append(
                {
                    "work_result_id": wr,
                    "aspect": IndicatorAspect.QUANTITY,
                    "description": desc,
                    "target_value": Decimal(target),
                    "target_unit": unit,
                }
            )
            desc, target, unit = (
                self.rng.choice(QUALITY_INDICATORS) if self.rng.random() < 0.4 else TIME_INDICATOR
            )
            rows.append(
                {
                    "work_result_id": wr,
                    "aspect": IndicatorAspect.QUALITY if unit != "bulan" else IndicatorAspect.TIME,
                    "description": desc,
                    "target_value": Decimal(target),
                    "target_unit": unit,
                }
            )
        return rows

    def _events(self, person: Person, skp: SKP, approver: int) -> list[dict]:
        owner = self.actor_id(person)
        created = moment(self.skp_created[skp.employee_id], 8, 30)

        def event(action: str, actor: int, when: dt.datetime, note: str = "") -> dict:
            return {
                "skp_id": skp.pk,
                "action": action,
                "actor_id": actor,
                "note": note,
                "created_at": when,
            }

        events = [event(SKPAction.CREATE, owner, created)]
        if skp.status == SKPStatus.DRAFT:
            return events
        submitted = skp.submitted_at
        assert submitted is not None  # set on every SKP past its draft (`write_skps`)
        if skp.status == SKPStatus.RETURNED or (
            skp.status == SKPStatus.APPROVED and self.rng.random() < 0.15
        ):
            first = submitted - dt.timedelta(days=3)
            note = self.rng.choice(RETURN_NOTES)
            events += [
                event(SKPAction.SUBMIT, owner, first),
                event(SKPAction.RETURN, approver, first + dt.timedelta(days=1, hours=3), note),
            ]
            if skp.status == SKPStatus.RETURNED:
                return events
        events.append(event(SKPAction.SUBMIT, owner, submitted))
        if skp.status == SKPStatus.APPROVED:
            # Both set on every approved SKP (`write_skps`).
            assert skp.approved_by_id is not None and skp.approved_at is not None
            events.append(event(SKPAction.APPROVE, skp.approved_by_id, skp.approved_at))
        return events
