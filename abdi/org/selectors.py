from __future__ import annotations

from django.db.models import Count, Q

from abdi.org.models import OrgUnit


def org_tree_rows(*, include_closed: bool = False) -> list[dict]:
    """Every unit in tree order with its own and its subtree's active headcount (two queries)."""
    units = OrgUnit.objects.order_by("path")
    if not include_closed:
        units = units.filter(is_active=True)
    rows = list(
        units.annotate(own=Count("employees", filter=Q(employees__is_active=True))).values(
            "id", "path", "depth", "code", "name", "kind", "is_active", "own"
        )
    )
    totals = {r["path"]: r["own"] for r in rows}
    for r in rows:
        for depth in range(1, r["depth"]):
            ancestor = r["path"][: depth * OrgUnit.steplen]
            if ancestor in totals:
                totals[ancestor] += r["own"]
    for r in rows:
        r["total"] = totals[r["path"]]
    return rows
