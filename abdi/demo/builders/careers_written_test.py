"""The demo JPT selection's written test taken as an Abdi quiz, through the services: BKPSDM
writes a question bank in e-learning (a course of one quiz module, one attempt, timed), links
it to the written test stage, and the applicants take it — the employees in e-learning with
their own accounts, the applicant from another agency through the one-time link. The quiz
engine draws, times and scores every attempt; the stage score is read from those attempts.

The services work on the real clock, so the test is taken inside a window around now and then
moved, with its attempts, to the morning of `days_ago` days back (the demo sets the dates a
state needs directly, as it does for the closing date)."""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import F
from django.utils import timezone

from abdi.accounts.models import User
from abdi.careers.models import (
    Application,
    ApplicationStep,
    SelectionStage,
    StageKind,
    WrittenTestSitting,
)
from abdi.careers.services import selection as services
from abdi.careers.services.selection import written_test as tests
from abdi.learning.choices import ModuleKind, ProgrammeCategory, ProgrammeMode, QuestionKind
from abdi.learning.models import Choice, Provider, Quiz, QuizAnswer, QuizAttempt
from abdi.learning.services import catalogue
from abdi.learning.services.elearning import authoring, learner

PROGRAMME_CODE = "UJIAN-SELEKSI-JPT"
# (question, [(choice, correct)]): the bank the written test draws 10 of, in random order.
QUESTIONS: list[tuple[str, list[tuple[str, bool]]]] = [
    (
        "Undang-undang yang menjadi dasar manajemen ASN saat ini adalah …",
        [
            ("UU 20/2023 tentang ASN", True),
            ("UU 5/2014 tentang ASN", False),
            ("UU 43/1999 tentang Pokok-Pokok Kepegawaian", False),
            ("UU 23/2014", False),
        ],
    ),
    (
        "Sistem merit dalam manajemen ASN berarti kebijakan dan manajemen berdasarkan …",
        [
            ("kualifikasi, kompetensi dan kinerja", True),
            ("masa kerja dan usia", False),
            ("kedekatan dengan pimpinan", False),
            ("asal daerah", False),
        ],
    ),
    (
        "Jabatan Pimpinan Tinggi Pratama di pemerintah daerah diisi melalui …",
        [
            ("seleksi terbuka dan kompetitif", True),
            ("penunjukan langsung kepala daerah", False),
            ("urutan pangkat tertinggi", False),
            ("undian", False),
        ],
    ),
    (
        "Panitia seleksi JPT beranggotakan …",
        [
            ("ganjil, 5 sampai 9 orang", True),
            ("genap, paling sedikit 4 orang", False),
            ("3 orang dari BKPSDM", False),
            ("tidak ditentukan", False),
        ],
    ),
    (
        "Nilai dasar ASN BerAKHLAK meliputi …",
        [
            ("Berorientasi pelayanan", True),
            ("Akuntabel", True),
            ("Kompeten", True),
            ("Berkuasa", False),
        ],
    ),
    (
        "Dokumen perencanaan pembangunan daerah lima tahunan adalah …",
        [("RPJMD", True), ("RKPD", False), ("DPA", False), ("RPJPD", False)],
    ),
    (
        "Indikator kinerja utama (IKU) perangkat daerah dipakai untuk …",
        [
            ("mengukur keberhasilan tujuan dan sasaran strategis", True),
            ("menghitung tunjangan pegawai", False),
            ("menyusun daftar hadir", False),
            ("menentukan pangkat", False),
        ],
    ),
    (
        "Sistem Akuntabilitas Kinerja Instansi Pemerintah (SAKIP) mencakup …",
        [
            ("perencanaan kinerja", True),
            ("pengukuran kinerja", True),
            ("pelaporan kinerja", True),
            ("penggajian", False),
        ],
    ),
    (
        "Standar pelayanan publik wajib memuat, antara lain …",
        [
            ("persyaratan, prosedur, waktu dan biaya", True),
            ("nama kepala dinas saja", False),
            ("anggaran perjalanan dinas", False),
            ("daftar pegawai honorer", False),
        ],
    ),
    (
        "Benturan kepentingan terjadi bila pejabat …",
        [
            ("memiliki kepentingan pribadi atas keputusan yang dibuatnya", True),
            ("mengikuti rapat koordinasi", False),
            ("menandatangani surat dinas", False),
            ("mengambil cuti tahunan", False),
        ],
    ),
    (
        "Gratifikasi yang berhubungan dengan jabatan wajib dilaporkan ke KPK paling lambat …",
        [
            ("30 hari kerja sejak diterima", True),
            ("7 hari kalender", False),
            ("akhir tahun anggaran", False),
            ("tidak wajib dilaporkan", False),
        ],
    ),
    (
        "Manajemen risiko sektor publik dimulai dengan …",
        [
            ("menetapkan konteks dan mengidentifikasi risiko", True),
            ("membeli asuransi", False),
            ("memindahkan pegawai", False),
            ("menghapus kegiatan", False),
        ],
    ),
    (
        "Pengelolaan keuangan daerah yang transparan menuntut …",
        [
            ("laporan keuangan yang dapat diakses publik", True),
            ("anggaran dirahasiakan", False),
            ("belanja tanpa dokumen", False),
            ("pencatatan tunai saja", False),
        ],
    ),
    (
        "Pelindungan data pribadi diatur dalam …",
        [
            ("UU 27/2022", True),
            ("UU 11/2008 saja", False),
            ("Perpres 95/2018", False),
            ("PP 94/2021", False),
        ],
    ),
]


