"""Pure rules of career events (REGULATIONS.md §1 and §10). No ORM: tables come in as
arguments. The KP, KGB and BUP dates themselves come from `abdi.employees.rules`; these functions
place them in a period and say what blocks a proposal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from abdi.employees import rules as employee_rules

Schedules = Iterable[tuple[dt.date, Sequence[int]]]


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The 1st of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def promotion_dates_between(start: dt.date, end: dt.date, schedules: Schedules) -> list[dt.date]:
    """The promotion TMTs (1st of an allowed month) in [start, end]."""
    schedules = list(schedules)
    dates = []
    day = start if start.day == 1 else add_months(start, 1)
    while day <= end:
        if day.month in employee_rules.promotion_months_on(day, schedules):
            dates.append(day)
        day = add_months(day, 1)
    return dates


def kp_due_date(
    *,
    rank_effective_from: dt.date,
    period_start: dt.date,
    period_end: dt.date,
    min_years_in_rank: int,
    schedules: Schedules,
) -> dt.date | None:
    """The promotion TMT in the period for someone in rank since `rank_effective_from`: the first
    TMT on or after both the period start and `min_years_in_rank` completed. None when the
    years are not complete by the period's last TMT."""
    schedules = list(schedules)
    earliest = max(employee_rules.add_years(rank_effective_from, min_years_in_rank), period_start)
    for day in promotion_dates_between(earliest, period_end, schedules):
        return day
    return None


def kgb_due_date(
    *,
    last_increase: dt.date | None,
    service_start: dt.date | None,
    interval_years: int,
    period_end: dt.date,
) -> dt.date | None:
    """The next periodic salary increase: `interval_years` after the last one (or after the
    service start when none is recorded); None when it falls after the period. A date before
    the period means the increase is overdue (not yet granted)."""
    base = last_increase or service_start
    if base is None:
        return None
    due = employee_rules.add_years(base, interval_years)
    return due if due <= period_end else None


def kgb_blocking_reasons(
    *,
    is_pppk: bool,
    due_date: dt.date,
    predikat_by_year: Mapping[int, str],
    predikat_years: int,
    good_predikats: set[str],
    sanction_in_force: bool,
) -> tuple[str, ...]:
    """PPPK: predikat at least Baik in each of the last `predikat_years` years before the due
    year [C1]. Everyone: no discipline sanction in force on the due date [M]."""
    reasons = []
    if sanction_in_force:
        reasons.append(_("Sedang menjalani hukuman disiplin."))
    if is_pppk:
        for year in range(due_date.year - predikat_years, due_date.year):
            predikat = predikat_by_year.get(year)
            if predikat is None:
                reasons.append(_("Predikat kinerja tahun %(year)d belum ada.") % {"year": year})
            elif predikat not in good_predikats:
                reasons.append(_("Predikat kinerja tahun %(year)d di bawah Baik.") % {"year": year})
    return tuple(reasons)


def retirement_in_period(
    *, birth_date: dt.date, retirement_age: int, period_start: dt.date, period_end: dt.date
) -> dt.date | None:
    """The retirement date (1st of the month after the BUP birthday) when it is in the period."""
    day = employee_rules.retirement_date(birth_date, retirement_age)
    return day if period_start <= day <= period_end else None


def kp_decree_tmt_problem(
    *, effective_from: dt.date, due_date: dt.date | None, schedules: Schedules
) -> str | None:
    """A rank promotion decree's TMT is the 1st of a promotion period in force on that date
    (REGULATIONS §1) and not before the TMT the employee was due on. None when it is right."""
    schedules = list(schedules)
    months = employee_rules.promotion_months_on(effective_from, schedules)
    if effective_from.day != 1 or effective_from.month not in months:
        return _(
            "TMT kenaikan pangkat harus tanggal 1 pada bulan periode kenaikan pangkat "
            "(bulan %(months)s)."
        ) % {"months": ", ".join(str(m) for m in months)}
    if due_date is not None and effective_from < due_date:
        return _("TMT kenaikan pangkat tidak boleh sebelum TMT jatuh tempo %(due)s.") % {
            "due": due_date.strftime("%d-%m-%Y")
        }
    return None


