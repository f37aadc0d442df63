"""Pure functions of the personnel regulations (REGULATIONS.md §1). No ORM here: the
regulation tables come in as arguments, so the same function serves any year's rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from abdi.core.rules import in_force

NIP_LENGTH = 18


@dataclass(frozen=True)
class NipInfo:
    value: str
    valid: bool
    kind: str | None = None  # "pns" | "pppk"
    birth_date: dt.date | None = None
    tmt_cpns: dt.date | None = None  # PNS: first day of the CPNS month
    appointment_year: int | None = None  # PPPK
    contract_frequency: int | None = None  # PPPK
    sex: str | None = None  # "m" | "f"
    sequence: int | None = None
    errors: tuple[str, ...] = ()


def _date_or_none(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _age_on(birth_date: dt.date, on: dt.date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def clean_nip(value: object) -> str:
    """A NIP as typed or read from a file, without its spaces (people write it in groups:
    "19800101 200501 1 001"). The one clean-up before any NIP is parsed, looked up or stored."""
    return "".join(str(value or "").split())


def parse_nip(value: str, *, min_appointment_age: int = 18) -> NipInfo:
    """Read a PNS NIP or a PPPK NI.

    PNS:  YYYYMMDD birth · YYYYMM TMT CPNS · sex (1/2) · 3-digit sequence.
    PPPK: YYYYMMDD birth · YYYY appointment · 2 · contract frequency · sex (1/2) · sequence.
    The 13th digit tells them apart: a PNS month starts with 0 or 1, a PPPK number has 2 there.
    """
    raw = clean_nip(value)
    # isascii(): '²' and other Unicode digits pass isdigit() but are no NIP (and break int()).
    if not (raw.isascii() and raw.isdigit()):
        return NipInfo(raw, False, errors=(_("NIP hanya boleh berisi angka."),))
    if len(raw) != NIP_LENGTH:
        return NipInfo(
            raw,
            False,
            errors=(
                _("NIP harus %(expected)d digit, bukan %(actual)d.")
                % {"expected": NIP_LENGTH, "actual": len(raw)},
            ),
        )
    errors: list[str] = []
    birth_date = _date_or_none(int(raw[0:4]), int(raw[4:6]), int(raw[6:8]))
    if birth_date is None:
        errors.append(
            _("Delapan digit pertama (%(part)s) bukan tanggal lahir yang sah (TTTTBBHH).")
            % {"part": raw[0:8]}
        )
    sex_digit = raw[14]
    sex = {"1": "m", "2": "f"}.get(sex_digit)
    if sex is None:
        errors.append(
            _("Digit ke-15 (%(digit)s) harus 1 (laki-laki) atau 2 (perempuan).")
            % {"digit": sex_digit}
        )
    sequence = int(raw[15:18])
    if sequence == 0:
        errors.append(_("Nomor urut (tiga digit terakhir) tidak boleh 000."))

    if raw[12] == "2":
        appointment_year = int(raw[8:12])
        frequency = int(raw[13])
        if birth_date and appointment_year - birth_date.year < min_appointment_age:
            errors.append(
                _(
                    "Tahun pengangkatan PPPK %(year)d terlalu dekat dengan tahun lahir (usia minimal %(age)d tahun)."
                )
                % {"year": appointment_year, "age": min_appointment_age}
            )
        if frequency == 0:
            errors.append(_("Digit ke-14 (frekuensi kontrak PPPK) tidak boleh 0."))
        return NipInfo(
            raw,
            not errors,
            kind="pppk",
            birth_date=birth_date,
            appointment_year=appointment_year,
            contract_frequency=frequency,
            sex=sex,
            sequence=sequence,
            errors=tuple(errors),
        )

    tmt_cpns = _date_or_none(int(raw[8:12]), int(raw[12:14]), 1)
    if tmt_cpns is None:
        errors.append(
            _("Digit ke-9 s.d. 14 (%(part)s) bukan bulan TMT CPNS yang sah (TTTTBB).")
            % {"part": raw[8:14]}
        )
    elif birth_date:
        if tmt_cpns <= birth_date:
            errors.append(_("TMT CPNS pada NIP tidak boleh sebelum tanggal lahir."))
        elif _age_on(birth_date, _last_day_of_month(tmt_cpns)) < min_appointment_age:
            errors.append(
                _("Menurut NIP, usia saat TMT CPNS di bawah %(age)d tahun.")
                % {"age": min_appointment_age}
            )
    return NipInfo(
        raw,
        not errors,
        kind="pns",
        birth_date=birth_date,
        tmt_cpns=tmt_cpns,
        sex=sex,
        sequence=sequence,
        errors=tuple(errors),
    )


def _last_day_of_month(day: dt.date) -> dt.date:
    return _first_of_next_month(day) - dt.timedelta(days=1)


def _first_of_next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a non-leap year
        return day.replace(year=day.year + years, day=28)


def age_on(birth_date: dt.date, on: dt.date) -> int:
    return _age_on(birth_date, on)


def retirement_date(birth_date: dt.date, retirement_age: int) -> dt.date:
    """Pension takes effect on the 1st of the month after the month of the BUP birthday."""
    return _first_of_next_month(add_years(birth_date, retirement_age))


def retirement_age_for(
    position_kind: str | None,
    on: dt.date,
    table: Iterable[tuple[str, dt.date, int]],
    *,
    override: int | None = None,
    default: int = 58,
) -> int:
    """BUP for a position kind from rows (position_kind, effective_from, age)."""
    if override:
        return override
    row = in_force((r for r in table if r[0] == position_kind), on, start=lambda r: r[1])
    return default if row is None else row[2]


@dataclass(frozen=True)
class Duration:
    years: int
    months: int

    def __str__(self) -> str:
        return _("%(y)d tahun %(m)d bulan") % {"y": self.years, "m": self.months}


def duration_between(start: dt.date, end: dt.date) -> Duration:
    if end < start:
        return Duration(0, 0)
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return Duration(months // 12, months % 12)


def promotion_months_on(
    day: dt.date, schedules: Iterable[tuple[dt.date, Sequence[int]]]
) -> Sequence[int]:
    """The TMT months in force on a day, from rows (effective_from, months)."""
    row = in_force(schedules, day, start=lambda s: s[0])
    return (4, 10) if row is None else row[1]


def next_promotion_date(
    earliest: dt.date, schedules: Iterable[tuple[dt.date, Sequence[int]]]
) -> dt.date:
    """The first promotion TMT (1st of an allowed month) on or after `earliest`."""
    schedules = list(schedules)
    candidate = earliest if earliest.day == 1 else _first_of_next_month(earliest)
    for _step in range(24):
        if candidate.month in promotion_months_on(candidate, schedules):
            return candidate
        candidate = _first_of_next_month(candidate)
    raise ValueError("promotion schedule has no month")  # pragma: no cover - guarded by clean()


@dataclass(frozen=True)
class PromotionOutlook:
    due_date: dt.date | None
    reasons: tuple[str, ...] = field(default_factory=tuple)
    # The next promotion TMT from today on: the due date, or when the due date has passed
    # without a promotion (the years in rank complete since then), the next TMT of the schedule.
    next_date: dt.date | None = None

    @property
    def overdue(self) -> bool:
        """The years in rank were complete at a TMT already past: the promotion is late."""
        return (
            self.due_date is not None
            and self.next_date is not None
            and self.due_date < self.next_date
        )

    @property
    def eligible_when_due(self) -> bool:
        return self.due_date is not None and not self.reasons


def regular_promotion_outlook(
    *,
    today: dt.date,
    rank_effective_from: dt.date | None,
    rank_order: int | None,
    next_rank_exists: bool,
    ceiling_rank_order: int | None,
    predikat_by_year: Mapping[int, str],
    sanction_in_force: bool,
    min_years_in_rank: int,
    predikat_years: int,
    good_predikats: set[str],
    schedules: Iterable[tuple[dt.date, Sequence[int]]],
) -> PromotionOutlook:
    """When the next regular rank promotion (KP reguler) is due, or why it is not.

    The due date is the first promotion TMT after `min_years_in_rank` in the current rank. The
    reasons list what stands in the way on that date, as known today.
    """
    if rank_effective_from is None or rank_order is None:
        return PromotionOutlook(None, (_("Golongan atau TMT golongan belum diisi."),))
    if not next_rank_exists:
        return PromotionOutlook(None, (_("Sudah berada pada golongan tertinggi."),))
    if ceiling_rank_order is not None and rank_order >= ceiling_rank_order:
        return PromotionOutlook(
            None,
            (_("Golongan sudah mencapai batas tertinggi untuk pendidikan terakhir."),),
        )
    due = next_promotion_date(add_years(rank_effective_from, min_years_in_rank), schedules)
    reasons: list[str] = []
    if sanction_in_force:
        reasons.append(_("Sedang menjalani hukuman disiplin."))
    last_complete_year = max(today.year, due.year) - 1
    for year in range(last_complete_year - predikat_years + 1, last_complete_year + 1):
        predikat = predikat_by_year.get(year)
        if predikat is None:
            if year < today.year:
                reasons.append(_("Predikat kinerja tahun %(year)d belum ada.") % {"year": year})
        elif predikat not in good_predikats:
            reasons.append(_("Predikat kinerja tahun %(year)d di bawah Baik.") % {"year": year})
    next_date = due if due >= today else next_promotion_date(today, schedules)
    return PromotionOutlook(due, tuple(reasons), next_date)


def next_periodic_increase(
    *,
    today: dt.date,
    service_start: dt.date | None,
    last_increase: dt.date | None,
    interval_years: int,
) -> dt.date | None:
    """Next KGB: every `interval_years` from the last one, or from the service start."""
    base = last_increase or service_start
    if base is None:
        return None
    candidate = add_years(base, interval_years)
    while candidate <= today:
        candidate = add_years(candidate, interval_years)
    return candidate


def build_pns_nip(birth_date: dt.date, tmt_cpns: dt.date, sex: str, sequence: int) -> str:
    """The NIP a PNS with these data would have (inverse of parse_nip, for seeds and tests)."""
    return (
        f"{_yyyymmdd(birth_date)}{tmt_cpns.year:04d}{tmt_cpns.month:02d}"
        f"{'1' if sex == 'm' else '2'}{sequence:03d}"
    )


def _yyyymmdd(day: dt.date) -> str:
    # Not strftime("%Y"): it does not zero-pad years before 1000 on every platform.
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def build_pppk_nip(
    birth_date: dt.date, appointment_year: int, contract_frequency: int, sex: str, sequence: int
) -> str:
    return (
        f"{_yyyymmdd(birth_date)}{appointment_year:04d}2{contract_frequency:d}"
        f"{'1' if sex == 'm' else '2'}{sequence:03d}"
    )
