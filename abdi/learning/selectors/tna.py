"""The training-needs analysis (analisis kebutuhan pelatihan) of a unit for a year: staff below
their position's standard per competency, the items of submitted and agreed development plans,
the programmes to recommend and the seats to provide. A fixed number of queries whatever the
number of employees (rows as tuples, never model instances): as for the competency heat-map,
the database counts the requirements and returns only the (employee, competency) pairs below
standard (competency.selectors.requirement_counts, below_standard_pairs).

Rules (docs/decisions/0036-learning-tna.md):
- staff: the active employees of the unit's subtree; "below" as the heat-map counts it (an
  unassessed competency is below);
- plan items: of plans of the year that are submitted or agreed, cancelled items left out;
- seats needed for a competency: distinct staff below standard or with a plan item for it;
- the recommended programmes: active ones addressing the competency, best for the level most
  of the staff below it require (selectors_plans.Candidate.sort_key); a programme's seats are
  the staff whose plan item names it, plus the staff needing a competency for which it is the
  first recommendation (unless their plan item for it names another programme);
- workshop: at least ABDI_WORKSHOP_MIN_STAFF staff share the gap (in the unit, or a sub-unit);
- cost (docs/decisions/0049): a recommended programme's seats fill ceil(seats ÷ class size)
  sessions — the class size is the quota of its open session, else ABDI_TNA_CLASS_SIZE (30) —
  costing sessions × cost per session + seats × cost per participant from the catalogue; a
  programme with neither price is counted as unpriced, never as free."""

from __future__ import annotations

import datetime as dt
import io
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from abdi.competency.models import Competency
from abdi.competency.selectors import below_standard_pairs, requirement_counts
from abdi.core.exports import append_xlsx
from abdi.learning.choices import PlanItemKind, PlanItemStatus, PlanStatus
from abdi.learning.models import DevelopmentPlanItem, Programme
from abdi.learning.selectors.plans import Candidate, programme_candidates, ranked
from abdi.org.models import OrgUnit

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
    from openpyxl.worksheet.worksheet import Worksheet

COUNTED_PLANS = (PlanStatus.SUBMITTED, PlanStatus.AGREED)


@dataclass
class CompetencyNeed:
    competency: Competency
    required_staff: int = 0  # staff whose position requires the competency
    below: int = 0  # ... and are below the standard
    planned: Counter = field(default_factory=Counter)  # plan items by kind
    seats: int = 0
    typical_level: int | None = None  # the required level most of the staff below need
    programmes: list[Candidate] = field(default_factory=list)
    workshop: bool = False

    @property
    def share(self) -> float | None:
        return round(100 * self.below / self.required_staff, 1) if self.required_staff else None

    @property
    def planned_total(self) -> int:
        return sum(self.planned.values())

    def planned_list(self) -> list[int]:
        return [self.planned.get(k, 0) for k in PlanItemKind.values]

    def planned_labels(self) -> list[tuple[StrOrPromise, int]]:
        return [(label, self.planned[k]) for k, label in PlanItemKind.choices if self.planned[k]]


@dataclass
class ProgrammeNeed:
    programme: Programme
    competencies: list[Competency] = field(default_factory=list)
    candidate: Candidate | None = None
    seats: int = 0
    sessions: int = 0
    cost: int | None = None  # None: the catalogue has no price for the programme


def class_size(candidate: Candidate | None) -> int:
    """The seats one session gives: its open session's quota, else ABDI_TNA_CLASS_SIZE."""
    if candidate is not None and candidate.session is not None and candidate.session.quota:
        return int(candidate.session.quota)
    return int(settings.ABDI_TNA_CLASS_SIZE)


def seats_cost(programme: Programme, seats: int, size: int) -> tuple[int, int | None]:
    """(sessions, cost in rupiah) of giving `seats` seats in sessions of `size`: each session
    costs the catalogue's cost per session plus each seat the cost per participant; None when
    the programme has neither price."""
    sessions = math.ceil(seats / size) if seats > 0 and size > 0 else 0
    if programme.cost_per_session is None and programme.cost_per_participant is None:
        return sessions, None
    return sessions, (
        sessions * (programme.cost_per_session or 0) + seats * (programme.cost_per_participant or 0)
    )


