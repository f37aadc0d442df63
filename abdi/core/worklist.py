"""The shapes the home page and the "Tugas saya" page are built from. Each app owns the
selectors that fill them (`<app>/selectors/home.py`); config/home.py composes them per user.

- `WorkItem`: one kind of thing waiting for the user (SKPs to approve, complaints to verify...),
  with its count, how many are overdue, and the page where they are acted on. `entries` holds the
  first few of them for the "Tugas saya" page (only when asked for: the home page needs counts).
- `Figure`: one number of a scope (a unit's completion, the JP share...), with its page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

TASK_PREVIEW = 10  # entries listed per kind on the "Tugas saya" page


@dataclass(frozen=True)
class WorkEntry:
    title: str
    url: str
    detail: str = ""
    overdue: bool = False
    pk: int | None = None  # for bulk actions


@dataclass
class WorkItem:
    key: str
    label: str
    count: int
    url: str
    icon: str = "inbox"
    overdue: int = 0
    action: str = ""
    entries: list[WorkEntry] = field(default_factory=list)
    bulk: str = ""  # the URL name of a bulk action over `entries`, when the rules allow one
    bulk_field: str = "pk"  # the name under which the bulk action reads the chosen pks


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    url: str = ""
    note: str = ""
    icon: str = "bar-chart"
    tone: str = ""  # "", "success", "warning", "danger"
    # What the figure counts ("headcount", "skp_approved"): two cards of the home page with the
    # same key are the same figure in different words, and only the first is shown (issue 13).
    key: str = ""


def nonzero(items: list[WorkItem]) -> list[WorkItem]:
    return [i for i in items if i.count]


def work_item(
    rows: QuerySet[Any, Any] | Sequence[Any],
    entry: Callable[[Any], WorkEntry],
    *,
    detail: bool,
    key: str,
    label: str,
    url: str,
    icon: str = "inbox",
    action: str = "",
) -> WorkItem:
    """The WorkItem of `rows` (a queryset or a list already read): their count (one COUNT
    query for a queryset) and, for the "Tugas saya" page (`detail`), the first TASK_PREVIEW of
    them made entries by `entry`."""
    entries = [entry(row) for row in rows[:TASK_PREVIEW]] if detail else []
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    return WorkItem(
        key=key, label=label, count=count, url=url, icon=icon, action=action, entries=entries
    )
