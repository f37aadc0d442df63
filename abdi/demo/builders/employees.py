"""The demo employees and their histories, generated deterministically and written in bulk.

Every employee gets a valid NIP (or NI PPPK) that agrees with the birth date, sex and TMT; a
rank that fits the education level and years of service; rank, position and education
histories; annual predikats; and a few of them discipline records, awards, acting assignments.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from faker import Faker

from abdi.accounts.models import User
from abdi.core.models import EducationLevel, Rank, RetirementAge
from abdi.demo.builders.bulk import batches, bulk_create_with_history, insert_rows
from abdi.demo.builders.names import (
    BIRTH_PLACES,
    PROVINCE_CODE,
    REGENCIES,
    institution_for,
    major_for,
    titles_for,
)
from abdi.demo.builders.org import HISTORY_REASON, OrgPlan, PositionSpec
from abdi.demo.builders.staffing import write_acting
from abdi.employees.models import (
    AnnualPredikat,
    Award,
    DisciplineRecord,
    EducationHistory,
    Employee,
    PositionHistory,
    RankHistory,
)
from abdi.employees.rules import add_years, build_pns_nip, build_pppk_nip

STRUCTURAL_MIN_RANK = {"jpt_madya": 15, "jpt_pratama": 13, "administrator": 12, "pengawas": 11}
AGE_RANGE = {
    "jpt_madya": (50, 59),
    "jpt_pratama": (44, 59),
    "administrator": (40, 57),
    "pengawas": (35, 57),
}
ENTRY_AGE = {"SLTA": 19, "D3": 22, "D4": 23, "S1": 23, "S2": 26, "S3": 28}
PPPK_GRADE = {"SLTA": "PPPK-V", "D3": "PPPK-VII", "D4": "PPPK-IX", "S1": "PPPK-IX", "S2": "PPPK-X"}
PPPK_SHARE = {
    "teacher": 0.24,
    "nurse": 0.25,
    "midwife": 0.25,
    "lab": 0.2,
    "doctor": 0.08,
    "admin": 0.08,
}
# The histories `records` gives as plain rows (dicts), not model instances.
PLAIN_ROWS = {"rank", "position", "education", "predikat"}
PREDIKATS = [("sangat_baik", 14), ("baik", 76), ("butuh_perbaikan", 7), ("kurang", 3)]
SANCTIONS = {
    "light": ["Teguran lisan", "Teguran tertulis", "Pernyataan tidak puas secara tertulis"],
    "moderate": [
        "Pemotongan tunjangan kinerja 25% selama 6 bulan",
        "Pemotongan tunjangan kinerja 25% selama 9 bulan",
        "Pemotongan tunjangan kinerja 25% selama 12 bulan",
    ],
    "severe": [
        "Penurunan jabatan setingkat lebih rendah selama 12 bulan",
        "Pembebasan dari jabatan menjadi jabatan pelaksana selama 12 bulan",
    ],
}


@dataclass
class Person:
    spec: PositionSpec
    employee: Employee
    level: str
    profession: str
    regency: str
    service_start: dt.date
    bup: int
    user: object | None = None
    records: list = field(default_factory=list)
    # A PNS's ranks so far, (rank, TMT), until its histories are written.
    rank_steps: list[tuple[Rank, dt.date]] | None = None


@dataclass
class SeedStats:
    employees: int = 0
    pppk: int = 0
    cpns: int = 0
    acting: int = 0
    retiring_12m: int = 0
    discipline: int = 0
    discipline_in_force: int = 0
    awards: int = 0
    vacant_heads: int = 0
    rows: dict[str, int] = field(default_factory=dict)


def _first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _period_on_or_before(day: dt.date) -> dt.date:
    """The last regular promotion date (1 April or 1 October) on or before `day`."""
    if day.month >= 10:
        return dt.date(day.year, 10, 1)
    return dt.date(day.year, 4, 1) if day.month >= 4 else dt.date(day.year - 1, 10, 1)


def _month_add(day: dt.date, months: int) -> dt.date:
    m = day.month - 1 + months
    return dt.date(day.year + m // 12, m % 12 + 1, 1)


class EmployeeFactory:
    """Makes one Person per slot. All randomness comes from `rng` and `faker`, in slot order."""

    def __init__(self, *, rng: random.Random, faker: Faker, today: dt.date) -> None:
        self.rng, self.faker, self.today = rng, faker, today
        self.ranks = {(r.kind, r.order): r for r in Rank.objects.all()}
        self.rank_by_code = {r.code: r for r in self.ranks.values()}
        self.levels = {e.code: e for e in EducationLevel.objects.select_related()}
        bup: dict[str, tuple[dt.date, int]] = {}
        for row in RetirementAge.objects.filter(effective_from__lte=today):
            if row.position_kind not in bup or bup[row.position_kind][0] < row.effective_from:
                bup[row.position_kind] = (row.effective_from, row.age)
        self.bup = {k: v[1] for k, v in bup.items()}
        self.sequences: dict[str, int] = {}
        self.stats = SeedStats()

    # -- choices -------------------------------------------------------------------------
    def _level(self, spec: PositionSpec) -> str:
        r, kind, prof = self.rng.random(), spec.kind, spec.profession
        if prof == "specialist":
            return "S2"
        if prof == "doctor":
            return "S2" if r < 0.15 else "S1"
        if kind in {"jpt_madya", "jpt_pratama"}:
            return "S3" if r < 0.12 else "S2" if r < 0.9 else "S1"
        if kind in {"administrator", "jf_ahli_madya"}:
            return "S2" if r < 0.55 else "S1"
        if kind in {"pengawas", "jf_ahli_muda"}:
            return "S2" if r < 0.2 else "S1"
        if kind == "jf_ahli_pertama":
            return "S2" if r < 0.06 else "D4" if r < 0.12 else "S1"
        if kind in {"jf_terampil", "jf_mahir", "jf_penyelia", "jf_pemula"}:
            return "D3" if r < 0.85 else "D4"
        if spec.class_grade >= 7:
            return "S1" if r < 0.75 else "D3"
        return "SLTA" if r < 0.5 else "D3" if r < 0.7 else "S1"

    def _sequence(self, prefix: str) -> int:
        seq = self.sequences.get(prefix, 0) + 1
        if seq > 999:
            raise ValueError(f"NIP sequence exhausted for prefix {prefix}")
        self.sequences[prefix] = seq
        return seq

    def make(self, spec: PositionSpec) -> Person:
        rng, today = self.rng, self.today
        sex = (
            "f"
            if rng.random() < (0.62 if spec.profession in {"teacher", "nurse"} else 0.42)
            else "m"
        )
        if spec.profession == "midwife":
            sex = "f"
        level = self._level(spec)
        is_head = spec.is_head
        pppk = not is_head and rng.random() < PPPK_SHARE.get(spec.profession, 0.04)
        cpns = not pppk and not is_head and rng.random() < 0.03
        bup = spec.override or self.bup.get(spec.kind, 58)
        lo, hi = AGE_RANGE.get(spec.kind, (24, bup - 1))
        if pppk:
            lo, hi = 26, min(55, bup - 1)
        if cpns:
            lo, hi = ENTRY_AGE[level] + 1, ENTRY_AGE[level] + 9
        hi = min(hi, bup - 1)
        retiring = not pppk and not cpns and rng.random() < 0.022
        if retiring:  # the BUP birthday falls within the next 11 months
            birth = add_years(today + dt.timedelta(days=rng.randint(5, 330)), -bup)
        else:
            age = rng.randint(lo, hi)
            birth = today - dt.timedelta(days=int(age * 365.25) + rng.randint(0, 364))
            if add_years(birth, bup) <= today:  # never already past the BUP
                birth = add_years(today, -bup) + dt.timedelta(days=400)
        age_now = (today - birth).days // 365
        entry_min = ENTRY_AGE[level] if spec.profession not in {"doctor", "specialist"} else 26
        regency_code, regency, nik_code = REGENCIES[rng.randrange(len(REGENCIES))]
        emp = Employee(
            sex=sex,
            birth_date=birth,
            birth_place=rng.choice(BIRTH_PLACES),
            org_unit=spec.unit.obj,
            position=spec.obj,
            education_level=self.levels[level],
        )
        rank_steps: list[tuple[Rank, dt.date]] | None = None
        if pppk:
            year_hi = min(today.year, 2025)
            year = (
                rng.randint(max(2019, birth.year + 22), year_hi)
                if birth.year + 22 <= year_hi
                else year_hi
            )
            start = dt.date(year, rng.choice([3, 4, 6, 10]), 1)
            if start > today:
                start = _first_of_month(today)
            prefix = build_pppk_nip(birth, year, 1, sex, 0)[:15]
            emp.nip = build_pppk_nip(birth, year, 1, sex, self._sequence(prefix))
            emp.kind, emp.status = "pppk", "pppk"
            emp.appointment_date = start
            emp.rank = self.rank_by_code[PPPK_GRADE.get(level, "PPPK-IX")]
            emp.rank_effective_from = start
            self.stats.pppk += 1
        else:
            if cpns:
                tmt = _month_add(_first_of_month(today), -rng.randint(1, 11))
            else:
                entry = rng.randint(entry_min, max(entry_min, min(entry_min + 9, age_now - 2)))
                year = min(birth.year + entry, today.year - 2)
                tmt = dt.date(year, rng.choice([1, 2, 3, 3, 4, 12]), 1)
                if (tmt - birth).days < 19 * 365:
                    tmt = _first_of_month(add_years(birth, 19)) + dt.timedelta(days=31)
                    tmt = tmt.replace(day=1)
            prefix = build_pns_nip(birth, tmt, sex, 0)[:15]
            emp.nip = build_pns_nip(birth, tmt, sex, self._sequence(prefix))
            emp.kind = "pns"
            emp.status = "cpns" if cpns else "pns"
            emp.tmt_cpns = tmt
            emp.tmt_pns = None if cpns else add_years(tmt, 1)
            start = tmt
            rank_steps = self._rank(emp, spec, level)
            self.stats.cpns += cpns
        if retiring:
            self.stats.retiring_12m += 1
        first, *middle = (
            [self.faker.first_name_female(), self.faker.last_name_female()]
            if sex == "f"
            else [self.faker.first_name_male(), self.faker.last_name_male()]
        )
        if rng.random() < 0.25:
            first = f"{first} {self.faker.first_name_female() if sex == 'f' else self.faker.first_name_male()}"
        emp.name = " ".join([first, *middle])[:150]
        emp.front_title, emp.back_title = titles_for(rng, level, spec.profession, born=birth.year)
        day = birth.day + (40 if sex == "f" else 0)
        emp.nik = (
            f"{PROVINCE_CODE}{nik_code}{rng.randint(1, 20):02d}"
            f"{day:02d}{birth.month:02d}{birth.year % 100:02d}{rng.randint(1, 9999):04d}"
        )
        emp.address = f"{self.faker.street_address()}, {regency}"[:250]
        emp.phone = f"08{rng.choice(['11', '12', '13', '21', '52', '53', '77', '95'])}{rng.randint(10**7, 10**8 - 1)}"
        # Position TMT: heads took office 0-6 years ago; staff since entry or a later move.
        service_years = max(0, (today - start).days // 365)
        back = rng.randint(0, min(service_years, 6 if is_head else 10))
        pos_from = _first_of_month(add_years(today, -back)) if back else start
        emp.position_effective_from = max(start, min(pos_from, today))
        kgb_years = (today - start).days // 365
        emp.last_kgb_date = add_years(start, kgb_years - kgb_years % 2) if kgb_years >= 2 else None
        self.stats.employees += 1
        return Person(spec, emp, level, spec.profession, regency, start, bup, rank_steps=rank_steps)

    def _rank(self, emp: Employee, spec: PositionSpec, level: str) -> list[tuple[Rank, dt.date]]:
        """Set the PNS's rank; its ranks so far, (rank, TMT)."""
        rng, today = self.rng, self.today
        edu = self.levels[level]
        starting_rank, highest_rank = edu.starting_rank, edu.highest_rank
        # The education levels' reference rows carry both (migration data).
        assert starting_rank is not None and highest_rank is not None
        start_order = starting_rank.order
        ceiling = highest_rank.order
        tmt_cpns = emp.tmt_cpns
        assert tmt_cpns is not None  # set by `make` before the rank
        years = max(0, (today - tmt_cpns).days // 365)
        steps = max(0, years // 4 - (1 if rng.random() < 0.25 else 0))
        order = min(start_order + steps, ceiling)
        if emp.status == "cpns":
            order = start_order
        floor = STRUCTURAL_MIN_RANK.get(spec.kind)
        if floor and order < floor:
            order = min(17, floor + (1 if rng.random() < 0.3 else 0))
        emp.rank = self.ranks[("pns", order)]
        # Rank TMTs: the start rank at TMT CPNS, then evenly spread promotions (1 April/October).
        steps_taken = order - start_order
        tmts = [tmt_cpns]
        latest = _period_on_or_before(today)
        if steps_taken:
            gap = max(1, (today - tmt_cpns).days - 180) / steps_taken
            for k in range(1, steps_taken + 1):
                d = _period_on_or_before(tmt_cpns + dt.timedelta(days=int(gap * k)))
                if d <= tmts[-1]:
                    d = _month_add(tmts[-1], 6)
                tmts.append(max(tmts[-1], min(d, latest)))
        emp.rank_effective_from = tmts[-1]
        return [(self.ranks[("pns", start_order + k)], tmts[k]) for k in range(len(tmts))]

    # -- the histories ---------------------------------------------------------------------
    def records(self, person: Person, previous: PositionSpec | None) -> dict[str, list]:
        rng, today, emp = self.rng, self.today, person.employee
        out: dict[str, list] = {k: [] for k in ("rank", "position", "education", "predikat")}
        steps = person.rank_steps
        if not steps:  # a PPPK: the one grade `make` set
            assert emp.rank is not None and emp.rank_effective_from is not None
            steps = [(emp.rank, emp.rank_effective_from)]
        # Set by `make` on every employee.
        position_from, birth_date = emp.position_effective_from, emp.birth_date
        assert position_from is not None and birth_date is not None
        seen = set()
        for rank, tmt in steps:
            if (rank.pk, tmt) in seen:
                continue
            seen.add((rank.pk, tmt))
            out["rank"].append(
                {
                    "employee_id": emp.pk,
                    "rank_id": rank.pk,
                    "effective_from": tmt,
                    "decree_number": f"823.{rng.randint(1, 4)}/{rng.randint(100, 9999)}/BKD/{tmt.year}",
                    "decree_date": tmt - dt.timedelta(days=rng.randint(10, 60)),
                }
            )
        if (
            previous is not None
            and previous.obj is not None
            and position_from > person.service_start
        ):
            previous_unit = previous.unit.obj
            assert previous_unit is not None  # the org plan is written before the employees
            out["position"].append(
                {
                    "employee_id": emp.pk,
                    "position_id": previous.obj.pk,
                    "org_unit_id": previous_unit.pk,
                    "effective_from": person.service_start,
                    "effective_until": position_from - dt.timedelta(days=1),
                    "decree_number": f"821.2/{rng.randint(100, 9999)}/BKD/{person.service_start.year}",
                }
            )
        out["position"].append(
            {
                "employee_id": emp.pk,
                "position_id": emp.position_id,
                "org_unit_id": emp.org_unit_id,
                "effective_from": position_from,
                "decree_number": f"821.2/{rng.randint(100, 9999)}/BKD/{position_from.year}",
            }
        )
        born = birth_date.year
        chain = {"SLTA": ["SLTA"], "D3": ["SLTA", "D3"], "D4": ["SLTA", "D4"], "S1": ["SLTA", "S1"],
                 "S2": ["SLTA", "S1", "S2"], "S3": ["SLTA", "S1", "S2", "S3"]}[person.level]  # fmt: skip
        grad = {"SLTA": 18, "D3": 21, "D4": 22, "S1": 22, "S2": 27, "S3": 33}
        for lvl in chain:
            year = min(born + grad[lvl] + (rng.randint(0, 2) if lvl != "SLTA" else 0), today.year)
            if lvl in {"S2", "S3"}:
                year = min(today.year - 1, max(year, born + grad[lvl] + rng.randint(0, 8)))
            out["education"].append(
                {
                    "employee_id": emp.pk,
                    "level_id": self.levels[lvl].pk,
                    "institution": institution_for(rng, lvl, person.profession, person.regency),
                    "major": major_for(rng, lvl, person.profession),
                    "graduation_year": year,
                }
            )
        choices, weights = zip(*PREDIKATS, strict=True)
        for year in range(today.year - 3, today.year):
            if dt.date(year, 7, 1) < person.service_start:
                continue
            out["predikat"].append(
                {
                    "employee_id": emp.pk,
                    "year": year,
                    "predikat": rng.choices(choices, weights)[0],
                    "source": "import",
                }
            )
        return out

    def discipline(self, person: Person, *, in_force: bool) -> DisciplineRecord:
        rng, today = self.rng, self.today
        if in_force:
            severity = rng.choice(["moderate", "moderate", "severe"])
            decided = today - dt.timedelta(days=rng.randint(20, 120))
        else:
            severity = rng.choices(["light", "moderate", "severe"], [6, 3, 1])[0]
            decided = today - dt.timedelta(days=rng.randint(420, 1500))
        start = decided + dt.timedelta(days=7)
        sanction = rng.choice(SANCTIONS[severity])
        months = (
            12
            if severity == "severe"
            else int(sanction.split("selama ")[1].split()[0])
            if severity == "moderate"
            else 0
        )
        until = _month_add(start, months) - dt.timedelta(days=1) if months else start
        self.stats.discipline += 1
        self.stats.discipline_in_force += int(until >= today)
        return DisciplineRecord(
            employee=person.employee,
            severity=severity,
            sanction=sanction,
            decree_number=f"800.1.6.4/{rng.randint(10, 999)}/BKD/{decided.year}",
            decided_on=decided,
            effective_from=start,
            effective_until=until,
        )

    def awards(self, person: Person) -> list[Award]:
        rng, today, emp = self.rng, self.today, person.employee
        if emp.kind != "pns" or rng.random() > 0.4:
            return []
        years = (today - person.service_start).days // 365
        out = []
        for milestone, roman in ((10, "X"), (20, "XX"), (30, "XXX")):
            if years >= milestone + 1:
                year = min(
                    person.service_start.year + milestone + rng.randint(0, 1), today.year - 1
                )
                out.append(
                    Award(
                        employee=emp,
                        name=f"Satyalancana Karya Satya {roman} Tahun",
                        issuer="Presiden Republik Indonesia",
                        awarded_on=dt.date(year, 8, 17),
                        decree_number=f"{rng.randint(10, 150)}/TK/Tahun {year}",
                    )
                )
        if rng.random() < 0.03:
            year = today.year - rng.randint(1, 3)
            out.append(
                Award(
                    employee=emp,
                    name="Pegawai Teladan Tingkat Provinsi",
                    issuer="Gubernur Jambi",
                    awarded_on=dt.date(year, 11, 29),
                    decree_number=f"{rng.randint(100, 1500)}/KEP.GUB/BKD/{year}",
                )
            )
        self.stats.awards += len(out)
        return out


def write_employees(
    plan: OrgPlan,
    factory: EmployeeFactory,
    *,
    users_for: dict[str, User],
    vacant: set[str],
    plt_for: set[str],
    batch_size: int = 4000,
    progress=None,
) -> dict[str, Person]:
    """Create every employee and their records. Returns the first holder of each position."""
    rng = factory.rng
    slots: list[PositionSpec] = []
    for p in plan.positions:
        slots.extend([p] * p.holders)
    # a previous position for those who moved: a staff position of the same OPD
    staff_by_opd: dict[str, list[PositionSpec]] = {}
    for p in plan.positions:
        if not p.is_head and p.unit.opd is not None:
            staff_by_opd.setdefault(p.unit.opd.code, []).append(p)
    holders: dict[str, Person] = {}
    # Who may take the fallback discipline record below; not kept once one is in force.
    pns_fallback: list[Person] = []
    done = 0
    for chunk in batches(slots, batch_size):
        persons = []
        for spec in chunk:
            person = factory.make(spec)
            if spec.code in users_for and spec.code not in holders:
                person.employee.user = users_for[spec.code]
            holders.setdefault(spec.code, person)
            persons.append(person)
        bulk_create_with_history(
            [p.employee for p in persons],
            Employee,
            batch_size=1000,
            default_change_reason=HISTORY_REASON,
        )
        rows: dict[str, list] = {"rank": [], "position": [], "education": [], "predikat": [], "discipline": [], "award": []}  # fmt: skip
        for person in persons:
            pool = staff_by_opd.get(person.spec.unit.opd.code if person.spec.unit.opd else "", [])
            previous = None
            if pool and (person.spec.is_head or rng.random() < 0.3):
                previous = rng.choice(pool)
                if previous is person.spec:
                    previous = None
            for key, items in factory.records(person, previous).items():
                rows[key].extend(items)
            if person.employee.kind == "pns" and person.employee.status == "pns":
                r = rng.random()
                if r < 0.004:
                    rows["discipline"].append(factory.discipline(person, in_force=True))
                elif r < 0.010:
                    rows["discipline"].append(factory.discipline(person, in_force=False))
            rows["award"].extend(factory.awards(person))
        models = {"rank": RankHistory, "position": PositionHistory, "education": EducationHistory,
                  "predikat": AnnualPredikat, "discipline": DisciplineRecord, "award": Award}  # fmt: skip
        for key, objs in rows.items():
            if not objs:
                continue
            if key in PLAIN_ROWS:  # dicts, written without a model instance per row
                insert_rows(models[key], objs, history_reason=HISTORY_REASON)
            else:
                bulk_create_with_history(
                    objs, models[key], batch_size=1000, default_change_reason=HISTORY_REASON
                )
            factory.stats.rows[key] = factory.stats.rows.get(key, 0) + len(objs)
        for person in persons:  # keep only what the acting step needs
            person.records = []
            person.rank_steps = None
        if factory.stats.discipline_in_force == 0:
            pns_fallback.extend(p for p in persons if p.employee.status == "pns")
        else:
            pns_fallback = []
        done += len(persons)
        if progress:
            progress(done, len(slots))
    if factory.stats.discipline_in_force == 0 and pns_fallback:
        rec = factory.discipline(rng.choice(pns_fallback), in_force=True)
        bulk_create_with_history([rec], DisciplineRecord, default_change_reason=HISTORY_REASON)
    write_acting(plan, factory, holders, plt_for)
    factory.stats.vacant_heads = len(vacant)
    return holders
