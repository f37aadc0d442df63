"""E-learning services: every rule and every refusal (nothing written on a refusal)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from abdi.learning.choices import ModuleKind, ProgrammeMode, QuestionKind
from abdi.learning.models import (
    Certificate,
    Choice,
    Course,
    Enrolment,
    JpEntry,
    Module,
    ModuleProgress,
    Question,
    QuizAnswer,
    QuizAttempt,
)
from abdi.learning.services import elearning as s
from abdi.learning.testing import TINY_PDF, build_learning_world, make_programme

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 200
WEBM = bytes.fromhex("1a45dfa39f4286810142f7810142f2810442f381084282847765626d4287810442858102")


@pytest.fixture
def w(personas):
    return build_learning_world(personas)


def add_question(quiz, text, kind=QuestionKind.SINGLE, correct=(0,), n=3):
    question = Question.objects.create(quiz=quiz, text=text, kind=kind)
    choices = [
        Choice.objects.create(question=question, text=f"{text} #{i}", is_correct=i in correct)
        for i in range(n)
    ]
    return question, choices


def finish_reading(p, w):
    s.module_complete(actor=p.employee.user, module=w.module)


def right_answers(attempt):
    answers = {}
    for row in attempt.layout:
        answers[row["question"]] = list(
            Choice.objects.filter(question_id=row["question"], is_correct=True).values_list(
                "pk", flat=True
            )
        )
    return answers


# --- authoring --------------------------------------------------------------------------------


def test_course_create_rules(personas, w):
    classroom = w.programme
    with pytest.raises(ValidationError, match="e-learning atau blended"):
        s.course_create(actor=personas.admin, programme=classroom)
    with pytest.raises(ValidationError, match="sudah memiliki"):
        s.course_create(actor=personas.admin, programme=w.elearning_programme)
    blended = make_programme(
        code="BL-1", title="Blended", provider=w.provider, mode=ProgrammeMode.BLENDED
    )
    with pytest.raises(PermissionDenied):
        s.course_create(actor=personas.employee.user, programme=blended)
    course = s.course_create(actor=personas.admin, programme=blended)
    assert course.is_published is False


def test_publish_refused_without_modules_or_enough_questions(personas, w):
    blended = make_programme(
        code="BL-2", title="Blended 2", provider=w.provider, mode=ProgrammeMode.ELEARNING
    )
    course = s.course_create(actor=personas.admin, programme=blended)
    with pytest.raises(ValidationError, match="belum memiliki modul"):
        s.course_publish(actor=personas.admin, course=course)
    quiz = s.quiz_create(actor=personas.admin, course=course, title="Kuis", questions_per_attempt=2)
    s.module_create(
        actor=personas.admin, course=course, title="Kuis", kind=ModuleKind.QUIZ, quiz=quiz
    )
    add_question(quiz, "Sah")
    bad = Question.objects.create(quiz=quiz, text="Tanpa kunci", kind=QuestionKind.SINGLE)
    Choice.objects.create(question=bad, text="a")
    Choice.objects.create(question=bad, text="b")
    with pytest.raises(ValidationError) as exc:
        s.course_publish(actor=personas.admin, course=course)
    assert "butuh minimal 2 soal aktif yang sah" in str(exc.value)
    course.refresh_from_db()
    assert course.is_published is False
    add_question(quiz, "Sah juga")
    assert s.course_publish(actor=personas.admin, course=course).is_published
    assert not s.course_unpublish(actor=personas.admin, course=course).is_published


def test_module_kinds_are_checked_by_content(personas, w, settings):
    course = w.course
    admin = personas.admin
    before = Module.objects.count()
    with pytest.raises(ValidationError) as exc:
        s.module_create(actor=admin, course=course, title="Bacaan", kind=ModuleKind.TEXT)
    assert "Isi bacaan wajib diisi" in str(exc.value)
    fake_video = SimpleUploadedFile("video.mp4", TINY_PDF, content_type="video/mp4")
    with pytest.raises(ValidationError) as exc:
        s.module_create(
            actor=admin, course=course, title="V", kind=ModuleKind.VIDEO_FILE, file=fake_video
        )
    assert "tidak diizinkan" in str(exc.value)
    settings.ABDI_ELEARNING_VIDEO_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="terlalu besar"):
        s.module_create(
            actor=admin,
            course=course,
            title="V",
            kind=ModuleKind.VIDEO_FILE,
            file=SimpleUploadedFile("v.mp4", MP4),
        )
    for url in ("ftp://example.org/v.mp4", "javascript:alert(1)", ""):
        with pytest.raises(ValidationError):
            s.module_create(
                actor=admin, course=course, title="L", kind=ModuleKind.VIDEO_LINK, url=url
            )
    fake_pdf = SimpleUploadedFile("materi.pdf", b"<html>not a pdf</html>")
    with pytest.raises(ValidationError, match="tidak diizinkan"):
        s.module_create(actor=admin, course=course, title="P", kind=ModuleKind.PDF, file=fake_pdf)
    other = s.course_create(
        actor=admin,
        programme=make_programme(
            code="EL-2", title="Lain", provider=w.provider, mode=ProgrammeMode.ELEARNING
        ),
    )
    foreign = s.quiz_create(actor=admin, course=other, title="Kuis lain")
    with pytest.raises(ValidationError, match="kursus lain"):
        s.module_create(actor=admin, course=course, title="Q", kind=ModuleKind.QUIZ, quiz=foreign)
    assert Module.objects.count() == before

    settings.ABDI_ELEARNING_VIDEO_MAX_BYTES = 10_000
    video = s.module_create(
        actor=admin,
        course=course,
        title="Video",
        kind=ModuleKind.VIDEO_FILE,
        file=SimpleUploadedFile("v.webm", WEBM),
    )
    link = s.module_create(
        actor=admin,
        course=course,
        title="Tautan",
        kind=ModuleKind.VIDEO_LINK,
        url="https://video.example.go.id/etika",
    )
    pdf = s.module_create(
        actor=admin,
        course=course,
        title="PDF",
        kind=ModuleKind.PDF,
        file=SimpleUploadedFile("m.pdf", TINY_PDF),
    )
    assert [video.order, link.order, pdf.order] == [3, 4, 5]
    assert video.file and pdf.file and link.url.startswith("https://")
    with pytest.raises(PermissionDenied):
        s.module_create(
            actor=personas.employee.user, course=course, title="X", kind="text", body="x"
        )


def test_module_update_keeps_kind_and_file(personas, w):
    pdf = s.module_create(
        actor=personas.admin,
        course=w.course,
        title="PDF",
        kind=ModuleKind.PDF,
        file=SimpleUploadedFile("m.pdf", TINY_PDF),
    )
    name = pdf.file.name
    updated = s.module_update(actor=personas.admin, module=pdf, title="PDF baru", minutes=15)
    assert updated.file.name == name and updated.title == "PDF baru" and updated.minutes == 15
    with pytest.raises(ValidationError, match="1–600"):
        s.module_update(actor=personas.admin, module=pdf, title="PDF", minutes=0)


def test_module_move_and_delete(personas, w):
    admin = personas.admin
    with pytest.raises(ValidationError, match="paling atas"):
        s.module_move(actor=admin, module=w.module, direction="up")
    with pytest.raises(ValidationError, match="paling bawah"):
        s.module_move(actor=admin, module=w.quiz_module, direction="down")
    s.module_move(actor=admin, module=w.quiz_module, direction="up")
    assert list(w.course.modules.order_by("order").values_list("pk", flat=True)) == [
        w.quiz_module.pk,
        w.module.pk,
    ]
    with pytest.raises(ValidationError, match="Batalkan penerbitan"):
        s.module_delete(actor=admin, module=w.quiz_module)
    s.course_unpublish(actor=admin, course=w.course)
    s.module_delete(actor=admin, module=w.quiz_module)
    assert list(w.course.modules.values_list("pk", "order")) == [(w.module.pk, 1)]


def test_question_rules_all_or_nothing(personas, w):
    admin = personas.admin
    before = (Question.objects.count(), Choice.objects.count())
    cases = [
        (QuestionKind.SINGLE, [("a", True), ("b", True)], "tepat satu jawaban benar"),
        (QuestionKind.SINGLE, [("a", False), ("b", False)], "tepat satu jawaban benar"),
        (QuestionKind.MULTIPLE, [("a", False), ("b", False)], "minimal satu jawaban benar"),
        (QuestionKind.SINGLE, [("a", True)], "minimal dua pilihan"),
        (QuestionKind.SINGLE, [("a", True), ("A ", False)], "tidak boleh sama"),
    ]
    for kind, rows, message in cases:
        with pytest.raises(ValidationError, match=message):
            s.question_create(
                actor=admin,
                quiz=w.quiz,
                text="Soal",
                kind=kind,
                choices=[{"text": t, "is_correct": c} for t, c in rows],
            )
    with pytest.raises(ValidationError, match="Teks pertanyaan"):
        s.question_create(
            actor=admin,
            quiz=w.quiz,
            text=" ",
            kind=QuestionKind.SINGLE,
            choices=[{"text": "a", "is_correct": True}, {"text": "b"}],
        )
    assert (Question.objects.count(), Choice.objects.count()) == before
    question = s.question_create(
        actor=admin,
        quiz=w.quiz,
        text="Pilih dua",
        kind=QuestionKind.MULTIPLE,
        choices=[
            {"text": "a", "is_correct": True},
            {"text": "b", "is_correct": True},
            {"text": "c"},
            {"text": ""},  # an empty row of the form
        ],
    )
    assert question.choices.count() == 3
    a, b, c = question.choices.order_by("order")
    s.question_update(
        actor=admin,
        question=question,
        text="Pilih satu",
        kind=QuestionKind.SINGLE,
        choices=[{"id": a.pk, "text": "a", "is_correct": True}, {"id": c.pk, "text": "c"}],
    )
    assert list(question.choices.values_list("pk", flat=True)) == [a.pk, c.pk]  # b removed
    with pytest.raises(ValidationError, match="tidak dikenal"):
        s.question_update(
            actor=admin,
            question=question,
            text="x",
            kind=QuestionKind.SINGLE,
            choices=[{"id": w.question.choices.first().pk, "text": "a", "is_correct": True}]
            + [{"text": "z"}],
        )


def test_published_quiz_cannot_lose_its_questions(personas, w):
    with pytest.raises(ValidationError, match="Kursus sudah terbit"):
        s.question_update(
            actor=personas.admin,
            question=w.question,
            text=w.question.text,
            kind=QuestionKind.SINGLE,
            choices=[
                {"id": c.pk, "text": c.text, "is_correct": c.is_correct}
                for c in w.question.choices.all()
            ],
            is_active=False,
        )
    w.question.refresh_from_db()
    assert w.question.is_active
    with pytest.raises(ValidationError, match="Kursus sudah terbit"):
        s.quiz_update(actor=personas.admin, quiz=w.quiz, title="Kuis", questions_per_attempt=5)


def test_quiz_settings_are_checked(personas, w):
    with pytest.raises(ValidationError) as exc:
        s.quiz_create(
            actor=personas.admin,
            course=w.course,
            title="",
            pass_mark=0,
            max_attempts=0,
            time_limit_minutes="x",
        )
    assert set(exc.value.message_dict) == {
        "title",
        "pass_mark",
        "max_attempts",
        "time_limit_minutes",
    }


# --- the learner ------------------------------------------------------------------------------


def test_enrol_rules(personas, w):
    with pytest.raises(PermissionDenied):
        s.enrol(actor=personas.admin, course=w.course)
    assert s.enrol(actor=personas.employee.user, course=w.course) == w.enrolment
    s.course_unpublish(actor=personas.admin, course=w.course)
    with pytest.raises(ValidationError, match="belum terbit"):
        s.enrol(actor=personas.colleague.user, course=w.course)
    s.course_publish(actor=personas.admin, course=w.course)
    enrolment = s.enrol(actor=personas.colleague.user, course=w.course)
    assert enrolment.last_module == w.module


def test_modules_open_in_order(personas, w):
    user = personas.employee.user
    with pytest.raises(ValidationError, match="Selesaikan dulu modul 1"):
        s.module_open(actor=user, module=w.quiz_module)
    with pytest.raises(ValidationError, match="Selesaikan dulu modul 1"):
        s.quiz_attempt_start(actor=user, module=w.quiz_module)
    with pytest.raises(ValidationError, match="lulus kuisnya"):
        s.module_complete(actor=user, module=w.quiz_module)
    with pytest.raises(ValidationError, match="belum terdaftar"):
        s.module_complete(actor=personas.colleague.user, module=w.module)
    following = s.module_complete(actor=user, module=w.module)
    assert following == w.quiz_module
    w.enrolment.refresh_from_db()
    assert w.enrolment.last_module == w.quiz_module and w.enrolment.completed_at is None
    assert s.module_open(actor=user, module=w.quiz_module).last_module == w.quiz_module


def test_attempt_draws_shuffles_and_sets_deadline(personas, w):
    for i in range(5):
        add_question(w.quiz, f"Soal {i}", n=4)
    w.quiz.questions_per_attempt, w.quiz.time_limit_minutes = 3, 15
    w.quiz.save()
    finish_reading(personas, w)
    attempt = s.quiz_attempt_start(actor=personas.employee.user, module=w.quiz_module)
    assert attempt.number == 1 and len(attempt.layout) == 3
    active = set(w.quiz.questions.values_list("pk", flat=True))
    for row in attempt.layout:
        assert row["question"] in active
        assert sorted(row["choices"]) == sorted(
            Choice.objects.filter(question_id=row["question"]).values_list("pk", flat=True)
        )
    assert dt.timedelta(minutes=14) < attempt.deadline - timezone.now() <= dt.timedelta(minutes=15)
    # starting again resumes the running attempt
    assert s.quiz_attempt_start(actor=personas.employee.user, module=w.quiz_module) == attempt


def test_inactive_and_invalid_questions_are_not_drawn(personas, w):
    inactive, _c = add_question(w.quiz, "Nonaktif")
    inactive.is_active = False
    inactive.save()
    bad = Question.objects.create(quiz=w.quiz, text="Tanpa kunci", kind=QuestionKind.SINGLE)
    Choice.objects.create(question=bad, text="a")
    Choice.objects.create(question=bad, text="b")
    finish_reading(personas, w)
    attempt = s.quiz_attempt_start(actor=personas.employee.user, module=w.quiz_module)
    assert [r["question"] for r in attempt.layout] == [w.question.pk]


def test_without_shuffle_the_bank_order_stays(personas, w):
    for i in range(4):
        add_question(w.quiz, f"Soal {i}")
    w.quiz.shuffle = False
    w.quiz.save()
    finish_reading(personas, w)
    attempt = s.quiz_attempt_start(actor=personas.employee.user, module=w.quiz_module)
    ids = [r["question"] for r in attempt.layout]
    assert ids == sorted(ids)
    for row in attempt.layout:
        assert row["choices"] == list(
            Choice.objects.filter(question_id=row["question"]).values_list("pk", flat=True)
        )


def test_answers_are_checked_and_saved(personas, w):
    multi, (m0, m1, m2) = add_question(w.quiz, "Dua benar", QuestionKind.MULTIPLE, correct=(0, 1))
    finish_reading(personas, w)
    user = personas.employee.user
    attempt = s.quiz_attempt_start(actor=user, module=w.quiz_module)
    single_choices = list(w.question.choices.values_list("pk", flat=True))
    with pytest.raises(ValidationError, match="hanya boleh satu"):
        s.quiz_answer_save(actor=user, attempt=attempt, answers={w.question.pk: single_choices})
    with pytest.raises(ValidationError, match="bukan milik soalnya"):
        s.quiz_answer_save(actor=user, attempt=attempt, answers={w.question.pk: [m0.pk]})
    with pytest.raises(ValidationError, match="tidak ada di percobaan"):
        s.quiz_answer_save(actor=user, attempt=attempt, answers={999999: []})
    with pytest.raises(PermissionDenied):
        s.quiz_answer_save(actor=personas.colleague.user, attempt=attempt, answers={})
    assert not QuizAnswer.objects.exists()
    s.quiz_answer_save(actor=user, attempt=attempt, answers={multi.pk: [m1.pk, m0.pk]})
    s.quiz_answer_save(actor=user, attempt=attempt, answers={multi.pk: [str(m2.pk)]})
    assert QuizAnswer.objects.get().choice_ids == [m2.pk]


def test_multiple_choice_is_right_only_with_the_exact_set(personas, w):
    multi, (m0, m1, _m2) = add_question(w.quiz, "Dua benar", QuestionKind.MULTIPLE, correct=(0, 1))
    w.quiz.pass_mark = 100
    w.quiz.save()
    finish_reading(personas, w)
    user = personas.employee.user
    attempt = s.quiz_attempt_start(actor=user, module=w.quiz_module)
    right_single = w.question.choices.get(is_correct=True).pk
    attempt = s.quiz_attempt_submit(
        actor=user, attempt=attempt, answers={w.question.pk: [right_single], multi.pk: [m0.pk]}
    )
    assert attempt.score == Decimal("50.00") and attempt.passed is False
    assert not ModuleProgress.objects.filter(module=w.quiz_module).exists()
    with pytest.raises(ValidationError, match="sudah dikumpulkan"):
        s.quiz_attempt_submit(actor=user, attempt=attempt)
    with pytest.raises(ValidationError, match="sudah dikumpulkan"):
        s.quiz_answer_save(actor=user, attempt=attempt, answers={})
    second = s.quiz_attempt_start(actor=user, module=w.quiz_module)
    assert second.number == 2
    second = s.quiz_attempt_submit(
        actor=user,
        attempt=second,
        answers={w.question.pk: [right_single], multi.pk: [m0.pk, m1.pk]},
    )
    assert second.score == Decimal("100.00") and second.passed is True


def test_fail_then_pass_completes_with_jp_and_certificate(personas, w):
    user = personas.employee.user
    finish_reading(personas, w)
    attempt = s.quiz_attempt_start(actor=user, module=w.quiz_module)
    wrong = w.question.choices.get(is_correct=False).pk
    attempt = s.quiz_attempt_submit(actor=user, attempt=attempt, answers={w.question.pk: [wrong]})
    assert attempt.passed is False and attempt.score == 0
    w.enrolment.refresh_from_db()
    assert w.enrolment.completed_at is None
    attempt = s.quiz_attempt_start(actor=user, module=w.quiz_module)
    attempt = s.quiz_attempt_submit(actor=user, attempt=attempt, answers=right_answers(attempt))
    assert attempt.passed
    w.enrolment.refresh_from_db()
    assert w.enrolment.completed_at is not None
    entry = JpEntry.objects.get(enrolment=w.enrolment)
    assert entry.jp == 4 and entry.source == "elearning"
    certificate = Certificate.objects.get(enrolment=w.enrolment)
    assert certificate.jp == 4 and certificate.employee == personas.employee
    assert personas.employee.user.notifications.filter(verb="elearning_completed").exists()
    # passed: no further attempt; completing again changes nothing
    with pytest.raises(ValidationError, match="sudah lulus"):
        s.quiz_attempt_start(actor=user, module=w.quiz_module)
    assert s.course_complete(actor=user, enrolment=w.enrolment) == certificate
    assert Certificate.objects.filter(enrolment=w.enrolment).count() == 1


def test_attempts_run_out(personas, w):
    user = personas.employee.user
    finish_reading(personas, w)
    for _i in range(w.quiz.max_attempts):
        attempt = s.quiz_attempt_start(actor=user, module=w.quiz_module)
        s.quiz_attempt_submit(actor=user, attempt=attempt, answers={})
    with pytest.raises(ValidationError, match="Batas 2 percobaan"):
        s.quiz_attempt_start(actor=user, module=w.quiz_module)
    assert QuizAttempt.objects.count() == 2


def test_after_the_deadline_answers_are_refused_and_the_attempt_scored_as_it_stands(personas, w):
    w.quiz.time_limit_minutes = 5
    w.quiz.save()
    user = personas.employee.user
    finish_reading(personas, w)
    attempt = s.quiz_attempt_start(actor=user, module=w.quiz_module)
    wrong = w.question.choices.get(is_correct=False).pk
    right = w.question.choices.get(is_correct=True).pk
    s.quiz_answer_save(actor=user, attempt=attempt, answers={w.question.pk: [wrong]})
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    attempt.refresh_from_db()
    with pytest.raises(ValidationError, match="Waktu pengerjaan sudah habis"):
        s.quiz_answer_save(actor=user, attempt=attempt, answers={w.question.pk: [right]})
    assert QuizAnswer.objects.get().choice_ids == [wrong]
    # the late submission is scored with the answers saved in time, not the ones sent with it
    attempt = s.quiz_attempt_submit(actor=user, attempt=attempt, answers={w.question.pk: [right]})
    assert attempt.submitted_at is not None and attempt.passed is False and attempt.score == 0


def test_an_overdue_attempt_left_open_is_closed_when_the_learner_starts_again(personas, w):
    w.quiz.time_limit_minutes = 5
    w.quiz.save()
    user = personas.employee.user
    finish_reading(personas, w)
    first = s.quiz_attempt_start(actor=user, module=w.quiz_module)
    QuizAttempt.objects.filter(pk=first.pk).update(
        deadline=timezone.now() - dt.timedelta(minutes=1)
    )
    second = s.quiz_attempt_start(actor=user, module=w.quiz_module)
    first.refresh_from_db()
    assert second.number == 2 and first.submitted_at is not None and first.passed is False


def test_course_complete_refused_while_modules_are_missing(personas, w):
    with pytest.raises(ValidationError, match="belum selesai: 1. Pengantar, 2. Kuis akhir"):
        s.course_complete(actor=personas.employee.user, enrolment=w.enrolment)
    with pytest.raises(PermissionDenied):
        s.course_complete(actor=personas.colleague.user, enrolment=w.enrolment)
    assert not Enrolment.objects.filter(completed_at__isnull=False).exists()


def test_a_course_of_reading_only_completes_on_the_last_tick(personas, w):
    course = s.course_create(
        actor=personas.admin,
        programme=make_programme(
            code="EL-R", title="Bacaan saja", provider=w.provider, mode=ProgrammeMode.ELEARNING
        ),
    )
    first = s.module_create(
        actor=personas.admin, course=course, title="Satu", kind="text", body="Isi"
    )
    last = s.module_create(actor=personas.admin, course=course, title="Dua", kind="text", body="x")
    s.course_publish(actor=personas.admin, course=course)
    user = personas.colleague.user
    enrolment = s.enrol(actor=user, course=course)
    s.module_complete(actor=user, module=first)
    assert not Course.objects.get(pk=course.pk).enrolments.get().completed_at
    assert s.module_complete(actor=user, module=last) is None
    enrolment.refresh_from_db()
    assert enrolment.completed_at and JpEntry.objects.filter(enrolment=enrolment).exists()