def written_test_quiz(admin: User) -> Quiz | None:
    """The question bank BKPSDM writes in e-learning for the written test (once per demo):
    one attempt, 60 minutes, 10 of the 14 questions drawn at random. None when the catalogue
    has no internal provider (the learning demo did not run)."""
    provider = Provider.objects.filter(kind="internal").order_by("pk").first()
    if provider is None:
        return None
    programme = catalogue.programme_create(
        actor=admin,
        code=PROGRAMME_CODE,
        title="Ujian Tertulis Seleksi Terbuka JPT Pratama",
        description=(
            "Bank soal ujian tertulis seleksi terbuka JPT Pratama: manajemen ASN, perencanaan "
            "dan kinerja, pelayanan publik, integritas. Dikerjakan pelamar yang lulus seleksi "
            "administrasi, satu kali, pada waktu ujian yang diumumkan."
        ),
        mode=ProgrammeMode.ELEARNING,
        category=ProgrammeCategory.TECHNICAL,
        provider=provider,
        jp=2,
        gives_certificate=False,
    )
    course = authoring.course_create(actor=admin, programme=programme)
    quiz = authoring.quiz_create(
        actor=admin,
        course=course,
        title="Ujian Tertulis Seleksi JPT Pratama",
        pass_mark=60,
        max_attempts=1,
        time_limit_minutes=60,
        questions_per_attempt=10,
        shuffle=True,
    )
    for text, choices in QUESTIONS:
        authoring.question_create(
            actor=admin,
            quiz=quiz,
            text=text,
            kind=(
                QuestionKind.MULTIPLE if sum(ok for _t, ok in choices) > 1 else QuestionKind.SINGLE
            ),
            choices=[{"text": t, "is_correct": ok} for t, ok in choices],
        )
    authoring.module_create(
        actor=admin, course=course, title="Ujian tertulis", kind=ModuleKind.QUIZ, quiz=quiz,
        minutes=60,
    )  # fmt: skip
    authoring.course_publish(actor=admin, course=course)
    return quiz


