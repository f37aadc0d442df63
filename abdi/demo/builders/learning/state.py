"""What the learning demo's steps share: who is who, the catalogue once written, and the
helpers every step uses."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict

from abdi.accounts.models import User
from abdi.demo.builders.competency import CompetencyResult, Staff
from abdi.demo.builders.learning.common import PPPK_MAX_JP, SEED_OFFSET, moment
from abdi.employees.models import Employee
from abdi.learning.models import (
    Choice,
    Course,
    DevelopmentPlanItem,
    Module,
    Programme,
    Provider,
    Question,
    Quiz,
)
from abdi.org.models import OrgUnit, Position


class LearningState:
    """The base of `LearningSeeder` and of its step mixins: every attribute a step reads, and
    the helpers, so each mixin is checked against what the seeder really holds."""

    # Set by `CatalogueSeeding.catalogue` and `elearning_content`, read by the later steps.
    providers: dict[str, Provider]
    programmes: dict[str, Programme]
    targets: dict[str, dict[int, int | None]]  # programme code -> competency id -> level
    courses: dict[str, Course]
    quiz: Quiz
    questions: list[tuple[Question, list[Choice]]]
    modules: dict[str, list[Module]]

    def __init__(
        self, *, seed: int, today: dt.date, users: dict[str, User], comp: CompetencyResult
    ) -> None:
        self.rng = random.Random(seed + SEED_OFFSET)
        self.today = today
        self.now = moment(today, 11)
        self.users = users
        self.comp = comp
        self.admin_id = users["admin"].pk if "admin" in users else None
        self.stats: Counter[str] = Counter()
        self.staff: list[Staff] = comp.staff
        self.by_id: dict[int, Staff] = {s.employee_id: s for s in self.staff}
        self.jp_year: Counter[tuple[int, int]] = Counter()  # (employee, year) → JP credited
        self.taken: set[tuple[int, str]] = set()  # (employee, programme code)
        self.plan_items: dict[tuple[int, str], DevelopmentPlanItem] = {}
        self.backdate: list[tuple[int, dt.date]] = []  # certificate pk → issued on
        self._people()

    # -- who is who -------------------------------------------------------------------------

    def _people(self) -> None:
        self.login_employee = {
            username: emp_id
            for emp_id, username in Employee.objects.filter(
                user__username__in=["pegawai", "atasan"]
            ).values_list("pk", "user__username")
        }
        positions = list(
            Position.objects.values_list("pk", "reports_to_id", "is_unit_head", "kind")
        )
        self.reports_to = {pk: up for pk, up, _h, _k in positions}
        holder: dict[int, int] = {}
        for s in self.staff:
            if s.position_id is not None:
                holder.setdefault(s.position_id, s.employee_id)
        self.holder = holder
        self.opd_units = {
            u.path: u for u in OrgUnit.objects.filter(depth=2).only("pk", "path", "code", "name")
        }
        self.units_by_code = {u.code: u for u in self.opd_units.values()}
        below: dict[int, list[int]] = defaultdict(list)
        for pk, up in self.reports_to.items():
            if up is not None:
                below[up].append(pk)
        atasan = self.login_employee.get("atasan")
        self.atasan_team: list[int] = []
        if atasan is not None:
            root = self.by_id[atasan].position_id
            seen: set[int] = set()
            frontier = [root] if root is not None else []
            while frontier:
                nxt = []
                for p in frontier:
                    for child in below.get(p, []):
                        if child not in seen:
                            seen.add(child)
                            nxt.append(child)
                frontier = nxt
            self.atasan_team = [s.employee_id for s in self.staff if s.position_id in seen]

    def supervisor(self, emp_id: int) -> int | None:
        position = self.by_id[emp_id].position_id
        if position is None:
            return None
        for _step in range(20):
            position = self.reports_to.get(position)
            if position is None:
                return None
            if position in self.holder:
                return self.holder[position]
        return None

    def user_of(self, emp_id: int | None) -> int | None:
        if emp_id is None:
            return self.admin_id
        return self.by_id[emp_id].user_id or self.admin_id

    def opd_of(self, s: Staff) -> str:
        return s.unit_path[:8]

    def can_take(self, emp_id: int, jp: int, year: int) -> bool:
        s = self.by_id[emp_id]
        return s.kind != "pppk" or self.jp_year[emp_id, year] + jp <= PPPK_MAX_JP

    def raise_to_targets(self, emp_id: int, code: str) -> dict[int, int]:
        """The competency levels a completed programme raises the employee to (kept as the
        employee's levels from now on)."""
        mine = self.comp.actual.setdefault(emp_id, {})
        raised = {}
        for cid, level in self.targets[code].items():
            if level and mine.get(cid, 0) < level:
                raised[cid] = level
                mine[cid] = level
        return raised
