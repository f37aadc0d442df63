#!/usr/bin/env python
"""EXPLAIN (ANALYZE, BUFFERS) of the due lists (issue 10, ADR 0065) on a seeded PostgreSQL
database: for every kind, agency-wide (admin) and for the largest OPD, the first page's query and
the paginator's COUNT, exactly as `DueList` builds them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> .venv/bin/python bench/careers_due_explain.py [kind …]

Prints each plan and a summary line (planning and execution ms)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from abdi.accounts.models import User  # noqa: E402
from abdi.careers.forms.proposals import default_period  # noqa: E402
from abdi.careers.selectors import DueList  # noqa: E402
from abdi.employees.models import Employee  # noqa: E402
from abdi.org.models import OrgUnit  # noqa: E402

KINDS = tuple(sys.argv[1:]) or ("kp", "kgb", "bup", "satyalancana")


def captured(run) -> list[tuple[str, tuple]]:
    """The (sql, params) of the queries `run()` sends, as Django sends them."""
    seen: list[tuple[str, tuple]] = []

    def wrapper(execute, sql, params, many, context):
        seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        run()
    return seen


def explain(sql: str, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def largest_opd() -> OrgUnit:
    sizes: dict[str, int] = {}
    for row in (
        Employee.objects.filter(is_active=True)
        .values("org_unit__path")
        .order_by()
        .annotate(n=Count("pk"))
    ):
        sizes[row["org_unit__path"][:8]] = sizes.get(row["org_unit__path"][:8], 0) + row["n"]
    return OrgUnit.objects.get(path=max(sizes, key=sizes.get))


def main() -> None:
    admin = User.objects.get(username="admin")
    operator = User.objects.get(username="operator.dinkes")
    unit = largest_opd()
    for kind in KINDS:
        start, end = default_period(kind)
        for label, user, scope in (
            ("agency", admin, None),
            ("largest OPD", admin, unit),
            ("operator Dinkes", operator, None),
        ):
            due = DueList(kind=kind, period_start=start, period_end=end, user=user, unit=scope)
            page = captured(lambda due=due: list(due.queryset[:50]))[-1]
            count = captured(lambda due=due: due.count_queryset.count())[-1]
            for part, (sql, params) in (("page", page), ("count", count)):
                plan = explain(sql, params)
                planning = re.search(r"Planning Time: ([\d.]+)", plan)
                execution = re.search(r"Execution Time: ([\d.]+)", plan)
                print(f"==== {kind} {label} {part}: planning {planning and planning[1]} ms, "
                      f"execution {execution and execution[1]} ms")  # fmt: skip
                print(plan)


if __name__ == "__main__":
    main()