def _answers(layout: list[dict], skill: float, rng: random.Random) -> dict[str, list[int]]:
    """The answers of an applicant who gets each question right with probability `skill`."""

    correct: dict[int, list[int]] = {}
    for question_id, choice_id in Choice.objects.filter(
        question_id__in=[row["question"] for row in layout], is_correct=True
    ).values_list("question_id", "pk"):
        correct.setdefault(question_id, []).append(choice_id)
    answers = {}
    for row in layout:
        right = sorted(correct.get(row["question"], []))
        if rng.random() < skill:
            answers[str(row["question"])] = right
        else:
            wrong = [c for c in row["choices"] if c not in right]
            answers[str(row["question"])] = wrong[:1] or right[:1]
    return answers


def take_written_test(
    admin: User,
    applications: list[Application],
    login_for,
    *,
    rng: random.Random,
    days_ago: int,
) -> int:
    """Open the written test's window now, let every admitted applicant take the quiz through
    the services, then move the test to `days_ago` days back at 09:00. Returns the number of
    attempts scored."""
    selection = applications[0].selection
    stage = SelectionStage.objects.get(selection=selection, kind=StageKind.WRITTEN_TEST)
    assert stage.quiz is not None
    now = timezone.now()
    services.stage_schedule_set(
        actor=admin,
        selection=selection,
        windows={"written_test": (now - dt.timedelta(minutes=5), now + dt.timedelta(hours=2))},
    )
    module = stage.quiz.modules.get()
    taken = 0
    for i, application in enumerate(applications):
        skill = max(0.45, 0.9 - 0.07 * i)
        if application.employee_id is None:
            _sitting, token = tests.written_test_link_issue(actor=admin, application=application)
            sitting = tests.written_test_start(token=token)
            tests.written_test_submit(token=token, answers=_answers(sitting.layout, skill, rng))
        else:
            user = login_for(application.employee)
            learner.enrol(actor=user, course=stage.quiz.course)
            attempt = learner.quiz_attempt_start(actor=user, module=module)
            learner.quiz_attempt_submit(
                actor=user, attempt=attempt, answers=_answers(attempt.layout, skill, rng)
            )
        taken += 1
    stage.refresh_from_db()  # the window the schedule service set
    _move_back(stage, applications, now, days_ago)
    # Handed in over the hour like real applicants, not the instant the service ran.
    for i, application in enumerate(applications):
        spent = dt.timedelta(minutes=38 + 3 * i)
        if application.employee_id is None:
            WrittenTestSitting.objects.filter(application=application).update(
                submitted_at=F("started_at") + spent
            )
        else:
            QuizAttempt.objects.filter(
                quiz=stage.quiz, enrolment__employee_id=application.employee_id
            ).update(submitted_at=F("started_at") + spent)
    return taken


def _move_back(
    stage: SelectionStage, applications: list[Application], now: dt.datetime, days_ago: int
) -> None:
    """The test, its attempts and their steps moved as one to 09:00 `days_ago` days back."""
    local = timezone.localtime(now)
    target = local.replace(hour=9, minute=0, second=0, microsecond=0) - dt.timedelta(days=days_ago)
    assert stage.starts_at is not None and stage.ends_at is not None
    shift = stage.starts_at - target
    SelectionStage.objects.filter(pk=stage.pk).update(
        starts_at=F("starts_at") - shift, ends_at=F("ends_at") - shift
    )
    employees = [a.employee_id for a in applications if a.employee_id]
    attempts = QuizAttempt.objects.filter(quiz=stage.quiz, enrolment__employee_id__in=employees)
    attempts.update(
        started_at=F("started_at") - shift,
        deadline=F("deadline") - shift,
        submitted_at=F("submitted_at") - shift,
    )
    QuizAnswer.objects.filter(attempt__in=attempts).update(answered_at=F("answered_at") - shift)
    WrittenTestSitting.objects.filter(stage=stage).update(
        issued_at=F("issued_at") - shift,
        expires_at=F("expires_at") - shift,
        started_at=F("started_at") - shift,
        deadline=F("deadline") - shift,
        submitted_at=F("submitted_at") - shift,
    )
    ApplicationStep.objects.filter(
        application__in=applications, action__in=["test_link", "test_submitted"]
    ).update(at=F("at") - shift)