@dataclass
class SubunitCell:
    required_staff: int = 0
    below: int = 0
    planned_staff: int = 0
    workshop: bool = False


@dataclass
class SubunitNeed:
    unit: OrgUnit
    own: bool = False  # the unit's own direct staff, not a sub-unit
    staff: int = 0
    with_gap: int = 0
    plan_items: int = 0
    cells: dict[int, SubunitCell] = field(default_factory=dict)

    @property
    def workshops(self) -> list[int]:
        return [cid for cid, cell in self.cells.items() if cell.workshop]


def _typical(levels: Counter) -> int | None:
    """The most common required level; on a tie the higher one."""
    if not levels:
        return None
    return max(levels.items(), key=lambda kv: (kv[1], kv[0]))[0]


class TrainingNeeds(TypedDict):
    """The training-needs analysis of a unit for a year (the page, its export, insights)."""

    unit: OrgUnit
    year: int
    staff: int
    staff_with_gap: int
    plan_items: int
    competencies: list[CompetencyNeed]
    programmes: list[ProgrammeNeed]  # those with seats, most seats first
    cost_total: int  # of the priced programmes
    priced_seats: int
    unpriced: list[ProgrammeNeed]
    subunits: list[SubunitNeed]
    without_competency: Counter[str]  # plan items naming no competency, by kind
    min_staff: int
    kinds: Sequence[tuple[str, StrOrPromise]]  # PlanItemKind.choices


