"""The catalogue (providers, programmes), the e-learning course content and development plans."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from abdi.demo.builders.learning.common import (
    DESCRIPTIONS,
    IN_HOUSE,
    IN_HOUSE_JP,
    IN_HOUSE_PRICE,
    MASS_ELEARNING,
    PRICES,
    PROGRAMMES,
    PROVIDERS,
    QUESTIONS,
    ProgrammeSpec,
    bulk_write,
    moment,
    pick,
    stamp,
    text_pdf,
)
from abdi.demo.builders.learning.state import LearningState
from abdi.learning.choices import (
    ModuleKind,
    PlanItemKind,
    PlanItemSource,
    PlanStatus,
    ProgrammeCategory,
    ProgrammeMode,
)
from abdi.learning.models import (
    Choice,
    Course,
    DevelopmentPlan,
    DevelopmentPlanItem,
    Module,
    Programme,
    ProgrammeCompetency,
    Provider,
    Question,
    Quiz,
)


class CatalogueSeeding(LearningState):
    """Mixin of `LearningSeeder`: the catalogue, the course content and the plans."""

    def catalogue(self) -> None:
        providers = []
        for _key, (name, kind, number, until, contact) in PROVIDERS.items():
            providers.append(
                Provider(
                    name=name,
                    kind=kind,
                    agreement_number=number,
                    agreement_until=self.today + dt.timedelta(days=until) if until else None,
                    contact=contact,
                )
            )
        bulk_write(Provider, providers)
        self.providers = dict(zip(PROVIDERS, providers, strict=True))
        rows, links = [], []
        specs: dict[str, ProgrammeSpec] = dict(PROGRAMMES)
        for _fld, (code, title, competency_code) in IN_HOUSE.items():
            specs[code] = (title, ProgrammeMode.CLASSROOM, ProgrammeCategory.TECHNICAL,
                           "bkpsdm", IN_HOUSE_JP, True, [(competency_code, None)])  # fmt: skip
        in_house = {code for code, _title, _c in IN_HOUSE.values()}
        for code, (title, mode, category, provider, jp, cert, _comps) in specs.items():
            per_session, per_participant = (
                IN_HOUSE_PRICE if code in in_house else PRICES.get(code, (None, None))
            )
            rows.append(
                Programme(
                    code=code,
                    title=title,
                    description=DESCRIPTIONS.get(code, ""),
                    mode=mode,
                    category=category,
                    provider=self.providers[provider],
                    jp=jp,
                    gives_certificate=cert,
                    cost_per_session=per_session,
                    cost_per_participant=per_participant,
                    # the expired partnership's programme is no longer offered
                    is_active=provider != "unbari",
                )
            )
        bulk_write(Programme, rows)
        self.programmes = {p.code: p for p in rows}
        self.targets = {}
        for code, (*_rest, comps) in specs.items():
            self.targets[code] = {}
            for ccode, level in comps:
                competency = self.comp.competencies[ccode]
                links.append(
                    ProgrammeCompetency(
                        programme=self.programmes[code], competency=competency, target_level=level
                    )
                )
                self.targets[code][competency.pk] = level
        ProgrammeCompetency.objects.bulk_create(links)
        self.stats["programmes"] = len(rows)

    # -- e-learning content -----------------------------------------------------------------

    def elearning_content(self) -> None:
        courses = [
            Course(programme=self.programmes[c], is_published=True)
            for c in ["EL-DIGITAL", *MASS_ELEARNING]
        ]
        bulk_write(Course, courses)
        self.courses = {c.programme.code: c for c in courses}
        course = self.courses["EL-DIGITAL"]
        quiz = Quiz.objects.create(
            course=course,
            title="Kuis Akhir Literasi Digital",
            pass_mark=70,
            max_attempts=3,
            time_limit_minutes=20,
            questions_per_attempt=8,
            shuffle=True,
        )
        self.quiz = quiz
        self.questions = []
        for text, kind, choices in QUESTIONS:
            question = Question.objects.create(quiz=quiz, text=text, kind=kind)
            objs = Choice.objects.bulk_create(
                Choice(question=question, text=t, is_correct=ok, order=i)
                for i, (t, ok) in enumerate(choices, 1)
            )
            self.questions.append((question, objs))
        handout = text_pdf(
            [
                "1. Gunakan frasa sandi panjang dan unik untuk setiap akun kedinasan.",
                "2. Aktifkan autentikasi dua faktor pada e-mail dan aplikasi kepegawaian.",
                "3. Periksa alamat pengirim dan tautan sebelum mengeklik.",
                "4. Jangan bagikan kode OTP kepada siapa pun, termasuk yang mengaku petugas.",
                "5. Laporkan insiden ke pengelola TIK (CSIRT Provinsi Jambi).",
                "",
                "Data pribadi (UU 27/2022): kumpulkan seperlunya, simpan dengan aman,",
                "hapus bila tidak diperlukan lagi.",
            ],
            title="Modul 3 - Lembar Ringkas Keamanan Informasi ASN",
        )
        modules = [
            Module(course=course, order=1, title="Pengantar: mengapa keamanan informasi penting",
                   kind=ModuleKind.TEXT, minutes=10,
                   body="ASN mengelola data masyarakat setiap hari. Modul ini menjelaskan "
                   "ancaman yang paling sering terjadi di instansi pemerintah daerah — "
                   "phishing, kata sandi lemah, perangkat yang tidak diperbarui — dan "
                   "kebiasaan sederhana untuk mencegahnya."),
            Module(course=course, order=2, title="Video: mengenali phishing",
                   kind=ModuleKind.VIDEO_LINK, minutes=12,
                   url="https://example.org/video/mengenali-phishing-asn",
                   body="Tonton video berikut, lalu catat tiga ciri e-mail phishing."),
            Module(course=course, order=3, title="Lembar ringkas keamanan informasi (PDF)",
                   kind=ModuleKind.PDF, minutes=8),
            Module(course=course, order=4, title="Perlindungan data pribadi dan etika bermedia "
                   "sosial", kind=ModuleKind.TEXT, minutes=15,
                   body="UU 27/2022 tentang Pelindungan Data Pribadi mewajibkan pengendali data "
                   "— termasuk instansi pemerintah — menjaga kerahasiaan data. ASN juga terikat "
                   "kode etik saat bermedia sosial."),
            Module(course=course, order=5, title="Kuis akhir", kind=ModuleKind.QUIZ,
                   quiz=quiz, minutes=20),
        ]  # fmt: skip
        modules[2].file.save("modul-3-keamanan-informasi.pdf", ContentFile(handout), save=False)
        for m in modules:
            m.save()
        self.modules = {"EL-DIGITAL": modules}
        light = {
            "EL-BERAKHLAK": ["Nilai dasar ASN BerAKHLAK", "Wawasan kebangsaan", "Studi kasus"],
            "EL-RISIKO": ["Konsep risiko sektor publik", "Register risiko unit kerja"],
            "EL-ANTIKORUPSI": ["Mengenali gratifikasi", "Benturan kepentingan"],
            "EL-DATA": ["Prinsip Satu Data Indonesia", "Metadata statistik sektoral",
                        "Visualisasi data sederhana"],
        }  # fmt: skip
        rows = []
        for code, titles in light.items():
            for i, title in enumerate(titles, 1):
                rows.append(
                    Module(
                        course=self.courses[code],
                        order=i,
                        title=title,
                        kind=ModuleKind.TEXT,
                        minutes=15,
                        body=f"{title}: bacaan mandiri program {self.programmes[code].title}.",
                    )
                )
        bulk_write(Module, [stamp(m, self.now) for m in rows])
        for m in rows:
            self.modules.setdefault(m.course.programme.code, []).append(m)

    # -- development plans ------------------------------------------------------------------

    def programme_for(self, competency_id: int) -> str | None:
        """A catalogue programme (not in-house) that addresses the competency, with a level
        first."""
        best = None
        for code, targets in self.targets.items():
            if code.startswith("IHT") or not self.programmes[code].is_active:
                continue
            if competency_id in targets:
                if targets[competency_id]:
                    return code
                best = best or code
        return best

    def plans(self) -> None:
        rng, year = self.rng, self.today.year
        pegawai = self.login_employee.get("pegawai")
        with_gaps = [s.employee_id for s in self.staff if self.comp.gaps(s.employee_id)]
        n = min(300, max(20, len(self.staff) // 10))
        chosen = rng.sample(with_gaps, min(n, len(with_gaps)))
        team = [e for e in self.atasan_team if e != pegawai and self.comp.gaps(e)][:2]
        ordered = [e for e in [pegawai, *team] if e is not None]
        chosen = ordered + [e for e in chosen if e not in ordered]
        plans, items = [], []
        table = [(PlanStatus.AGREED, 0.5), (PlanStatus.SUBMITTED, 0.25),
                 (PlanStatus.DRAFT, 0.2), (PlanStatus.RETURNED, 0.05)]  # fmt: skip
        kind_of: dict[str, PlanItemKind] = {
            ProgrammeMode.ELEARNING: PlanItemKind.ELEARNING,
            ProgrammeCategory.COACHING: PlanItemKind.COACHING,
            ProgrammeCategory.SEMINAR: PlanItemKind.SEMINAR,
        }
        for emp_id in chosen:
            status = PlanStatus.SUBMITTED if emp_id in ordered else pick(rng, table)
            sup = self.supervisor(emp_id)
            created = moment(dt.date(year, 1, 2) + dt.timedelta(days=rng.randint(0, 40)), 10)
            created = min(created, self.now - dt.timedelta(days=3))
            plan = stamp(DevelopmentPlan(employee_id=emp_id, year=year, status=status), created)
            if status != PlanStatus.DRAFT:
                plan.supervisor_id = sup
                plan.submitted_at = created + dt.timedelta(days=rng.randint(1, 5))
            if status == PlanStatus.AGREED:
                plan.agreed_at = plan.submitted_at + dt.timedelta(days=rng.randint(1, 7))
                plan.agreed_by_id = self.user_of(sup)
            if status == PlanStatus.RETURNED:
                plan.return_note = "Mohon tambahkan kegiatan coaching untuk kompetensi teknis."
            plans.append(plan)
            gaps = sorted(self.comp.gaps(emp_id).items(), key=lambda kv: (-kv[1], kv[0]))
            if emp_id == pegawai:
                # the e-learning the demo employee is taking, as a plan item as well
                gaps.append((self.comp.competencies["T-TIK-01"].pk, 0))
            for cid, gap in gaps[:3]:
                code = self.programme_for(cid)
                programme = self.programmes[code] if code else None
                kind = PlanItemKind.TRAINING
                if programme is not None:
                    kind = kind_of.get(programme.mode) or kind_of.get(programme.category) or kind
                item = DevelopmentPlanItem(
                    plan=plan,
                    competency_id=cid,
                    kind=kind,
                    programme=programme,
                    description="" if programme else "Mentoring oleh atasan langsung",
                    target_date=dt.date(year, rng.choice([6, 9, 11]), 30),
                    source=PlanItemSource.GAP,
                    gap=gap or None,
                )
                if programme is None:
                    item.kind = PlanItemKind.MENTORING
                items.append(stamp(item, created))
                if code:
                    self.plan_items.setdefault((emp_id, code), item)
            if rng.random() < 0.2:
                items.append(
                    stamp(
                        DevelopmentPlanItem(
                            plan=plan,
                            kind=PlanItemKind.SECONDMENT,
                            description="Magang dua minggu di Bidang Pengembangan Kompetensi "
                            "BKPSDM",
                            target_date=dt.date(year, 10, 31),
                            source=PlanItemSource.MANUAL,
                        ),
                        created,
                    )
                )
        bulk_write(DevelopmentPlan, plans)
        for item in items:
            item.plan_id = item.plan.pk
        bulk_write(DevelopmentPlanItem, items)
        self.stats["development plans"] = len(plans)
        self.stats["plan items"] = len(items)