def bup_decree_tmt_problem(*, effective_from: dt.date, due_date: dt.date | None) -> str | None:
    """A retirement (BUP) decree's TMT is the retirement date: the 1st of the month after the
    BUP birthday (REGULATIONS §1), i.e. the proposal's due date. None when it is right."""
    if due_date is not None and effective_from != due_date:
        return _(
            "TMT pensiun batas usia adalah %(due)s (tanggal 1 bulan berikutnya sesudah mencapai "
            "batas usia pensiun)."
        ) % {"due": due_date.strftime("%d-%m-%Y")}
    return None


def retirement_birthday_window(
    period_start: dt.date, period_end: dt.date
) -> tuple[dt.date, dt.date]:
    """[from, before): the BUP birthdays whose retirement date falls in the period. Retirement is
    on the 1st of the month after the birthday's month, so it is on or after `period_start` when
    the birthday's month is at least the month before the first 1st on or after the start, and
    on or before `period_end` when the birthday's month is before the month of the end."""
    first_retirement = period_start if period_start.day == 1 else add_months(period_start, 1)
    return add_months(first_retirement, -1), first_of_month(period_end)


@dataclass(frozen=True)
class Grade:
    years: int
    name: str
    requires_previous: bool


def service_award_due(
    *,
    tmt_cpns: dt.date | None,
    period_start: dt.date,
    period_end: dt.date,
    grades: Sequence[Grade],
    received_years: set[int],
    ever_moderate_or_heavy_sanction: bool,
) -> tuple[Grade | None, dt.date | None, tuple[str, ...]]:
    """Satyalancana Karya Satya: the grade whose years of service, counted from TMT CPNS by
    months, complete within the period (the month of the TMT CPNS plus N years); the reasons
    that block it: a moderate or heavy sanction ever, the previous grade not received when the
    grade requires it. Returns (grade, the month it is completed, reasons); (None, None, ())
    when no grade completes in the period or the grade was already received."""
    if tmt_cpns is None:
        return None, None, ()
    start_month = first_of_month(period_start)
    for grade in sorted(grades, key=lambda g: g.years):
        completed = first_of_month(employee_rules.add_years(first_of_month(tmt_cpns), grade.years))
        if not start_month <= completed <= period_end:
            continue
        if grade.years in received_years:
            return None, None, ()
        reasons = []
        if ever_moderate_or_heavy_sanction:
            reasons.append(_("Pernah dijatuhi hukuman disiplin tingkat sedang atau berat."))
        previous = [g for g in grades if g.years < grade.years]
        if grade.requires_previous and previous:
            before = max(previous, key=lambda g: g.years)
            if before.years not in received_years:
                reasons.append(_("Belum menerima %(name)s.") % {"name": before.name})
        return grade, completed, tuple(reasons)
    return None, None, ()


def years_of_service_complete(start: dt.date, on: dt.date) -> int:
    """Completed years between two dates (for the 10-year transfer rule and time in post)."""
    return employee_rules.duration_between(start, on).years


def transfer_blocking_reasons(
    *,
    to_other_agency: bool,
    appointment_date: dt.date | None,
    position_since: dt.date | None,
    today: dt.date,
    other_agency_min_years: int,
    min_years_in_post: int,
) -> tuple[str, ...]:
    """Why an own-request transfer is refused: to another agency within `other_agency_min_years`
    of appointment (Peraturan BKN 5/2019 [C1]); before `min_years_in_post` in the current post
    (agency policy [M])."""
    reasons = []
    if (
        to_other_agency
        and appointment_date is not None
        and years_of_service_complete(appointment_date, today) < other_agency_min_years
    ):
        reasons.append(
            _(
                "Pindah ke instansi lain atas permintaan sendiri baru boleh setelah "
                "%(years)d tahun sejak pengangkatan (TMT %(date)s)."
            )
            % {"years": other_agency_min_years, "date": appointment_date.strftime("%d-%m-%Y")}
        )
    if (
        position_since is not None
        and min_years_in_post > 0
        and years_of_service_complete(position_since, today) < min_years_in_post
    ):
        reasons.append(
            _("Belum %(years)d tahun pada jabatan sekarang (sejak %(date)s).")
            % {"years": min_years_in_post, "date": position_since.strftime("%d-%m-%Y")}
        )
    return tuple(reasons)


