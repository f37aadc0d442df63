"""The learning seeder: the order of the steps (who is who, and the helpers, are in `state`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from abdi.accounts.models import User
from abdi.demo.builders.competency import CompetencyResult
from abdi.demo.builders.learning.catalogue import CatalogueSeeding
from abdi.demo.builders.learning.elearning import ElearningSeeding
from abdi.demo.builders.learning.history import HistorySeeding
from abdi.demo.builders.learning.sessions import SessionSeeding
from abdi.learning.models import (
    Certificate,
    JpEntry,
)
from abdi.learning.services_credit import (
    jp_totals_refresh,
)


class LearningSeeder(CatalogueSeeding, SessionSeeding, ElearningSeeding, HistorySeeding):
    # -- run --------------------------------------------------------------------------------

    def run(self) -> Counter[str]:
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


def seed_learning(
    *, seed: int, today: dt.date, users: dict[str, User], comp: CompetencyResult
) -> Counter[str]:
    return LearningSeeder(seed=seed, today=today, users=users, comp=comp).run()


def summary(stats: Counter[str]) -> dict[str, object]:
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
