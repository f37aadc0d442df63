"""The SKP cycle of the demo province: the current year opened quarterly, the
organisational predikat of every unit for the past periods and the year, the year's SKP for most
employees in every state (draft, submitted, returned, approved), cascaded along the position tree
from the top (the Sekda writes from the performance agreement, each level below supports its
appraiser's RHK), indicators with targets, the 7 BerAKHLAK expectations, activities with evidence
links, realisations per quarter, feedback, and evaluations of the past quarters with a realistic
predikat distribution (some released or acknowledged, one objection).

The year is opened through the service; everything else is written in bulk (the services work row
by row and derive the appraiser with a few queries each). The appraiser and the appraiser's
superior are derived here the way `services._derive_chain` does (acting officials first, vacant
positions passed over) from three queries, and the tests check that both agree for every SKP.
Employees without a login of their own (most of the demo province) are recorded as entered by
the BKPSDM admin, the way an operator keys in data for staff without an account.

Everything is drawn from a Random of its own, so the same seed gives the same SKPs and the rest of
the province does not change with this module.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from abdi.core.calendar import JAKARTA
from abdi.core.models import Notification
from abdi.employees.models import ActingAssignment, Employee, PositionHistory
from abdi.org.models import OrgUnit, Position
from abdi.performance import services
from abdi.performance.choices import (
    Approach,
    EvaluationStatus,
    IndicatorAspect,
    ObjectionStatus,
    OrgPredikat,
    PeriodKind,
    Rating,
    SKPAction,
    SKPStatus,
    WorkResultKind,
)
from abdi.performance.models import (
    SKP,
    Activity,
    BehaviourExpectation,
    BehaviourValue,
    Evaluation,
    EvaluationAdjustment,
    Feedback,
    Indicator,
    Objection,
    OrgUnitPredikat,
    PerformancePeriod,
    PerformanceYear,
    Realisation,
    SKPEvent,
    WorkResult,
)

HISTORY_REASON = "Data demo (seed_demo)"
SEED_OFFSET = 3_000_003  # this module's own Random: seed + offset
MAX_CHAIN = 20
BATCH = 2000

# Share of the active employees' SKPs per state; the rest (≈4 %) have not started.
LEAF_STATES = [
    (SKPStatus.APPROVED, 0.72),
    (SKPStatus.SUBMITTED, 0.10),
    (SKPStatus.RETURNED, 0.05),
    (SKPStatus.DRAFT, 0.09),
    (None, 0.04),
]
# Appraisers are almost always approved (their staff cascade from them).
APPRAISER_STATES = [(SKPStatus.APPROVED, 0.94), (SKPStatus.SUBMITTED, 0.04), (None, 0.02)]
ORG_PREDIKATS = [
    (OrgPredikat.ISTIMEWA, 0.15),
    (OrgPredikat.BAIK, 0.72),
    (OrgPredikat.BUTUH_PERBAIKAN, 0.11),
    (OrgPredikat.KURANG, 0.02),
]
WORK_RATINGS = [(Rating.ABOVE, 0.25), (Rating.MEETS, 0.60), (Rating.BELOW, 0.15)]
BEHAVIOUR_RATINGS = [(Rating.ABOVE, 0.30), (Rating.MEETS, 0.63), (Rating.BELOW, 0.07)]

AGREEMENT_RHK = [
    "Meningkatnya kualitas tata kelola pemerintahan daerah",
    "Meningkatnya kualitas pelayanan publik di seluruh perangkat daerah",
    "Terwujudnya reformasi birokrasi yang berdampak",
]
HEAD_RHK = [
    "Meningkatnya capaian kinerja {unit}",
    "Meningkatnya kualitas layanan {unit}",
    "Terwujudnya akuntabilitas kinerja dan anggaran {unit}",
]
MIDDLE_RHK = [
    "Terlaksananya program dan kegiatan {unit} sesuai rencana",
    "Tersusunnya dokumen perencanaan dan evaluasi {unit}",
    "Meningkatnya mutu layanan {unit}",
]
STAFF_RHK = [
    "Tersusunnya laporan kegiatan {unit}",
    "Terlaksananya verifikasi dokumen administrasi {unit}",
    "Terkelolanya data dan arsip {unit}",
    "Terlaksananya pelayanan kepada masyarakat pada {unit}",
    "Tersedianya bahan rapat dan telaah staf {unit}",
]
ADDITIONAL_RHK = [
    "Menjadi anggota tim penyusun laporan kinerja instansi",
    "Menjadi narasumber sosialisasi internal",
    "Menjadi panitia kegiatan hari besar nasional",
]
# (aspect, description, target, unit); a quarter's realisation is target/4 for counts.
QUANTITY_INDICATORS = [
    ("Jumlah laporan yang tersusun", 12, "laporan"),
    ("Jumlah dokumen yang diverifikasi", 240, "dokumen"),
    ("Jumlah layanan yang diselesaikan", 600, "layanan"),
    ("Jumlah kegiatan yang terlaksana", 8, "kegiatan"),
]
QUALITY_INDICATORS = [
    ("Persentase dokumen yang diterima tanpa revisi", 90, "persen"),
    ("Indeks kepuasan pengguna layanan", 85, "indeks"),
]
TIME_INDICATOR = ("Ketepatan waktu penyelesaian", 12, "bulan")
QUALITATIVE_TARGETS = [
    "Laporan diterima pimpinan tanpa revisi dan tepat waktu",
    "Layanan diberikan sesuai standar pelayanan tanpa pengaduan",
]
EXPECTATIONS = {
    "berorientasi_pelayanan": "Memberikan layanan yang ramah, cepat dan tuntas kepada pengguna {unit}.",
    "akuntabel": "Menyelesaikan setiap tugas dengan jujur, cermat dan dapat dipertanggungjawabkan.",
    "kompeten": "Mengikuti minimal satu pengembangan kompetensi dan berbagi ilmu kepada rekan kerja.",
    "harmonis": "Menjaga suasana kerja yang saling menghargai di lingkungan {unit}.",
    "loyal": "Menjaga nama baik instansi dan kerahasiaan data yang dikelola.",
    "adaptif": "Terbuka pada cara kerja baru, termasuk layanan digital.",
    "kolaboratif": "Aktif bekerja sama lintas tim untuk menyelesaikan pekerjaan bersama.",
}  # fmt: skip
ACTIVITY_TEXT = [
    ("Menyusun draf laporan", "Draf laporan"),
    ("Memverifikasi berkas masuk", "Berkas terverifikasi"),
    ("Mengikuti rapat koordinasi", "Notula rapat"),
    ("Melayani permohonan masyarakat", "Permohonan selesai"),
    ("Memperbarui basis data", "Data mutakhir"),
    ("Menyiapkan bahan paparan pimpinan", "Bahan paparan"),
]
RETURN_NOTES = [
    "Target kuantitas belum terukur, mohon dilengkapi dengan satuan yang jelas.",
    "RHK kedua belum selaras dengan RHK atasan, mohon diperbaiki.",
    "Indikator waktu perlu disesuaikan dengan jadwal kegiatan bidang.",
]
FEEDBACK_TEXT = [
    "Capaian triwulan ini sudah baik, pertahankan ketepatan waktunya.",
    "Mohon bukti dukung kegiatan dilengkapi agar mudah diverifikasi.",
    "Koordinasi dengan seksi lain perlu ditingkatkan.",
    "Terima kasih atas inisiatifnya membantu tim saat beban kerja tinggi.",
]
SELF_ASSESSMENT = [
    "Target triwulan tercapai sesuai rencana.",
    "Sebagian kegiatan tertunda karena menunggu data dari unit lain.",
    "Capaian melebihi rencana berkat dukungan tim.",
]
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class PerformanceStats:
    skps: Counter = field(default_factory=Counter)
    rows: Counter = field(default_factory=Counter)
    predikat: Counter = field(default_factory=Counter)
    evaluations: Counter = field(default_factory=Counter)


@dataclass
class Person:
    employee_id: int
    name: str
    user_id: int | None
    position_id: int | None
    unit_id: int
    is_head: bool
    appraiser: int | None = None
    superior: int | None = None
    level: int = 0


def _pick(rng: random.Random, weighted):
    x, acc = rng.random(), 0.0
    for value, weight in weighted:
        acc += weight
        if x < acc:
            return value
    return weighted[-1][0]


def _at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=JAKARTA)


# ---------------------------------------------------------------- the chain, in memory


class Chain:
    """`selectors_org.supervisor_of` and `services._derive_chain` over in-memory maps."""

    def __init__(self, on: dt.date):
        self.positions = {
            pid: (parent, active)
            for pid, parent, active in Position.objects.values_list(
                "pk", "reports_to_id", "is_active"
            )
        }
        self.acting: dict[int, int] = {}
        for pid, eid in (
            ActingAssignment.objects.filter(
                start_date__lte=on, end_date__gte=on, employee__is_active=True
            )
            .order_by("position_id", "kind", "-start_date")
            .values_list("position_id", "employee_id")
        ):
            self.acting.setdefault(pid, eid)
        self.history_holder: dict[int, int] = {}
        self.own_position: dict[int, int] = {}
        rows = (
            PositionHistory.objects.filter(effective_from__lte=on)
            .filter(Q(effective_until__gte=on) | Q(effective_until__isnull=True))
            .order_by("-effective_from")
            .values_list("position_id", "employee_id", "effective_until", "employee__is_active")
        )
        for pid, eid, until, active in rows:
            if until is not None or active:
                self.history_holder.setdefault(pid, eid)
            self.own_position.setdefault(eid, pid)
        self.first_holder: dict[int, int] = {}
        for pid, eid in (
            Employee.objects.filter(is_active=True, position__isnull=False)
            .order_by("nip")
            .values_list("position_id", "pk")
        ):
            self.first_holder.setdefault(pid, eid)

    def holder(self, pid: int) -> int | None:
        return self.acting.get(pid) or self.history_holder.get(pid) or self.first_holder.get(pid)

    def position_of(self, person: Person) -> int | None:
        return self.own_position.get(person.employee_id) or person.position_id

    def above(self, pid: int | None, exclude: set[int]) -> tuple[int | None, int | None]:
        current = self.positions.get(pid, (None, None))[0] if pid else None
        for _step in range(MAX_CHAIN):
            if current is None or current not in self.positions:
                return None, None
            parent, active = self.positions[current]
            if active:
                holder = self.holder(current)
                if holder is not None and holder not in exclude:
                    return holder, current
            current = parent
        return None, None

    def derive(self, person: Person, people: dict[int, Person]) -> tuple[int | None, int | None]:
        appraiser, via = self.above(self.position_of(person), {person.employee_id})
        if appraiser is None:
            return None, None
        superior, _via = self.above(via, {person.employee_id, appraiser})
        return appraiser, superior


# ---------------------------------------------------------------- the builder


class Builder:
    def __init__(self, *, seed: int, today: dt.date, users: dict, progress=None):
        self.rng = random.Random(seed + SEED_OFFSET)
        self.today = today
        self.year = today.year
        self.admin = users["admin"]
        self.users = users
        self.stats = PerformanceStats()
        self.progress = progress

    # -- helpers
    def actor_id(self, person: Person | None) -> int:
        return person.user_id if person and person.user_id else self.admin.pk

    def create(self, model, objs: list, history: bool = True) -> list:
        if not objs:
            return objs
        self.stats.rows[model._meta.model_name] += len(objs)
        if history and hasattr(model, "history"):
            return bulk_create_with_history(
                objs,
                model,
                batch_size=BATCH,
                default_user=self.admin,
                default_change_reason=HISTORY_REASON,
            )
        return model.objects.bulk_create(objs, batch_size=BATCH)

    def day_between(self, start: dt.date, end: dt.date) -> dt.date:
        end = min(end, self.today)
        if end <= start:
            return start
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))

    # -- steps
    def run(self) -> PerformanceStats:
        self.open_year()
        self.people()
        self.org_predikat()
        self.plan_states()
        self.write_skps()
        self.write_content()
        self.write_execution()
        self.write_evaluations()
        self.write_notifications()
        return self.stats

    def open_year(self) -> None:
        py = PerformanceYear.objects.filter(year=self.year).first()
        if py is None:
            py = services.performance_year_open(
                actor=self.admin,
                year=self.year,
                cadence="quarterly",
                skp_deadline=dt.date(self.year, 1, 31),
            )
        self.py = py
        periods = list(py.periods.order_by("start", "kind"))
        self.annual = next(p for p in periods if p.kind == PeriodKind.YEAR)
        self.quarters = [p for p in periods if p.kind != PeriodKind.YEAR]
        self.past = [p for p in self.quarters if p.end < self.today]
        self.current = next((p for p in self.quarters if p.start <= self.today <= p.end), None)
        # Quarters whose evaluation deadline passed long ago are closed for realisations.
        closed = [p.pk for p in self.past if p.evaluation_due + dt.timedelta(30) < self.today]
        PerformancePeriod.objects.filter(pk__in=closed).update(is_closed=True)
        self.matrix = services.predikat_matrix(dt.date(self.year, 6, 30))
        self.head_mapping = services.head_rating_mapping(dt.date(self.year, 6, 30))
        self.values = list(BehaviourValue.objects.order_by("order"))

    def people(self) -> None:
        on = services._date_in_year(self.year, self.today)
        chain = Chain(on)
        heads = set(Position.objects.filter(is_unit_head=True).values_list("pk", flat=True))
        self.people_by_id: dict[int, Person] = {}
        for pk, name, user_id, position_id, unit_id in (
            Employee.objects.filter(is_active=True)
            .order_by("nip")
            .values_list("pk", "name", "user_id", "position_id", "org_unit_id")
        ):
            self.people_by_id[pk] = Person(
                pk, name, user_id, position_id, unit_id, position_id in heads
            )
        for person in self.people_by_id.values():
            person.position_id = chain.position_of(person)
            person.is_head = person.position_id in heads
            person.appraiser, person.superior = chain.derive(person, self.people_by_id)

        def level(person: Person, depth: int = 0) -> int:
            if person.appraiser is None or depth > MAX_CHAIN:
                return 0
            boss = self.people_by_id.get(person.appraiser)
            return 0 if boss is None else 1 + level(boss, depth + 1)

        for person in self.people_by_id.values():
            person.level = level(person)
        self.appraisers = {p.appraiser for p in self.people_by_id.values() if p.appraiser}
        self.units = dict(OrgUnit.objects.values_list("pk", "name"))
        self.unit_paths = dict(OrgUnit.objects.values_list("pk", "path"))

    def org_predikat(self) -> None:
        """Every unit with a head, and the province itself, for the past quarters and the year."""
        head_units = set(
            Position.objects.filter(is_unit_head=True, is_active=True).values_list(
                "org_unit_id", flat=True
            )
        )
        root_ids = set(OrgUnit.objects.filter(depth=1).values_list("pk", flat=True))
        rows, self.org = [], {}
        for unit_id in sorted(head_units | root_ids):
            base = _pick(self.rng, ORG_PREDIKATS)
            for period in [*self.past, self.annual]:
                predikat = base if self.rng.random() < 0.8 else _pick(self.rng, ORG_PREDIKATS)
                self.org[(unit_id, period.pk)] = predikat
                rows.append(
                    OrgUnitPredikat(
                        org_unit_id=unit_id,
                        period=period,
                        predikat=predikat,
                        basis="Hasil evaluasi SAKIP dan capaian indikator kinerja utama"
                        if period.kind == PeriodKind.YEAR
                        else f"Capaian indikator kinerja utama {period.code}",
                        recorded_by=self.admin,
                    )
                )
        self.create(OrgUnitPredikat, rows)

    def plan_states(self) -> None:
        """The state of each SKP, top-down: a main RHK can only support an approved SKP's RHK, so
        below an appraiser whose SKP is not approved the SKP is at most a fresh draft."""
        self.state: dict[int, str | None] = {}
        ordered = sorted(self.people_by_id.values(), key=lambda p: (p.level, p.employee_id))
        self.ordered = ordered
        demo = {u.employee.pk: name for name, u in self._demo_people().items()}
        keep_approved = set()
        for emp_id in demo:  # the demo logins and the chain above them are approved
            person = self.people_by_id.get(emp_id)
            while person is not None and person.employee_id not in keep_approved:
                keep_approved.add(person.employee_id)
                person = self.people_by_id.get(person.appraiser) if person.appraiser else None
        for person in ordered:
            boss_state = self.state.get(person.appraiser) if person.appraiser else "top"
            if person.employee_id in keep_approved:
                state = SKPStatus.APPROVED
            elif person.employee_id in self.appraisers:
                state = _pick(self.rng, APPRAISER_STATES)
            else:
                state = _pick(self.rng, LEAF_STATES)
            if boss_state not in ("top", SKPStatus.APPROVED) and state is not None:
                state = SKPStatus.DRAFT  # nothing to cascade from yet
            self.state[person.employee_id] = state
        # The supervisor login sees work waiting: one SKP to decide and one returned.
        atasan = self._demo_people().get("atasan")
        if atasan is not None:
            team = [
                p
                for p in ordered
                if p.appraiser == atasan.employee.pk and p.employee_id not in keep_approved
            ]
            for person, state in zip(team, (SKPStatus.SUBMITTED, SKPStatus.RETURNED), strict=False):
                if person.employee_id not in self.appraisers:
                    self.state[person.employee_id] = state

    def _demo_people(self) -> dict:
        found = {}
        for name in ("atasan", "pegawai"):
            user = self.users.get(name)
            employee = getattr(user, "employee", None) if user else None
            if employee is not None and employee.pk in getattr(self, "people_by_id", {}):
                found[name] = user
        return found

    def write_skps(self) -> None:
        skps = []
        self.skp_of: dict[int, SKP] = {}
        start = dt.date(self.year, 1, 2)
        for person in self.ordered:
            state = self.state[person.employee_id]
            if state is None:
                continue
            created = self.day_between(start, dt.date(self.year, 1, 20))
            skp = SKP(
                employee_id=person.employee_id,
                performance_year=self.py,
                version=1,
                status=state,
                approach=Approach.QUALITATIVE
                if self.rng.random() < 0.08
                else Approach.QUANTITATIVE,
                position_id=person.position_id,
                org_unit_id=person.unit_id,
                appraiser_id=person.appraiser,
                appraiser_superior_id=person.superior,
                from_performance_agreement=person.appraiser is None,
            )
            skp._created = created
            if state != SKPStatus.DRAFT:
                skp.submitted_at = _at(
                    self.day_between(created, created + dt.timedelta(12)), 10, 15
                )
            if state == SKPStatus.APPROVED:
                skp.approved_at = _at(
                    self.day_between(
                        skp.submitted_at.date() + dt.timedelta(1),
                        skp.submitted_at.date() + dt.timedelta(14),
                    ),
                    14,
                    30,
                )
                boss = self.people_by_id.get(person.appraiser) if person.appraiser else None
                skp.approved_by_id = self.actor_id(boss)
            skps.append(skp)
            self.stats.skps[state] += 1
        self.create(SKP, skps)
        for skp in skps:
            self.skp_of[skp.employee_id] = skp
        SKP.objects.bulk_update(
            [self._stamp(s, _at(s._created, 8)) for s in skps], ["created_at", "updated_at"], BATCH
        )

    @staticmethod
    def _stamp(obj, when: dt.datetime):
        obj.created_at = obj.updated_at = when
        return obj

    def write_content(self) -> None:
        """RHK level by level (the cascade needs the appraiser's RHK ids), then indicators,
        expectations and workflow events."""
        self.main_results: dict[int, list[WorkResult]] = {}
        self.all_results: dict[int, list[WorkResult]] = defaultdict(list)
        by_level: dict[int, list[Person]] = defaultdict(list)
        for person in self.ordered:
            if person.employee_id in self.skp_of:
                by_level[person.level].append(person)
        for level in sorted(by_level):
            rows = []
            for person in by_level[level]:
                rows.extend(self._work_results(person))
            self.create(WorkResult, rows)
            for wr in rows:
                self.all_results[wr.skp_id].append(wr)
                if wr.kind == WorkResultKind.MAIN:
                    self.main_results.setdefault(wr._employee, []).append(wr)
        indicators = []
        for skp in self.skp_of.values():
            for wr in self.all_results.get(skp.pk, []):
                indicators.extend(self._indicators(skp, wr))
        self.create(Indicator, indicators)
        self.indicators: dict[int, list[Indicator]] = defaultdict(list)
        for ind in indicators:
            self.indicators[ind._skp].append(ind)
        expectations, events = [], []
        for person in self.ordered:
            skp = self.skp_of.get(person.employee_id)
            if skp is None:
                continue
            boss = self.people_by_id.get(person.appraiser) if person.appraiser else None
            writer = self.actor_id(boss)
            complete = skp.status != SKPStatus.DRAFT or self.rng.random() < 0.5
            if complete:
                unit = self.units.get(person.unit_id, "")
                for value in self.values:
                    text = EXPECTATIONS.get(value.code, "Menunjukkan perilaku {unit}.")
                    expectations.append(
                        BehaviourExpectation(
                            skp=skp,
                            behaviour_value=value,
                            expectation=text.format(unit=unit),
                            written_by_id=writer,
                        )
                    )
            events.extend(self._events(person, skp, writer))
        self.create(BehaviourExpectation, expectations)
        created = self.create(SKPEvent, [e for e, _when in events])
        for event, (_e, when) in zip(created, events, strict=True):
            event.created_at = when
        SKPEvent.objects.bulk_update(created, ["created_at"], BATCH)

    def _work_results(self, person: Person) -> list[WorkResult]:
        skp = self.skp_of[person.employee_id]
        unit = self.units.get(person.unit_id, "")
        boss_results = self.main_results.get(person.appraiser, []) if person.appraiser else []
        if skp.status == SKPStatus.DRAFT and person.appraiser and not boss_results:
            return []  # a fresh draft: the appraiser's SKP is not approved yet
        if skp.status == SKPStatus.DRAFT and self.rng.random() < 0.3:
            count = 1  # still being written
        else:
            count = 3 if person.employee_id in self.appraisers else self.rng.choice((2, 2, 3))
        if person.appraiser is None:
            titles = AGREEMENT_RHK[:count]
        else:
            pool = (
                HEAD_RHK
                if person.level == 1
                else MIDDLE_RHK
                if person.employee_id in self.appraisers
                else STAFF_RHK
            )
            titles = [t.format(unit=unit) for t in self.rng.sample(pool, min(count, len(pool)))]
        rows = []
        for n, title in enumerate(titles, start=1):
            wr = WorkResult(
                skp=skp,
                kind=WorkResultKind.MAIN,
                title=title[:500],
                supports=boss_results[(n - 1) % len(boss_results)] if boss_results else None,
                order=n,
            )
            wr._employee = person.employee_id
            rows.append(wr)
        if self.rng.random() < 0.2 and skp.status != SKPStatus.DRAFT:
            wr = WorkResult(
                skp=skp,
                kind=WorkResultKind.ADDITIONAL,
                title=self.rng.choice(ADDITIONAL_RHK),
                order=len(rows) + 1,
            )
            wr._employee = person.employee_id
            rows.append(wr)
        return rows

    def _indicators(self, skp: SKP, wr: WorkResult) -> list[Indicator]:
        rows = []
        if skp.approach == Approach.QUALITATIVE:
            rows.append(
                Indicator(
                    work_result=wr,
                    aspect=IndicatorAspect.QUALITY,
                    description="Mutu hasil kerja",
                    target_description=self.rng.choice(QUALITATIVE_TARGETS),
                )
            )
        else:
            desc, target, unit = self.rng.choice(QUANTITY_INDICATORS)
            rows.append(
                Indicator(
                    work_result=wr,
                    aspect=IndicatorAspect.QUANTITY,
                    description=desc,
                    target_value=Decimal(target),
                    target_unit=unit,
                )
            )
            desc, target, unit = (
                self.rng.choice(QUALITY_INDICATORS) if self.rng.random() < 0.4 else TIME_INDICATOR
            )
            rows.append(
                Indicator(
                    work_result=wr,
                    aspect=IndicatorAspect.QUALITY if unit != "bulan" else IndicatorAspect.TIME,
                    description=desc,
                    target_value=Decimal(target),
                    target_unit=unit,
                )
            )
        for ind in rows:
            ind._skp = skp.pk
        return rows

    def _events(self, person: Person, skp: SKP, approver: int):
        owner = self.actor_id(person)
        created = _at(skp._created, 8, 30)
        events = [(SKPEvent(skp=skp, action=SKPAction.CREATE, actor_id=owner), created)]
        if skp.status == SKPStatus.DRAFT:
            return events
        submitted = skp.submitted_at
        if skp.status == SKPStatus.RETURNED or (
            skp.status == SKPStatus.APPROVED and self.rng.random() < 0.15
        ):
            first = submitted - dt.timedelta(days=3)
            note = self.rng.choice(RETURN_NOTES)
            events += [
                (SKPEvent(skp=skp, action=SKPAction.SUBMIT, actor_id=owner), first),
                (
                    SKPEvent(skp=skp, action=SKPAction.RETURN, actor_id=approver, note=note),
                    first + dt.timedelta(days=1, hours=3),
                ),
            ]
            if skp.status == SKPStatus.RETURNED:
                return events
        events.append((SKPEvent(skp=skp, action=SKPAction.SUBMIT, actor_id=owner), submitted))
        if skp.status == SKPStatus.APPROVED:
            events.append(
                (
                    SKPEvent(skp=skp, action=SKPAction.APPROVE, actor_id=skp.approved_by_id),
                    skp.approved_at,
                )
            )
        return events

    # -- execution: activities, realisations, feedback
    def write_execution(self) -> None:
        approved = [s for s in self.skp_of.values() if s.status == SKPStatus.APPROVED]
        demo = self._demo_people()
        pegawai = demo.get("pegawai")
        pegawai_skp = self.skp_of.get(pegawai.employee.pk) if pegawai else None
        activities, realisations, feedback = [], [], []
        for skp in approved:
            person = self.people_by_id[skp.employee_id]
            results = [
                wr for wr in self.all_results.get(skp.pk, []) if wr.kind == WorkResultKind.MAIN
            ]
            if not results:
                continue
            owner = self.actor_id(person)
            first_day = skp.approved_at.date() + dt.timedelta(1)
            month = first_day.replace(day=1)
            while month <= self.today:
                for _n in range(self.rng.choice((0, 1, 1, 2))):
                    day = self.day_between(max(month, first_day), _month_end(month))
                    if day > self.today or day < first_day:
                        continue
                    text, output = self.rng.choice(ACTIVITY_TEXT)
                    wr = self.rng.choice(results)
                    activities.append(
                        Activity(
                            skp=skp,
                            work_result=wr,
                            date=day,
                            description=f"{text} — {wr.title}"[:1000],
                            output=output,
                            evidence_link=f"https://arsip.demo.abdi.local/kinerja/{skp.pk}/"
                            f"{day.isoformat()}.pdf",
                            created_by_id=owner,
                        )
                    )
                month = _month_end(month) + dt.timedelta(1)
            for period in [*self.past, *([self.current] if self.current else [])]:
                if period.end < first_day:
                    continue
                is_current = period is self.current
                share = 0.45 if is_current else 0.92
                if skp is pegawai_skp:
                    share = 1.0 if not is_current else 0.5
                for ind in self.indicators.get(skp.pk, []):
                    if self.rng.random() >= share:
                        continue
                    realisations.append(self._realisation(ind, period, owner))
            boss = self.people_by_id.get(person.appraiser) if person.appraiser else None
            if boss is not None and boss.user_id and self.rng.random() < 0.8:
                for _n in range(self.rng.choice((1, 2))):
                    feedback.append(
                        Feedback(
                            skp=skp,
                            work_result=self.rng.choice(results),
                            author_id=boss.user_id,
                            text=self.rng.choice(FEEDBACK_TEXT),
                        )
                    )
                feedback.append(
                    Feedback(
                        skp=skp,
                        behaviour_value=self.rng.choice(self.values),
                        author_id=boss.user_id,
                        text="Sikap pelayanan kepada pengguna sudah sangat baik.",
                    )
                )
        created = self.create(Activity, activities)
        if pegawai_skp is not None:  # one real file for the employee login
            mine = [a for a in created if a.skp_id == pegawai_skp.pk]
            if mine:
                act = mine[0]
                act.evidence.save(
                    f"bukti-kegiatan-{act.date.isoformat()}.pdf", ContentFile(TINY_PDF), save=True
                )
        self.create(Realisation, realisations)
        rows = self.create(Feedback, feedback)
        for fb in rows:
            fb.created_at = _at(self.day_between(dt.date(self.year, 2, 1), self.today), 11)
        Feedback.objects.bulk_update(rows, ["created_at"], BATCH)

    def _realisation(self, ind: Indicator, period: PerformancePeriod, owner: int) -> Realisation:
        factor = Decimal(str(round(self.rng.uniform(0.6, 1.25), 2)))
        if ind.target_value is None:
            value, description = None, self.rng.choice(QUALITATIVE_TARGETS)
        elif ind.target_unit in ("persen", "indeks"):
            value = min(Decimal(100), (ind.target_value * factor).quantize(Decimal("0.1")))
            description = ""
        elif ind.target_unit == "bulan":
            value, description = Decimal(3), ""
        else:
            value = (ind.target_value / 4 * factor).quantize(Decimal(1))
            description = ""
        return Realisation(
            indicator=ind,
            period=period,
            value=value,
            description=description,
            evidence_link=f"https://arsip.demo.abdi.local/realisasi/{ind.pk}/{period.code}.pdf",
            self_assessment=self.rng.choice(SELF_ASSESSMENT),
            submitted_by_id=owner,
        )

    # -- evaluations
    def write_evaluations(self) -> None:
        if not self.past:
            return
        latest = self.past[-1]
        demo = self._demo_people()
        pegawai = demo.get("pegawai")
        bias = {
            a: (0.35 if r < 0.1 else -0.3 if r < 0.2 else 0.0)
            for a in sorted(self.appraisers)
            for r in [self.rng.random()]
        }
        evaluations = []
        for skp in self.skp_of.values():
            if skp.status != SKPStatus.APPROVED or skp.appraiser_id is None:
                continue
            person = self.people_by_id[skp.employee_id]
            is_pegawai = pegawai is not None and skp.employee_id == pegawai.employee.pk
            for period in self.past:
                if period.end < skp.approved_at.date():
                    continue
                is_latest = period is latest
                if not is_pegawai and self.rng.random() >= (0.8 if is_latest else 0.96):
                    continue  # not rated yet: waits in the appraiser's inbox
                evaluations.append(
                    self._evaluation(skp, person, period, is_latest, is_pegawai, bias)
                )
        created = self.create(Evaluation, evaluations)
        for ev in created:
            self.stats.evaluations[ev.status] += 1
            self.stats.predikat[ev.predikat] += 1
        # A few calibration adjustments on final ones, and one objection.
        adjustments = []
        finals = [e for e in created if e.status == EvaluationStatus.FINAL]
        for ev in finals[: max(1, len(finals) // 40)]:
            if ev.predikat != "baik":
                continue
            adjustments.append(
                EvaluationAdjustment(
                    evaluation=ev,
                    from_predikat=ev.predikat,
                    to_predikat="butuh_perbaikan",
                    reason="Kalibrasi unit: capaian indikator di bawah rata-rata unit.",
                    actor=self.admin,
                )
            )
            ev.predikat = "butuh_perbaikan"
        if adjustments:
            Evaluation.objects.bulk_update([a.evaluation for a in adjustments], ["predikat"])
            self.create(EvaluationAdjustment, adjustments)
        self._objection(created)

    def _evaluation(self, skp, person, period, is_latest, is_pegawai, bias) -> Evaluation:
        shift = bias.get(skp.appraiser_id, 0.0)
        work = self._rating(WORK_RATINGS, shift)
        behaviour = self._rating(BEHAVIOUR_RATINGS, shift)
        from_org = person.is_head
        if from_org:
            org = self.org.get((self._position_unit(person), period.pk))
            if org is not None:
                work = self.head_mapping.get(org, work)
            else:
                from_org = False
        if is_pegawai:
            work, behaviour = Rating.MEETS, Rating.MEETS if is_latest else Rating.ABOVE
        if is_latest:
            status = _pick(
                self.rng,
                [
                    (EvaluationStatus.DRAFT, 0.25),
                    (EvaluationStatus.FINAL, 0.15),
                    (EvaluationStatus.RELEASED, 0.35),
                    (EvaluationStatus.ACKNOWLEDGED, 0.25),
                ],
            )
            if is_pegawai:
                status = EvaluationStatus.RELEASED
        else:
            status = _pick(
                self.rng, [(EvaluationStatus.RELEASED, 0.3), (EvaluationStatus.ACKNOWLEDGED, 0.7)]
            )
        ev = Evaluation(
            skp=skp,
            period=period,
            work_result_rating=work,
            work_result_from_org_predikat=from_org,
            behaviour_rating=behaviour,
            predikat=self.matrix[(work, behaviour)],
            notes="Penilaian berdasarkan realisasi indikator dan pengamatan perilaku.",
            evaluator_id=skp.appraiser_id,
            status=status,
        )
        rated = min(period.end + dt.timedelta(self.rng.randrange(3, 15)), self.today)
        if status in (EvaluationStatus.RELEASED, EvaluationStatus.ACKNOWLEDGED):
            ev.released_at = _at(rated, 15)
        if status == EvaluationStatus.ACKNOWLEDGED:
            ev.acknowledged_at = _at(min(rated + dt.timedelta(2), self.today), 9, 45)
        return ev

    def _position_unit(self, person: Person) -> int | None:
        if not hasattr(self, "_pos_units"):
            self._pos_units = dict(Position.objects.values_list("pk", "org_unit_id"))
        return self._pos_units.get(person.position_id)

    def _rating(self, weighted, shift: float) -> str:
        x = self.rng.random()
        if shift > 0 and x < shift:
            return Rating.ABOVE
        if shift < 0 and x < -shift:
            return Rating.BELOW
        return _pick(self.rng, weighted)

    def _objection(self, evaluations: list[Evaluation]) -> None:
        """One objection, on a released evaluation of the latest quarter in the supervisor
        login's team when there is one (so the demo shows it), else anywhere."""
        atasan = self._demo_people().get("atasan")
        pegawai = self._demo_people().get("pegawai")
        latest = self.past[-1]
        candidates = [
            e
            for e in evaluations
            if e.period_id == latest.pk
            and e.status == EvaluationStatus.RELEASED
            and e.predikat in ("butuh_perbaikan", "kurang", "baik")
            and (pegawai is None or e.skp.employee_id != pegawai.employee.pk)
            and e.skp.appraiser_superior_id is not None
        ]
        if atasan is not None:
            preferred = [e for e in candidates if e.skp.appraiser_id == atasan.employee.pk]
            candidates = preferred or candidates
        if not candidates:
            return
        ev = candidates[0]
        self.create(
            Objection,
            [
                Objection(
                    evaluation=ev,
                    reason="Realisasi indikator triwulan ini sudah sesuai target; mohon "
                    "ditinjau kembali rating hasil kerja saya.",
                    status=ObjectionStatus.FILED,
                )
            ],
        )

    def write_notifications(self) -> None:
        rows = []
        demo = self._demo_people()
        atasan, pegawai = demo.get("atasan"), demo.get("pegawai")
        if atasan is not None:
            waiting = [
                s
                for s in self.skp_of.values()
                if s.appraiser_id == atasan.employee.pk and s.status == SKPStatus.SUBMITTED
            ]
            for skp in waiting:
                name = self.people_by_id[skp.employee_id].name
                rows.append(
                    Notification(
                        user=atasan,
                        verb="skp_submitted",
                        message=f"SKP {self.year} {name} diajukan untuk persetujuan Anda.",
                        url=f"/performance/skp/{skp.pk}/",
                    )
                )
        if pegawai is not None and pegawai.employee.pk in self.skp_of:
            skp = self.skp_of[pegawai.employee.pk]
            rows.append(
                Notification(
                    user=pegawai,
                    verb="skp_approved",
                    message=f"SKP {self.year} Anda disetujui.",
                    url=f"/performance/skp/{skp.pk}/",
                )
            )
            if self.past:
                rows.append(
                    Notification(
                        user=pegawai,
                        verb="evaluation_released",
                        message=f"Evaluasi kinerja {self.past[-1].code} Anda telah dirilis.",
                        url="/performance/",
                    )
                )
        self.create(Notification, rows)


def _month_end(day: dt.date) -> dt.date:
    nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def seed_performance(*, seed: int, today: dt.date, users: dict, progress=None) -> PerformanceStats:
    """Write the demo SKP cycle; `users` are the demo logins by username (needs "admin")."""
    return Builder(seed=seed, today=today, users=users, progress=progress).run()


def summary(stats: PerformanceStats) -> dict:
    states = ", ".join(f"{k} {v}" for k, v in sorted(stats.skps.items()))
    predikat = ", ".join(f"{k} {v}" for k, v in stats.predikat.most_common())
    return {
        "SKP (current year)": f"{sum(stats.skps.values())} ({states})",
        "evaluations": f"{sum(stats.evaluations.values())} ({predikat})",
        "realisations": stats.rows.get("realisation", 0),
        "activities": stats.rows.get("activity", 0),
    }
