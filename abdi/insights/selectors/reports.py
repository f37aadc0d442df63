"""The standard personnel reports: DUK, bezetting and the nominative list. Each is a queryset
in the viewer's scope (ordered, bounded per page) and a list of columns that turn a row into
plain cells — the same for the page, the XLSX (streamed) and the PDF.

DUK order (PP 15/1979 as practised [M], docs/decisions/0017-insights.md): rank (highest
first), TMT of the rank (earliest first), position level (class grade, highest first), years of
service (earliest TMT CPNS first), education (highest first), age (oldest first), NIP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, F, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from abdi.accounts.models import User
from abdi.accounts.permissions import is_bkpsdm_admin, role_scope
from abdi.accounts.roles import Role
from abdi.employees import rules as employee_rules
from abdi.employees.models import Employee
from abdi.employees.permissions import employees_visible_to
from abdi.org.models import OrgUnit, Position

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def report_paths(user: User) -> tuple[str, ...] | None:
    """None: the whole agency; else the subtrees of the user's leader and operator roles."""
    if is_bkpsdm_admin(user):
        return None
    return role_scope(user).paths_for(Role.LEADER, Role.OPERATOR)


def can_view_reports(user: User) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    paths = report_paths(user)
    return paths is None or bool(paths)


def report_units(user: User) -> QuerySet[OrgUnit]:
    paths = report_paths(user)
    if paths is None:
        return OrgUnit.objects.all()
    condition = Q(pk__in=[])
    for p in paths:
        condition |= Q(path__startswith=p)
    return OrgUnit.objects.filter(condition)


def _service(e: Employee, on: dt.date) -> str:
    if not e.tmt_cpns:
        return ""
    months = (on.year - e.tmt_cpns.year) * 12 + on.month - e.tmt_cpns.month
    if on.day < e.tmt_cpns.day:
        months -= 1
    return f"{months // 12} th {months % 12} bl"


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise  # lazy: translated when the report is written
    value: Callable[[Any, dt.date], Any]


def _rank(e: Employee) -> str:
    return e.rank.code if e.rank else ""


EMPLOYEE_COLUMNS = [
    Column("nip", "NIP", lambda e, on: e.nip),
    Column("name", _("Nama"), lambda e, on: e.full_name),
    Column("status", _("Status"), lambda e, on: e.get_status_display()),
    Column("rank", _("Golongan"), lambda e, on: _rank(e)),
    Column("rank_title", _("Pangkat"), lambda e, on: e.rank.title if e.rank_id else ""),
    Column("rank_tmt", _("TMT golongan"), lambda e, on: e.rank_effective_from),
    Column("position", _("Jabatan"), lambda e, on: e.position.name if e.position_id else ""),
    Column(
        "position_kind",
        _("Jenis jabatan"),
        lambda e, on: e.position.get_kind_display() if e.position_id else "",
    ),
    Column("position_tmt", _("TMT jabatan"), lambda e, on: e.position_effective_from),
    Column("unit", _("Unit kerja"), lambda e, on: e.org_unit.name),
    Column("tmt_cpns", _("TMT CPNS"), lambda e, on: e.tmt_cpns),
    Column("service", _("Masa kerja"), _service),
    Column(
        "education",
        _("Pendidikan"),
        lambda e, on: e.education_level.code if e.education_level_id else "",
    ),
    Column("birth_date", _("Tanggal lahir"), lambda e, on: e.birth_date),
    Column("age", _("Usia"), lambda e, on: employee_rules.age_on(e.birth_date, on)),
    Column("sex", _("Jenis kelamin"), lambda e, on: e.get_sex_display()),
]
COLUMNS_BY_KEY = {c.key: c for c in EMPLOYEE_COLUMNS}
DUK_KEYS = [
    "nip",
    "name",
    "rank",
    "rank_title",
    "rank_tmt",
    "position",
    "position_tmt",
    "service",
    "education",
    "birth_date",
    "age",
    "unit",
]
NOMINATIVE_DEFAULT = ["nip", "name", "status", "rank", "position", "unit"]


def columns_for(keys: list[str]) -> list[Column]:
    return [COLUMNS_BY_KEY[k] for k in keys if k in COLUMNS_BY_KEY]


def _employees(user: User, unit: OrgUnit) -> QuerySet[Employee]:
    return (
        employees_visible_to(user)
        .filter(is_active=True, org_unit__path__startswith=unit.path)
        .select_related("rank", "position", "education_level", "org_unit")
    )


def duk(user: User, unit: OrgUnit) -> QuerySet[Employee]:
    """The PNS (and CPNS) of the unit's subtree in DUK order."""
    return (
        _employees(user, unit)
        .filter(kind="pns")
        .order_by(
            F("rank__order").desc(nulls_last=True),
            F("rank_effective_from").asc(nulls_last=True),
            F("position__class_grade").desc(nulls_last=True),
            F("tmt_cpns").asc(nulls_last=True),
            F("education_level__order").desc(nulls_last=True),
            "birth_date",
            "nip",
        )
    )


def nominative(user: User, unit: OrgUnit) -> QuerySet[Employee]:
    return _employees(user, unit).order_by("org_unit__path", "name", "nip")


BEZETTING_HEADERS = [
    _("Unit kerja"),
    _("Jabatan"),
    _("Jenis jabatan"),
    _("Kelas"),
    _("Formasi"),
    _("Pemangku"),
    _("Lowong"),
    _("Kelebihan"),
]


class _Holders(TypedDict):
    holders_count: int


def bezetting(unit: OrgUnit) -> QuerySet[WithAnnotations[Position, _Holders]]:
    """Active positions of the subtree with the number of active holders. Positions and their
    formation are not personal data: the viewer's unit scope is enough."""
    return (
        Position.objects.filter(is_active=True, org_unit__path__startswith=unit.path)
        .select_related("org_unit")
        .annotate(holders_count=Count("holders", filter=Q(holders__is_active=True)))
        .order_by("org_unit__path", "-is_unit_head", "-class_grade", "name", "pk")
    )


def bezetting_row(p: WithAnnotations[Position, _Holders]) -> list[Any]:
    return [
        p.org_unit.name,
        p.name,
        p.get_kind_display(),
        p.class_grade,
        p.posts,
        p.holders_count,
        max(p.posts - p.holders_count, 0),
        max(p.holders_count - p.posts, 0),
    ]


def bezetting_totals(unit: OrgUnit) -> dict[str, int]:
    posts = holders = vacant = 0
    for p in bezetting(unit).values_list("posts", "holders_count").order_by():
        posts += p[0]
        holders += p[1]
        vacant += max(p[0] - p[1], 0)
    return {"posts": posts, "holders": holders, "vacant": vacant}
