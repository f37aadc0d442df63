"""The learning seeder: who is who, and the order of the steps."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict

from abdi.demo.builders.competency import CompetencyResult, Staff
from abdi.demo.builders.learning.catalogue import CatalogueSeeding
from abdi.demo.builders.learning.common import (
    PPPK_MAX_JP,
    SEED_OFFSET,
    moment,
)
from abdi.demo.builders.learning.elearning import ElearningSeeding
from abdi.demo.builders.learning.history import HistorySeeding
from abdi.demo.builders.learning.sessions import SessionSeeding
from abdi.employees.models import Employee
from abdi.learning.models import (
    Certificate,
    DevelopmentPlanItem,
    JpEntry,
)
from abdi.learning.services_credit import (
    jp_totals_refresh,
)
from abdi.org.models import OrgUnit, Position


class LearningSeeder(CatalogueSeeding, SessionSeeding, ElearningSeeding, HistorySeeding):
    def __init__(self, *, seed: int, today: dt.date, users: dict, comp: CompetencyResult):
        self.rng = random.Random(seed + SEED_OFFSET)
        self.today = today
        self.now = moment(today, 11)
        self.users = users
        self.comp = comp
        self.admin_id = users["admin"].pk if "admin" in users else None
        self.stats: Counter = Counter()
        self.staff: list[Staff] = comp.staff
        self.by_id: dict[int, Staff] = {s.employee_id: s for s in self.staff}
        self.jp_year: Counter = Counter()  # (employee, year) → JP credited
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
            seen, frontier = set(), [root]
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

    # -- run --------------------------------------------------------------------------------

    def run(self) -> Counter:
        self.catalogue()
        self.elearning_content()
        self.plans()
        self.catalogue_sessions()
        self.elearning_enrolments()
        self.externals()
        self.mass_history()
        self._backdate_certificates()
        jp_totals_refresh()  # the bulk JP lines above bypass the credit services
        self.stats["JP lines"] = JpEntry.objects.count()
        self.stats["certificates"] = Certificate.objects.count()
        return self.stats


def seed_learning(*, seed: int, today: dt.date, users: dict, comp: CompetencyResult) -> Counter:
    return LearningSeeder(seed=seed, today=today, users=users, comp=comp).run()


def summary(stats: Counter) -> dict:
    states = ", ".join(
        f"{k.removeprefix('session state ')} {v}"
        for k, v in sorted(stats.items())
        if k.startswith("session state ")
    )
    regs = ", ".join(
        f"{k.removeprefix('registration ')} {v}"
        for k, v in sorted(stats.items())
        if k.startswith("registration ")
    )
    return {
        "training programmes": stats["programmes"],
        "catalogue sessions": f"{stats['catalogue sessions']} ({states})",
        "in-house/webinar sessions": stats["in-house and webinar sessions"],
        "registrations": regs,
        "e-learning (course with quiz)": ", ".join(
            f"{k.removeprefix('e-learning ')} {v}"
            for k, v in sorted(stats.items())
            if k.startswith("e-learning ") and "(" not in k
        ),
        "e-learning completions": stats["e-learning completions (province)"],
        "development plans": f"{stats['development plans']} ({stats['plan items']} items)",
        "JP lines / certificates": f"{stats['JP lines']} / {stats['certificates']}",
    }
