"""E-learning pages: what a learner and an admin see and can do (not just a 200)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from abdi.learning.choices import ModuleKind, ProgrammeMode
from abdi.learning.models import Choice, Course, Module, Question, QuizAnswer, QuizAttempt
from abdi.learning.services import elearning as s
from abdi.learning.testing import TINY_PDF, build_learning_world, make_programme

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(range(256)) * 4


@pytest.fixture
def w(personas):
    return build_learning_world(personas)


def html(response) -> str:
    return response.content.decode()


def test_course_list_shows_progress_in_bounded_queries(
    personas, w, login, django_assert_max_num_queries
):
    for i in range(6):
        programme = make_programme(
            code=f"EL-{i}", title=f"Kursus {i}", provider=w.provider, mode=ProgrammeMode.ELEARNING
        )
        course = Course.objects.create(programme=programme, is_published=True)
        Module.objects.create(course=course, order=1, title="M", kind="text", body="x")
    Course.objects.create(
        programme=make_programme(
            code="EL-DRAF", title="Draf rahasia", provider=w.provider, mode="elearning"
        )
    )
    s.module_complete(actor=personas.employee.user, module=w.module)
    client = login(personas.employee.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("learning:courses"))
    page = html(response)
    assert "E-learning Etika ASN" in page and "Kursus 5" in page
    assert "Draf rahasia" not in page
    assert "1 dari 2 modul selesai" in page
    assert "Kursus 3" in client.get(reverse("learning:courses"), {"q": "kursus 3"}).content.decode()


def test_course_detail_start_and_resume(personas, w, login):
    client = login(personas.colleague.user)
    url = reverse("learning:course_detail", args=[w.course.pk])
    assert "Mulai" in html(client.get(url))
    response = client.post(reverse("learning:course_enrol", args=[w.course.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:module", args=[w.module.pk])
    # the employee read module 1 and stopped at the quiz: "Lanjutkan" leads to it
    s.module_complete(actor=personas.employee.user, module=w.module)
    page = html(login(personas.employee.user).get(url))
    assert "Lanjutkan" in page and reverse("learning:module", args=[w.quiz_module.pk]) in page
    assert "50%" in page


def test_unpublished_course_is_404_to_learners(personas, w, login):
    s.course_unpublish(actor=personas.admin, course=w.course)
    client = login(personas.employee.user)
    assert client.get(reverse("learning:course_detail", args=[w.course.pk])).status_code == 404
    assert client.get(reverse("learning:module", args=[w.module.pk])).status_code == 404
    admin = login(personas.admin)
    assert "Belum terbit" in html(admin.get(reverse("learning:course_detail", args=[w.course.pk])))


def test_module_page_and_mark_done(personas, w, login):
    client = login(personas.employee.user)
    page = html(client.get(reverse("learning:module", args=[w.module.pk])))
    assert "Isi modul." in page and "Tandai selesai & lanjut" in page
    response = client.post(reverse("learning:module_complete", args=[w.module.pk]))
    assert response["Location"] == reverse("learning:module", args=[w.quiz_module.pk])


def test_a_locked_module_is_refused_with_a_message(personas, w, login):
    client = login(personas.employee.user)
    response = client.get(reverse("learning:module", args=[w.quiz_module.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("learning:course_detail", args=[w.course.pk])
    assert "Selesaikan dulu modul 1" in html(response)


def test_video_is_not_preloaded_and_served_in_ranges(personas, w, login, settings):
    video = s.module_create(
        actor=personas.admin,
        course=w.course,
        title="Video",
        kind=ModuleKind.VIDEO_FILE,
        file=SimpleUploadedFile("v.mp4", MP4),
    )
    s.module_complete(actor=personas.employee.user, module=w.module)
    client = login(personas.employee.user)
    s.module_open(actor=personas.employee.user, module=w.module)
    page = html(client.get(reverse("learning:module", args=[video.pk]), follow=True))
    # the video follows the quiz: locked until the quiz is passed
    assert "Selesaikan dulu modul 2" in page
    preview = html(login(personas.admin).get(reverse("learning:module", args=[video.pk])))
    assert 'preload="none"' in preview and "autoplay" not in preview
    client = login(personas.employee.user)
    url = reverse("learning:module_file", args=[video.pk])
    ranged = client.get(url, HTTP_RANGE="bytes=10-19")
    assert ranged.status_code == 206
    assert ranged["Content-Range"] == f"bytes 10-19/{len(MP4)}"
    assert b"".join(ranged.streaming_content) == MP4[10:20]
    whole = client.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    assert client.get(url, HTTP_RANGE=f"bytes={len(MP4) + 5}-").status_code == 416
    # not enrolled: no file
    assert login(personas.supervisor.user).get(url).status_code == 403


def test_pdf_module_offers_download(personas, w, login):
    module = Module(course=w.course, order=3, title="Materi PDF", kind=ModuleKind.PDF)
    module.file.save("m.pdf", ContentFile(TINY_PDF), save=True)
    preview = html(login(personas.admin).get(reverse("learning:module", args=[module.pk])))
    assert "?download=1" in preview
    response = login(personas.employee.user).get(
        reverse("learning:module_file", args=[module.pk]), {"download": "1"}
    )
    assert response["Content-Disposition"].startswith("attachment")


def _take_quiz_page(personas, w, login):
    s.module_complete(actor=personas.employee.user, module=w.module)
    client = login(personas.employee.user)
    response = client.post(reverse("learning:quiz_start", args=[w.quiz_module.pk]))
    attempt = QuizAttempt.objects.get()
    assert response["Location"] == reverse("learning:quiz_attempt", args=[attempt.pk])
    return client, attempt


def test_quiz_answers_are_saved_as_one_goes_and_resume(personas, w, login):
    client, attempt = _take_quiz_page(personas, w, login)
    page = html(client.get(reverse("learning:quiz_attempt", args=[attempt.pk])))
    assert w.question.text in page and 'type="radio"' in page
    right = w.question.choices.get(is_correct=True)
    save = reverse("learning:quiz_answer", args=[attempt.pk])
    response = client.post(save, {f"q{w.question.pk}": right.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Jawaban tersimpan" in html(response)
    assert QuizAnswer.objects.get().choice_ids == [right.pk]
    # coming back: the saved answer is checked
    page = html(client.get(reverse("learning:quiz_attempt", args=[attempt.pk])))
    assert f'value="{right.pk}" id="c{right.pk}" checked' in page
    # a bad answer: a message, nothing changed
    wrong_id = Choice.objects.exclude(question=w.question).first()
    other = Question.objects.create(quiz=w.quiz, text="lain", kind="single")
    bad = Choice.objects.create(question=other, text="x") if wrong_id is None else wrong_id
    response = client.post(save, {f"q{w.question.pk}": bad.pk}, follow=True)
    assert "bukan milik soalnya" in html(response)
    assert QuizAnswer.objects.get().choice_ids == [right.pk]


def test_other_users_attempt_is_404(personas, w, login):
    _client, attempt = _take_quiz_page(personas, w, login)
    for user in (personas.colleague.user, personas.supervisor.user, personas.admin):
        client = login(user)
        assert client.get(reverse("learning:quiz_attempt", args=[attempt.pk])).status_code == 404
        response = client.post(reverse("learning:quiz_submit", args=[attempt.pk]))
        assert response.status_code == 404
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_fail_then_pass_shows_the_completion_panel(personas, w, login):
    client, attempt = _take_quiz_page(personas, w, login)
    wrong = w.question.choices.get(is_correct=False)
    response = client.post(
        reverse("learning:quiz_submit", args=[attempt.pk]),
        {f"q{w.question.pk}": wrong.pk},
        follow=True,
    )
    assert "Belum lulus" in html(response) and "Coba lagi" in html(response)
    client.post(reverse("learning:quiz_start", args=[w.quiz_module.pk]))
    second = QuizAttempt.objects.get(number=2)
    right = w.question.choices.get(is_correct=True)
    response = client.post(
        reverse("learning:quiz_submit", args=[second.pk]),
        {f"q{w.question.pk}": right.pk},
        follow=True,
    )
    page = html(response)
    assert response.redirect_chain[-1][0] == reverse("learning:course_detail", args=[w.course.pk])
    assert "Selamat!" in page and "4 JP tercatat" in page
    assert w.enrolment.certificate.number in page
    # a second click shows the result again and changes nothing
    again = client.post(reverse("learning:quiz_submit", args=[second.pk]))
    assert again["Location"] == reverse("learning:course_detail", args=[w.course.pk])
    second.refresh_from_db()
    assert second.score == 100


def test_overdue_attempt_is_closed_when_opened(personas, w, login):
    import datetime as dt

    from django.utils import timezone

    w.quiz.time_limit_minutes = 1
    w.quiz.save()
    client, attempt = _take_quiz_page(personas, w, login)
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - dt.timedelta(minutes=5)
    )
    response = client.post(
        reverse("learning:quiz_answer", args=[attempt.pk]),
        {f"q{w.question.pk}": w.question.choices.first().pk},
        follow=True,
    )
    assert "Waktu pengerjaan sudah habis" in html(response)
    attempt.refresh_from_db()
    assert attempt.submitted_at is not None and not QuizAnswer.objects.exists()


# --- authoring --------------------------------------------------------------------------------


def test_admin_list_bounded_and_offers_programmes(
    personas, w, login, django_assert_max_num_queries
):
    for i in range(5):
        make_programme(code=f"EL-N{i}", title=f"Baru {i}", provider=w.provider, mode="elearning")
    client = login(personas.admin)
    with django_assert_max_num_queries(12):
        page = html(client.get(reverse("learning:course_admin_list")))
    assert "E-learning Etika ASN" in page and "Baru 4" in page and "Buat kursus" in page


def test_course_create_page(personas, w, login):
    programme = make_programme(code="EL-C", title="Baru", provider=w.provider, mode="blended")
    client = login(personas.admin)
    response = client.post(reverse("learning:course_create", args=[programme.pk]))
    course = Course.objects.get(programme=programme)
    assert response["Location"] == reverse("learning:course_manage", args=[course.pk])
    response = client.post(reverse("learning:course_create", args=[w.programme.pk]))
    assert response.status_code == 400 and "e-learning atau blended" in html(response)


def test_publish_refusal_is_explained(personas, w, login):
    programme = make_programme(code="EL-P", title="Kosong", provider=w.provider, mode="elearning")
    course = s.course_create(actor=personas.admin, programme=programme)
    client = login(personas.admin)
    page = html(client.get(reverse("learning:course_manage", args=[course.pk])))
    assert "Kursus belum memiliki modul." in page
    response = client.post(reverse("learning:course_publish", args=[course.pk]), follow=True)
    assert "Kursus belum dapat diterbitkan." in html(response)
    course.refresh_from_db()
    assert not course.is_published


def test_module_form_checks_the_file_content(personas, w, login):
    client = login(personas.admin)
    url = reverse("learning:module_create", args=[w.course.pk])
    response = client.post(
        url,
        {
            "title": "Materi",
            "kind": "pdf",
            "minutes": 10,
            "file": SimpleUploadedFile("materi.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert response.status_code == 400 and "tidak diizinkan" in html(response)
    assert w.course.modules.count() == 2
    response = client.post(
        url, {"title": "Tautan", "kind": "video_link", "minutes": 5, "url": "javascript:x"}
    )
    assert response.status_code == 400 and "http://" in html(response)
    response = client.post(
        url,
        {
            "title": "Materi",
            "kind": "pdf",
            "minutes": 10,
            "file": SimpleUploadedFile("m.pdf", TINY_PDF),
        },
    )
    assert response.status_code == 302 and w.course.modules.count() == 3


def test_module_move_and_edit_pages(personas, w, login):
    client = login(personas.admin)
    client.post(reverse("learning:module_move", args=[w.quiz_module.pk]), {"direction": "up"})
    w.quiz_module.refresh_from_db()
    assert w.quiz_module.order == 1
    response = client.post(
        reverse("learning:module_edit", args=[w.module.pk]),
        {"title": "Pengantar baru", "kind": "pdf", "body": "Isi baru", "minutes": 7},
    )
    assert response.status_code == 302
    w.module.refresh_from_db()
    assert (w.module.title, w.module.kind, w.module.body) == ("Pengantar baru", "text", "Isi baru")


def _question_post(text, kind, rows, **extra):
    data = {
        "text": text,
        "kind": kind,
        "is_active": "on",
        "choices-TOTAL_FORMS": str(len(rows)),
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "12",
    }
    for i, (choice_text, correct) in enumerate(rows):
        data[f"choices-{i}-text"] = choice_text
        if correct:
            data[f"choices-{i}-is_correct"] = "on"
    data.update(extra)
    return data


def test_question_page_all_or_nothing(personas, w, login):
    client = login(personas.admin)
    url = reverse("learning:question_create", args=[w.quiz.pk])
    assert "choices-3-text" in html(client.get(url))
    before = (Question.objects.count(), Choice.objects.count())
    response = client.post(
        url, _question_post("Dua kunci?", "single", [("a", True), ("b", True), ("", False)])
    )
    assert response.status_code == 400 and "tepat satu jawaban benar" in html(response)
    assert (Question.objects.count(), Choice.objects.count()) == before
    response = client.post(
        url,
        _question_post("Pilih yang benar", "multiple", [("a", True), ("b", True), ("c", False)]),
    )
    assert response["Location"] == reverse("learning:quiz_edit", args=[w.quiz.pk])
    question = Question.objects.get(text="Pilih yang benar")
    assert question.choices.filter(is_correct=True).count() == 2
    page = html(client.get(reverse("learning:quiz_edit", args=[w.quiz.pk])))
    assert "Pilih yang benar" in page and "2 soal aktif yang sah" in page
    edit = html(client.get(reverse("learning:question_edit", args=[question.pk])))
    assert 'value="a"' in edit and "Hapus" in edit


def test_quiz_pages(personas, w, login):
    client = login(personas.admin)
    response = client.post(
        reverse("learning:quiz_create", args=[w.course.pk]),
        {"title": "Kuis tengah", "pass_mark": 80, "max_attempts": 2, "shuffle": "on"},
    )
    quiz = w.course.quizzes.get(title="Kuis tengah")
    assert response["Location"] == reverse("learning:quiz_edit", args=[quiz.pk])
    response = client.post(
        reverse("learning:quiz_edit", args=[quiz.pk]),
        {"title": "Kuis tengah", "pass_mark": 150, "max_attempts": 2},
    )
    assert response.status_code == 400 and "1–100" in html(response)