def training_needs(
    unit: OrgUnit, year: int, *, today: dt.date | None = None, min_staff: int | None = None
) -> TrainingNeeds:
    today = today or timezone.localdate()
    if min_staff is None:
        min_staff = settings.ABDI_WORKSHOP_MIN_STAFF
    children = list(
        type(unit)
        .objects.filter(path__startswith=unit.path, depth=unit.depth + 1, is_active=True)
        .order_by("name")
    )
    subunits = {c.path: SubunitNeed(c) for c in children}
    own = SubunitNeed(unit, own=True)
    cut = len(unit.path) + unit.steplen

    def subunit_of(path: str) -> SubunitNeed:
        return subunits.get(path[:cut], own) if len(path) > len(unit.path) else own

    # The database counts the requirements and hands over only the (employee, competency)
    # pairs below standard: at 60,000 staff that is a fraction of the 500,000 current levels.
    required_staff: Counter = Counter()
    below: Counter = Counter()
    needing: dict[int, set[int]] = defaultdict(set)
    levels_below: dict[int, Counter] = defaultdict(Counter)
    levels_all: dict[int, Counter] = defaultdict(Counter)
    staff_total = 0
    for bucket, cid, level, total, _met in requirement_counts(unit, met=False):
        row = subunit_of(bucket)
        if cid is None:
            row.staff += total
            staff_total += total
            continue
        required_staff[cid] += total
        levels_all[cid][level] += total
        row.cells.setdefault(cid, SubunitCell()).required_staff += total
    with_gap: dict[str, set[int]] = defaultdict(set)
    for emp_id, bucket, cid, level in below_standard_pairs(unit):
        row = subunit_of(bucket)
        below[cid] += 1
        levels_below[cid][level] += 1
        needing[cid].add(emp_id)
        # setdefault: the counts and these pairs are two statements; a transfer between them
        # must not fail the page.
        row.cells.setdefault(cid, SubunitCell()).below += 1
        with_gap[row.unit.path].add(emp_id)
    for row in [own, *subunits.values()]:
        row.with_gap = len(with_gap.get(row.unit.path, ()))
    staff_with_gap = sum(row.with_gap for row in [own, *subunits.values()])

    planned: dict[int, Counter] = defaultdict(Counter)
    without_competency: Counter = Counter()
    by_programme: dict[int, set[int]] = defaultdict(set)
    named_programme: dict[int, set[int]] = defaultdict(set)  # competency → staff naming one
    planned_staff: dict[tuple[str, int], set[int]] = defaultdict(set)
    items = (
        DevelopmentPlanItem.objects.filter(
            plan__year=year,
            plan__status__in=COUNTED_PLANS,
            plan__employee__is_active=True,
            plan__employee__org_unit__path__startswith=unit.path,
        )
        .exclude(status=PlanItemStatus.CANCELLED)
        .values_list(
            "plan__employee_id",
            "plan__employee__org_unit__path",
            "competency_id",
            "kind",
            "programme_id",
        )
    )
    plan_item_count = 0
    for emp_id, path, cid, kind, programme_id in items:
        plan_item_count += 1
        row = subunit_of(path)
        row.plan_items += 1
        if programme_id:
            by_programme[programme_id].add(emp_id)
        if cid is None:
            without_competency[kind] += 1
            continue
        planned[cid][kind] += 1
        needing[cid].add(emp_id)
        if programme_id:
            named_programme[cid].add(emp_id)
        planned_staff[(row.unit.path, cid)].add(emp_id)
        row.cells.setdefault(cid, SubunitCell())

    for row in [own, *subunits.values()]:
        for cid, cell in row.cells.items():
            cell.planned_staff = len(planned_staff.get((row.unit.path, cid), ()))
            cell.workshop = cell.below >= min_staff

    ids = set(required_staff) | set(planned)
    competencies = sorted(
        Competency.objects.filter(pk__in=ids), key=lambda c: (c.kind, c.order, c.name)
    )
    candidates = programme_candidates(ids, year=year, today=today)
    needs: list[CompetencyNeed] = []
    programme_rows: dict[int, ProgrammeNeed] = {}
    programme_staff: dict[int, set[int]] = defaultdict(set)
    for competency in competencies:
        cid = competency.pk
        typical = _typical(levels_below[cid]) or _typical(levels_all[cid])
        options = ranked(candidates.get(cid, []), typical or 1)
        need = CompetencyNeed(
            competency=competency,
            required_staff=required_staff[cid],
            below=below[cid],
            planned=planned[cid],
            seats=len(needing[cid]),
            typical_level=typical,
            programmes=options,
            workshop=below[cid] >= min_staff,
        )
        needs.append(need)
        for option in options:
            programme_row = programme_rows.setdefault(
                option.programme.pk, ProgrammeNeed(option.programme, candidate=option)
            )
            programme_row.competencies.append(competency)
        if options and needing[cid]:
            programme_staff[options[0].programme.pk] |= needing[cid] - named_programme[cid]
    missing = set(by_programme) - set(programme_rows)
    for programme in Programme.objects.filter(pk__in=missing):
        programme_rows[programme.pk] = ProgrammeNeed(programme)
    for pk, staff in by_programme.items():
        programme_staff[pk] |= staff
    for pk, programme_row in programme_rows.items():
        programme_row.seats = len(programme_staff.get(pk, ()))
        programme_row.sessions, programme_row.cost = seats_cost(
            programme_row.programme, programme_row.seats, class_size(programme_row.candidate)
        )
    programmes = sorted(
        (r for r in programme_rows.values() if r.seats),
        key=lambda r: (-r.seats, r.programme.title),
    )
    priced = [r for r in programmes if r.cost is not None]
    ordered = ([own] if own.staff or own.plan_items else []) + [subunits[c.path] for c in children]
    return {
        "unit": unit,
        "year": year,
        "staff": staff_total,
        "staff_with_gap": staff_with_gap,
        "plan_items": plan_item_count,
        "competencies": needs,
        "programmes": programmes,
        "cost_total": sum(r.cost or 0 for r in priced),
        "priced_seats": sum(r.seats for r in priced),
        "unpriced": [r for r in programmes if r.cost is None],
        "subunits": ordered,
        "without_competency": without_competency,
        "min_staff": min_staff,
        "kinds": PlanItemKind.choices,
    }