# --- Rotation plans ------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedMove:
    key: int  # the move's id
    employee_id: int
    from_position_id: int | None
    target_position_id: int


@dataclass(frozen=True)
class PlanCheck:
    errors: dict[int, tuple[str, ...]]  # move key -> blocking problems
    vacancies: dict[
        int, int
    ]  # position id -> free posts after the plan (only positions it touches)
    chains: tuple[tuple[int, ...], ...]  # move keys where each fills the post the previous vacated

    @property
    def ok(self) -> bool:
        return not any(self.errors.values())


def check_plan(
    moves: Sequence[PlannedMove],
    *,
    posts: Mapping[int, int],
    holders: Mapping[int, int],
    position_names: Mapping[int, str] | None = None,
) -> PlanCheck:
    """Capacity after the whole plan: a position holds its current holders, minus the movers
    leaving it, plus the movers entering it, and must not exceed its posts. A move into a full
    post is fine when another move of the plan vacates it (a chain). Two moves of one employee
    and a move into the employee's own position are errors."""
    names = position_names or {}
    errors: dict[int, list[str]] = {m.key: [] for m in moves}
    seen: dict[int, int] = {}
    for move in moves:
        if move.employee_id in seen:
            errors[move.key].append(_("Pegawai ini dipindahkan dua kali dalam rencana yang sama."))
        seen.setdefault(move.employee_id, move.key)
        if move.from_position_id == move.target_position_id:
            errors[move.key].append(_("Jabatan tujuan sama dengan jabatan sekarang."))
    leaving: dict[int, int] = {}
    entering: dict[int, list[int]] = {}
    for move in moves:
        if move.from_position_id == move.target_position_id:
            continue
        if move.from_position_id is not None:
            leaving[move.from_position_id] = leaving.get(move.from_position_id, 0) + 1
        entering.setdefault(move.target_position_id, []).append(move.key)
    touched = set(leaving) | set(entering)
    vacancies = {}
    for pid in touched:
        after = holders.get(pid, 0) - leaving.get(pid, 0) + len(entering.get(pid, []))
        vacancies[pid] = posts.get(pid, 0) - after
        if after > posts.get(pid, 0):
            keys = entering.get(pid, [])
            free = posts.get(pid, 0) - (holders.get(pid, 0) - leaving.get(pid, 0))
            for key in keys:
                if len(keys) > 1:
                    message = _(
                        "%(count)d perpindahan menuju %(position)s, padahal formasi yang "
                        "tersedia %(free)d (formasi %(posts)d, pemegang sesudah rencana %(after)d)."
                    )
                else:
                    message = _(
                        "Formasi %(position)s penuh: formasi %(posts)d, pemegang sesudah "
                        "rencana %(after)d."
                    )
                errors[key].append(
                    message
                    % {
                        "count": len(keys),
                        "position": names.get(pid, str(pid)),
                        "free": max(free, 0),
                        "posts": posts.get(pid, 0),
                        "after": after,
                    }
                )
    # Chains: a move whose target is the post another move vacates.
    by_from: dict[int, list[PlannedMove]] = {}
    for move in moves:
        if move.from_position_id is not None:
            by_from.setdefault(move.from_position_id, []).append(move)
    fills = {
        m.key: [n.key for n in by_from.get(m.target_position_id, []) if n.key != m.key]
        for m in moves
    }
    filled_by = {k for ks in fills.values() for k in ks}
    chains: list[tuple[int, ...]] = []
    in_chain: set[int] = set()
    # Open chains start at a move whose own post nobody fills; what is left are cycles (swaps).
    starts = [m for m in moves if m.key not in filled_by] + [m for m in moves if m.key in filled_by]
    for move in starts:
        if move.key in in_chain or not fills[move.key]:
            continue
        chain, current = [move.key], move.key
        while True:
            nxt = next((k for k in fills.get(current, []) if k not in chain), None)
            if nxt is None or nxt in in_chain:
                break
            chain.append(nxt)
            current = nxt
        in_chain.update(chain)
        chains.append(tuple(chain))
    return PlanCheck({k: tuple(v) for k, v in errors.items()}, vacancies, tuple(chains))
