"""IP ASN of a whole year as ONE set-based statement (docs/decisions/0049-ip-asn-one-sql-pass.md).

`score_select(year, table, now)` builds a single `SELECT` that yields, for every active employee,
the row of `IpAsnScore` (the facts, the four dimensions, the total and the category); the
service runs it as `INSERT INTO insights_ipasnscore (...) SELECT ...`. The same SQL runs on
PostgreSQL and SQLite.

The regulation is data: the points and the bands are the rows of `IpAsnPoint` / `IpAsnBand` in
force for the year (`selectors.ip_asn_inputs.points_table`), turned into `CASE` branches whose
values are bound parameters — nothing of REGULATIONS §5 is written here. What is code is the
mapping of Abdi's records onto the criteria (as in `rules` and `selectors.ip_asn_inputs`, which
stay the per-employee reference: the breakdown page and a test that compares both on the same
data):

- education: the higher of the employee's level and their education history (by level order);
- JP: the yearly total of the JP ledger (`JpYearTotal`);
- leadership (PKP 1 · PKA 2 · PKN 3, at least the position's level), functional training
  (ever) and seminars (in the seminar window), from the ledger lines by programme category;
- predikat: the annual predikat of the year, else of the year before;
- sanction: the most severe sanction in force at some time in the year.

Points are summed in hundredths as integers (exact on both databases; a float sum on SQLite
could put 80.5 on the wrong side of a band) and divided by 100 when written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Case, IntegerField, Max, Model, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from abdi.core.models import EducationLevel
from abdi.employees.models import AnnualPredikat, DisciplineRecord, EducationHistory, Employee
from abdi.insights import rules
from abdi.insights.models import IpAsnScore
from abdi.learning.choices import ProgrammeCategory
from abdi.learning.models import JpEntry, JpYearTotal
from abdi.org.models import Position

# The order of the SELECT's columns = the INSERT's column list.
COLUMNS = (
    "employee_id",
    "year",
    "org_unit_id",
    "position_group",
    "education_code",
    "jp",
    "leadership_training",
    "functional_training",
    "seminar",
    "predikat",
    "sanction",
    "qualification",
    "competency",
    "performance",
    "discipline",
    "total",
    "category",
    "computed_at",
)
SEVERITY_RANK = {s: n for n, s in enumerate(rules.SANCTION_ORDER, start=1)}
# Which competency criteria each position group can earn (as `rules.competency_items`), with
# the fact that earns it (None: the JP of the year against the criterion's threshold).
COMPETENCY_CRITERIA = {
    rules.STRUCTURAL: (
        (rules.LEADERSHIP, "f.leadership_training"),
        (rules.TECHNICAL, None),
        (rules.SEMINAR, "f.seminar"),
    ),
    rules.FUNCTIONAL: (
        (rules.FUNCTIONAL_TRAINING, "f.functional_training"),
        (rules.TECHNICAL, None),
        (rules.SEMINAR, "f.seminar"),
    ),
    rules.PELAKSANA: ((rules.TECHNICAL, None), (rules.SEMINAR, "f.seminar")),
}


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _table(model: type[Model]) -> str:
    return _q(model._meta.db_table)


def _cents(value: Decimal) -> int:
    return int((value * 100).to_integral_value())


def _case_map(expr: str, mapping: Mapping[Any, object], default: str, params: list) -> str:
    """`CASE expr WHEN %s THEN %s ... ELSE default END` with the mapping as parameters."""
    if not mapping:
        return default
    parts = []
    for key, value in mapping.items():
        parts.append("WHEN %s THEN %s")
        params.extend((key, value))
    return f"CASE {expr} {' '.join(parts)} ELSE {default} END"


def _subquery(queryset: QuerySet[Any, Any]) -> tuple[str, list[Any]]:
    sql, params = queryset.query.sql_with_params()
    return f"({sql})", list(params)


def score_select(
    year: int, table: rules.PointsTable, now: dt.datetime, ids: tuple[int, int] | None = None
) -> tuple[str, list]:
    """The SELECT computing every active employee's row of `year` (see the module's doc); with
    `ids` (lowest, highest), only the employees whose id is in that range: every input is
    filtered on it before it is aggregated or hashed, so that parts of the year can be computed
    at once by separate connections (services/ip_asn_partition)."""
    by_id = Q(employee_id__gte=ids[0], employee_id__lte=ids[1]) if ids else Q()
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    seminar_from = year - table.seminar_years() + 1

    # -- set-wise inputs, each one aggregated derived table joined on the employee ------------
    history, history_params = _subquery(
        EducationHistory.objects.filter(by_id)
        .order_by()
        .values("employee_id")
        .annotate(top=Max("level__order"))
        .values("employee_id", "top")
    )
    category = Coalesce(
        "registration__session__programme__category",
        "enrolment__course__programme__category",
    )
    leadership_level = Case(
        *(When(category=c, then=Value(n)) for c, n in rules.LEADERSHIP_LEVEL_GIVEN.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
    ledger, ledger_params = _subquery(
        JpEntry.objects.filter(by_id, year__lte=year)
        .annotate(category=category)
        .filter(
            category__in=[
                *rules.LEADERSHIP_LEVEL_GIVEN,
                ProgrammeCategory.FUNCTIONAL,
                ProgrammeCategory.SEMINAR,
            ]
        )
        .annotate(level=leadership_level)
        .order_by()
        .values("employee_id")
        .annotate(
            lead=Max("level"),
            func=Max(
                Case(
                    When(category=ProgrammeCategory.FUNCTIONAL, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            ),
            sem=Max(
                Case(
                    When(
                        category=ProgrammeCategory.SEMINAR,
                        year__gte=seminar_from,
                        then=Value(1),
                    ),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            ),
        )
        .values("employee_id", "lead", "func", "sem")
    )
    sanctions, sanction_params = _subquery(
        DisciplineRecord.objects.filter(by_id, effective_from__lte=end)
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=start))
        .order_by()
        .values("employee_id")
        .annotate(
            worst=Max(
                Case(
                    *(When(severity=s, then=Value(n)) for s, n in SEVERITY_RANK.items()),
                    default=Value(0),
                    output_field=IntegerField(),
                )
            )
        )
        .values("employee_id", "worst")
    )

    # -- the facts of each employee (level 1) --------------------------------------------------
    params: list = []
    structural = sorted(rules.STRUCTURAL_KINDS)
    functional = sorted(rules.FUNCTIONAL_KINDS)
    group_sql = (
        f"CASE WHEN pos.{_q('kind')} IN ({', '.join(['%s'] * len(structural))}) THEN %s "
        f"WHEN pos.{_q('kind')} IN ({', '.join(['%s'] * len(functional))}) THEN %s "
        "ELSE %s END"
    )
    params += [*structural, rules.STRUCTURAL, *functional, rules.FUNCTIONAL, rules.PELAKSANA]
    needed_sql = _case_map(f"pos.{_q('kind')}", rules.LEADERSHIP_LEVEL_NEEDED, "NULL", params)
    own_order = f"COALESCE(own.{_q('order')}, 0)"
    top_order = f"COALESCE(h.{_q('top')}, 0)"
    sanction_sql = _case_map(
        f"COALESCE(s.{_q('worst')}, 0)",
        {n: s for s, n in SEVERITY_RANK.items()},
        "''",
        params,
    )

    # The id range, on the employee and on every joined table keyed by employee.
    def in_range(alias: str, column: str) -> str:
        return f" AND {alias}.{_q(column)} BETWEEN %s AND %s" if ids else ""

    range_params = list(ids) if ids else []
    facts = f"""
        SELECT e.{_q("id")} AS employee_id,
               e.{_q("org_unit_id")} AS org_unit_id,
               {group_sql} AS grp,
               COALESCE(lvl.{_q("code")}, '') AS education_code,
               COALESCE(jt.{_q("jp")}, 0) AS jp,
               CASE WHEN COALESCE(l.{_q("lead")}, 0) >= {needed_sql} THEN TRUE ELSE FALSE END
                   AS leadership_training,
               CASE WHEN COALESCE(l.{_q("func")}, 0) = 1 THEN TRUE ELSE FALSE END
                   AS functional_training,
               CASE WHEN COALESCE(l.{_q("sem")}, 0) = 1 THEN TRUE ELSE FALSE END AS seminar,
               COALESCE(p1.{_q("predikat")}, p0.{_q("predikat")}, '') AS predikat,
               {sanction_sql} AS sanction
          FROM {_table(Employee)} e
          LEFT JOIN {_table(Position)} pos ON pos.{_q("id")} = e.{_q("position_id")}
          LEFT JOIN {_table(EducationLevel)} own ON own.{_q("id")} = e.{_q("education_level_id")}
          LEFT JOIN {history} h ON h.{_q("employee_id")} = e.{_q("id")}
          LEFT JOIN {_table(EducationLevel)} lvl ON lvl.{_q("order")} =
               CASE WHEN {own_order} >= {top_order} THEN {own_order} ELSE {top_order} END
          LEFT JOIN {_table(JpYearTotal)} jt
               ON jt.{_q("employee_id")} = e.{_q("id")} AND jt.{_q("year")} = %s
                  {in_range("jt", "employee_id")}
          LEFT JOIN {ledger} l ON l.{_q("employee_id")} = e.{_q("id")}
          LEFT JOIN {_table(AnnualPredikat)} p1
               ON p1.{_q("employee_id")} = e.{_q("id")} AND p1.{_q("year")} = %s
                  {in_range("p1", "employee_id")}
          LEFT JOIN {_table(AnnualPredikat)} p0
               ON p0.{_q("employee_id")} = e.{_q("id")} AND p0.{_q("year")} = %s
                  {in_range("p0", "employee_id")}
          LEFT JOIN {sanctions} s ON s.{_q("employee_id")} = e.{_q("id")}
         WHERE e.{_q("is_active")} = TRUE{in_range("e", "id")}
    """
    # The parameters in the order of the text: the CASEs of the SELECT list, then the joins.
    facts_params = [
        *params,
        *history_params,
        year,
        *range_params,
        *ledger_params,
        year,
        *range_params,
        year - 1,
        *range_params,
        *sanction_params,
        *range_params,
    ]

    # PostgreSQL flattens the three levels into one and then evaluates each fact's and each
    # dimension's CASE again wherever the next level names it (the total, every band of the
    # category): most of the pass at 4.3 M rows (0058). `OFFSET 0` keeps each level's result.
    fence = " OFFSET 0" if connection.vendor == "postgresql" else ""

    # -- the points in hundredths (level 2) -----------------------------------------------------
    points_params: list = []
    qualification = _case_map(
        "f.education_code",
        {code: _cents(p) for code, p in table.qualification.items()},
        "0",
        points_params,
    )
    branches = []
    for group, criteria in COMPETENCY_CRITERIA.items():
        terms, term_params = [], []
        for criterion, flag in criteria:
            key = f"{group}.{criterion}"
            if key not in table.competency:
                continue
            if flag is None:  # technical training: the JP threshold
                terms.append("CASE WHEN f.jp >= %s THEN %s ELSE 0 END")
                term_params += [table.jp_threshold(group), _cents(table.competency[key])]
            else:
                terms.append(f"CASE WHEN {flag} THEN %s ELSE 0 END")
                term_params.append(_cents(table.competency[key]))
        if terms:
            branches.append(f"WHEN %s THEN {' + '.join(terms)}")
            points_params += [group, *term_params]
    competency = f"CASE f.grp {' '.join(branches)} ELSE 0 END" if branches else "0"
    performance = _case_map(
        "f.predikat",
        {k: _cents(p) for k, p in table.performance.items()},
        "0",
        points_params,
    )
    discipline = _case_map(
        "f.sanction",
        {("" if k == rules.NO_SANCTION else k): _cents(p) for k, p in table.discipline.items()},
        "0",
        points_params,
    )
    points = f"""
        SELECT f.*, {qualification} AS q, {competency} AS c, {performance} AS p,
               {discipline} AS d
          FROM ({facts}{fence}) f
    """

    # -- total and category (level 3) -------------------------------------------------------------
    category_params: list = []
    whens = []
    lowest = table.bands[-1][1]
    for above, band in table.bands:
        if above is None:
            lowest = band
            break
        whens.append("WHEN (x.q + x.c + x.p + x.d) > %s THEN %s")
        category_params.extend((_cents(above), band))
    category_sql = f"CASE {' '.join(whens)} ELSE %s END" if whens else "%s"
    category_params.append(lowest)
    sql = f"""
        SELECT x.employee_id, %s, x.org_unit_id, x.grp, x.education_code, x.jp,
               x.leadership_training, x.functional_training, x.seminar, x.predikat, x.sanction,
               x.q / 100.0, x.c / 100.0, x.p / 100.0, x.d / 100.0,
               (x.q + x.c + x.p + x.d) / 100.0,
               {category_sql},
               %s
          FROM ({points}{fence}) x
    """
    stamp = connection.ops.adapt_datetimefield_value(now)
    all_params = [
        year,
        *category_params,
        stamp,
        *points_params,
        *facts_params,
    ]
    return sql, all_params


def columns_sql() -> str:
    """The score table's columns in the order of the SELECT's (`COLUMNS`), quoted."""
    column_of = {f.attname: f.column for f in IpAsnScore._meta.concrete_fields}
    return ", ".join(_q(column_of[c]) for c in COLUMNS)


def replace_scores(year: int, table: rules.PointsTable, now: dt.datetime) -> int:
    """The portable path (SQLite): replace the rows of `year` with every active employee's row,
    in one statement. Call it in a transaction: readers see the old year or the new one, never
    half of it. PostgreSQL swaps the year's partition instead (services/ip_asn_partition)."""
    IpAsnScore.objects.filter(year=year).delete()
    select, params = score_select(year, table, now)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {_table(IpAsnScore)} ({columns_sql()}) {select}", params)
        return cursor.rowcount