def _session_text(candidate: Candidate | None) -> str:
    if candidate is None:
        return ""
    if candidate.session is not None:
        s = candidate.session
        return f"{s.name}: {s.start_date:%d-%m-%Y} s.d. {s.end_date:%d-%m-%Y} (kuota {s.quota})"
    if candidate.has_course:
        return _("Kursus e-learning tersedia")
    return _("Belum ada sesi terbuka")


def tna_workbook(data: TrainingNeeds) -> bytes:
    """The analysis as an XLSX: per competency, per recommended programme, per sub-unit."""
    wb = Workbook()
    yes = _("Ya")
    kinds = [label for _v, label in PlanItemKind.choices]

    def sheet(ws: Worksheet, title: str, headers: list[str], rows: list[list[Any]]) -> None:
        ws.title = title[:31]
        append_xlsx(
            ws,
            [
                _("Analisis kebutuhan pelatihan %(unit)s, tahun %(year)d")
                % {"unit": data["unit"].name, "year": data["year"]}
            ],
        )
        ws["A1"].font = Font(bold=True)
        append_xlsx(ws, headers)
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in rows:
            append_xlsx(ws, row)
        ws.freeze_panes = "A3"
        for i, header in enumerate(headers, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(12, min(48, len(header) + 4))

    sheet(
        wb.active,
        _("Per kompetensi"),
        [
            _("Kompetensi"),
            _("Jenis"),
            _("Pegawai dengan standar"),
            _("Di bawah standar"),
            _("Persentase di bawah standar"),
            *[_("Butir rencana: %(kind)s") % {"kind": k} for k in kinds],
            _("Jumlah butir rencana"),
            _("Kursi dibutuhkan"),
            _("Program rekomendasi"),
            _("Lokakarya"),
        ],
        [
            [
                n.competency.name,
                n.competency.get_kind_display(),
                n.required_staff,
                n.below,
                n.share,
                *n.planned_list(),
                n.planned_total,
                n.seats,
                "; ".join(c.programme.title for c in n.programmes[:3]),
                yes if n.workshop else "",
            ]
            for n in data["competencies"]
        ],
    )
    sheet(
        wb.create_sheet(),
        _("Program rekomendasi"),
        [
            _("Kode"),
            _("Program"),
            _("Moda"),
            _("JP"),
            _("Kompetensi yang disasar"),
            _("Sesi / ketersediaan"),
            _("Kursi dibutuhkan"),
            _("Angkatan"),
            _("Biaya per sesi (Rp)"),
            _("Biaya per peserta (Rp)"),
            _("Perkiraan biaya (Rp)"),
        ],
        [
            [
                r.programme.code,
                r.programme.title,
                r.programme.get_mode_display(),
                r.programme.jp,
                ", ".join(c.name for c in r.competencies),
                _session_text(r.candidate),
                r.seats,
                r.sessions,
                r.programme.cost_per_session,
                r.programme.cost_per_participant,
                r.cost,
            ]
            for r in data["programmes"]
        ]
        + [
            [
                "",
                _("Jumlah (program yang berharga)"),
                "",
                "",
                "",
                "",
                data["priced_seats"],
                "",
                "",
                "",
                data["cost_total"],
            ]
        ],
    )
    names = {n.competency.pk: n.competency.name for n in data["competencies"]}
    sheet(
        wb.create_sheet(),
        _("Per sub-unit"),
        [
            _("Sub-unit"),
            _("Pegawai"),
            _("Kompetensi"),
            _("Pegawai dengan standar"),
            _("Di bawah standar"),
            _("Pegawai dengan butir rencana"),
            _("Lokakarya"),
        ],
        [
            [
                row.unit.name + (" " + _("(langsung)") if row.own else ""),
                row.staff,
                names.get(cid, ""),
                cell.required_staff,
                cell.below,
                cell.planned_staff,
                yes if cell.workshop else "",
            ]
            for row in data["subunits"]
            for cid, cell in sorted(
                row.cells.items(), key=lambda kv: list(names).index(kv[0]) if kv[0] in names else 0
            )
        ],
    )
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
