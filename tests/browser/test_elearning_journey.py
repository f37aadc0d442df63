"""In a real browser: an employee takes an e-learning course to its certificate.

The employee enrols in a published course, reads module 1, stops; comes back and resumes at
module 2; takes the quiz, fails once, passes on the second attempt (answers saved as they go and
still there after a reload), and ends with the certificate and the JP on the course page."""

from __future__ import annotations

import re

import pytest

from abdi.learning.choices import ModuleKind, ProgrammeMode, ProviderKind, QuestionKind
from abdi.learning.models import Certificate, Enrolment, JpEntry, Provider, QuizAttempt
from abdi.learning.services import elearning as s
from abdi.learning.testing import make_programme

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def published_course(admin):
    provider = Provider.objects.create(name="BKPSDM", kind=ProviderKind.INTERNAL)
    programme = make_programme(
        code="EL-ETIKA",
        title="Etika dan Nilai Dasar ASN",
        provider=provider,
        mode=ProgrammeMode.ELEARNING,
        jp=6,
    )
    course = s.course_create(actor=admin, programme=programme)
    s.module_create(
        actor=admin,
        course=course,
        title="Nilai dasar BerAKHLAK",
        kind=ModuleKind.TEXT,
        body="BerAKHLAK: Berorientasi pelayanan, Akuntabel, Kompeten, Harmonis, Loyal, "
        "Adaptif, Kolaboratif.",
    )
    s.module_create(
        actor=admin,
        course=course,
        title="Kode etik",
        kind=ModuleKind.TEXT,
        body="ASN menjaga integritas dan netralitas.",
    )
    quiz = s.quiz_create(actor=admin, course=course, title="Kuis akhir", pass_mark=100)
    s.question_create(
        actor=admin,
        quiz=quiz,
        text="Apa nilai dasar ASN?",
        kind=QuestionKind.SINGLE,
        choices=[
            {"text": "BerAKHLAK", "is_correct": True},
            {"text": "Bebas nilai"},
            {"text": "Asal atasan senang"},
        ],
    )
    s.question_create(
        actor=admin,
        quiz=quiz,
        text="Mana yang termasuk BerAKHLAK?",
        kind=QuestionKind.MULTIPLE,
        choices=[
            {"text": "Akuntabel", "is_correct": True},
            {"text": "Kolaboratif", "is_correct": True},
            {"text": "Koruptif"},
        ],
    )
    s.module_create(actor=admin, course=course, title="Kuis akhir", kind=ModuleKind.QUIZ, quiz=quiz)
    s.course_publish(actor=admin, course=course)
    return course


def test_employee_takes_a_course_to_its_certificate(
    page, live_server, personas_live, sign_in, sign_out
):
    p = personas_live
    course = published_course(p.admin)
    base = live_server.url

    # Enrol and read module 1.
    sign_in(p.employee.user.username)
    page.goto(f"{base}/")
    page.get_by_role("button", name=re.compile("Pengembangan")).click()
    page.locator("a.dropdown-item", has_text="E-learning").click()
    page.get_by_role("link", name="Etika dan Nilai Dasar ASN").click()
    page.get_by_role("button", name="Mulai").click()
    page.wait_for_load_state()
    assert "Nilai dasar BerAKHLAK" in page.locator("h1").inner_text()
    assert page.locator("video").count() == 0
    page.get_by_role("button", name="Tandai selesai & lanjut").click()
    page.wait_for_load_state()
    assert "Kode etik" in page.locator("h1").inner_text()

    # Stop; come back later: the course page resumes at module 2.
    sign_out()
    sign_in(p.employee.user.username)
    page.goto(f"{base}/e-learning/kursus/{course.pk}/")
    assert "33%" in page.content()
    page.get_by_role("link", name=re.compile("Lanjutkan")).click()
    page.wait_for_load_state()
    assert "Kode etik" in page.locator("h1").inner_text()
    page.get_by_role("button", name="Tandai selesai & lanjut").click()
    page.wait_for_load_state()
    assert "Kuis akhir" in page.locator("h1").inner_text()

    # First attempt: one wrong answer. Answers are saved as one goes and survive a reload.
    page.get_by_role("button", name="Mulai kuis").click()
    page.wait_for_load_state()
    with page.expect_response(re.compile(r"/jawab/$")):
        page.get_by_label("BerAKHLAK").check()
    assert "Jawaban tersimpan" in page.locator("#save-status").inner_text()
    with page.expect_response(re.compile(r"/jawab/$")):
        page.get_by_label("Akuntabel").check()
    page.reload()
    assert page.get_by_label("BerAKHLAK").is_checked()
    assert page.get_by_label("Akuntabel").is_checked()
    assert not page.get_by_label("Kolaboratif").is_checked()
    page.once("dialog", lambda dialog: dialog.accept())  # "answers cannot change"
    page.get_by_role("button", name="Kumpulkan").click()
    page.locator("#result").wait_for()
    result = page.locator("#result").inner_text()
    assert "Belum lulus" in result and "50" in result

    # Second attempt: every right choice.
    page.get_by_role("link", name="Coba lagi").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Coba lagi").click()
    page.wait_for_load_state()
    for label in ("BerAKHLAK", "Akuntabel", "Kolaboratif"):
        with page.expect_response(re.compile(r"/jawab/$")):
            page.get_by_label(label).check()
    page.once("dialog", lambda dialog: dialog.accept())  # "answers cannot change"
    page.get_by_role("button", name="Kumpulkan").click()
    page.wait_for_url(re.compile(rf"/e-learning/kursus/{course.pk}/$"))
    page.wait_for_load_state()

    # The course page congratulates, with the certificate and the JP.
    assert page.url.endswith(f"/e-learning/kursus/{course.pk}/")
    panel = page.locator("#completion").inner_text()
    enrolment = Enrolment.objects.get(course=course, employee=p.employee)
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert "Selamat!" in panel
    assert certificate.number in panel and "6 JP tercatat" in panel
    assert JpEntry.objects.get(enrolment=enrolment).jp == 6
    assert list(
        QuizAttempt.objects.filter(enrolment=enrolment).values_list("number", "passed")
    ) == [(1, False), (2, True)]
    assert "100%" in page.content()
