"""PRODUCT.md journeys 4 and 5 in a real browser; the citizen is on a phone (390×844).

4. A citizen files a complaint about a puskesmas with a photo and gets a tracking code; the
   complaint coordinator verifies it and dispatches it to the puskesmas; the unit's liaison
   answers and marks it followed up; the citizen reads the answer on the tracking page and rates
   the handling.
5. A citizen answers a satisfaction survey from its public link (the one the QR code encodes);
   the unit admin's result page then shows the new respondent count and the IKM and grade.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import struct
import zlib
from decimal import Decimal

import pytest

from tests.browser.conftest import ARTIFACTS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
ANSWER_TEXT = "Antrean kini memakai nomor dengan perkiraan jam layanan; loket dijaga dua petugas."
INTERNAL_NOTE = "Sudah dibahas dalam rapat staf puskesmas, catatan khusus petugas loket."


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """A real PNG (signature, IHDR, IDAT, IEND with correct CRCs): a small red picture."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    rows = b"".join(b"\x00" + b"\xcc\x22\x22" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def feedback_live(personas_live):
    from abdi.feedback.testing import build_feedback_personas

    return build_feedback_personas(personas_live)


@pytest.fixture
def phone(browser, request):
    """A second browser: the citizen's phone, without any login."""
    context = browser.new_context(
        locale="id-ID", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-140:]
        with contextlib.suppress(Exception):
            tab.screenshot(path=str(ARTIFACTS / f"{name}-phone.png"), full_page=True)
    context.close()


def fits_the_phone(tab) -> bool:
    """Nothing wider than the screen: no sideways scrolling on a phone."""
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_citizen_complaint_is_verified_dispatched_answered_and_rated(
    page, phone, live_server, feedback_live, sign_in, sign_out
):
    from abdi.feedback.models import Complaint

    fp = feedback_live
    # --- the citizen, on a phone -------------------------------------------------------------
    phone.goto(f"{live_server.url}/lapor/")
    assert fits_the_phone(phone)
    phone.get_by_label("Pengaduan", exact=True).check()
    phone.fill("#target-search", "Kenali")
    option = phone.locator(f"input[name=target][value='s:{fp.service.pk}']")
    option.wait_for(state="attached")
    phone.locator("#target-results label", has_text="Pelayanan Poli Umum").first.click()
    assert option.is_checked()
    phone.fill("[name=title]", "Antrean poli umum terlalu lama")
    phone.fill(
        "[name=description]",
        "Saya datang pukul 07.30 dan baru dipanggil pukul 11.00. <b>Tidak ada</b> nomor antrean.",
    )
    phone.fill("[name=incident_place]", "Loket pendaftaran")
    phone.set_input_files(
        "input[name=attachments]",
        {"name": "antrean.png", "mimeType": "image/png", "buffer": tiny_png()},
    )
    phone.fill("[name=reporter_name]", "Siti Pelapor Rahasia")
    phone.fill("[name=reporter_phone]", "081377788899")
    phone.get_by_role("button", name="Kirim laporan").click()
    phone.wait_for_load_state()
    code_display = phone.locator("[data-testid=tracking-code]").inner_text().strip()
    code = code_display.replace("-", "")
    assert re.fullmatch(r"[A-Z0-9]{12}", code), code_display
    assert fits_the_phone(phone)

    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.status == "received"
    assert complaint.org_unit_id == fp.puskesmas.pk and complaint.service_id == fp.service.pk
    assert complaint.reporter_name == "Siti Pelapor Rahasia"
    photo = complaint.attachments.get()
    assert photo.content_type == "image/png" and photo.original_name == "antrean.png"

    # --- the coordinator finds it in the inbox, verifies and dispatches it --------------------
    sign_in("koordinator")
    page.goto(f"{live_server.url}/complaints/?q={code_display}")
    page.get_by_role("link", name=code_display).first.click()
    page.wait_for_load_state()
    assert "Siti Pelapor Rahasia" in page.content()  # the coordinator sees the reporter
    page.locator("details:has(summary:text-is('Verifikasi')) button[type=submit]").click()
    page.wait_for_load_state()
    complaint.refresh_from_db()
    assert complaint.status == "verified"
    panel = page.locator("details:has(summary:text-is('Teruskan ke unit'))")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    # The unit picker comes preselected with the unit the complaint is about; search otherwise.
    radio = panel.locator(f"input[type=radio][name$=unit][value='{fp.puskesmas.pk}']")
    if radio.count() == 0:
        panel.locator("input[type=search]").fill(fp.puskesmas.name[:15])
        radio.wait_for()
    radio.check()
    panel.locator("button[type=submit]").click()
    page.wait_for_load_state()
    complaint.refresh_from_db()
    assert complaint.status == "dispatched"
    assert complaint.dispatched_unit_id == fp.puskesmas.pk and complaint.follow_up_due

    # --- the liaison of the unit answers and marks it followed up -----------------------------
    sign_out()
    sign_in("penghubung_dinkes")
    page.goto(f"{live_server.url}/complaints/")
    page.get_by_role("link", name=code_display).first.click()
    page.wait_for_load_state()
    panel = page.locator("details:has(summary:text-is('Jawab dan tandai ditindaklanjuti'))")
    if panel.get_attribute("open") is None:
        panel.locator("summary").click()
    panel.locator("textarea[name$=public_message]").fill(ANSWER_TEXT)
    panel.locator("textarea[name$=internal_note]").fill(INTERNAL_NOTE)
    panel.locator("button[type=submit]").click()
    page.wait_for_load_state()
    complaint.refresh_from_db()
    assert complaint.status == "followed_up" and complaint.followed_up_at
    assert complaint.events.filter(action="respond", actor=fp.liaison).exists()

    # --- the citizen reads the answer on the tracking page and rates the handling ------------
    phone.goto(f"{live_server.url}/lapor/lacak/")
    phone.locator("input[name=code]").fill(code_display.lower())
    phone.locator("form button[type=submit]").first.click()
    phone.wait_for_load_state()
    assert phone.url.endswith(f"/lapor/lacak/{code}/"), phone.url
    body = phone.locator("body").inner_text()
    assert ANSWER_TEXT in body
    assert "Ditindaklanjuti" in body
    # never the reporter's data, never the handlers' internal notes; markup shown as text
    assert "Siti Pelapor Rahasia" not in body and "081377788899" not in body
    assert INTERNAL_NOTE not in body
    assert "<b>Tidak ada</b>" in body
    assert fits_the_phone(phone)
    phone.locator("label[for=rate4]").click()
    phone.get_by_role("button", name="Kirim penilaian").click()
    phone.wait_for_load_state()
    complaint.refresh_from_db()
    assert complaint.rating == 4
    assert "4/5" in phone.locator("body").inner_text()


def test_citizen_answers_a_survey_and_the_admin_sees_the_new_result(
    page, phone, live_server, feedback_live, sign_in
):
    import segno

    from abdi.feedback.models import SurveyResponse
    from abdi.feedback.selectors.surveys import survey_result
    from abdi.feedback.services.surveys import (
        ResponseInput,
        paper_responses_enter,
        survey_create,
    )

    fp = feedback_live
    today = dt.date.today()
    survey = survey_create(
        actor=fp.service_admin,
        service=fp.service,
        period_start=today.replace(day=1),
        period_end=today + dt.timedelta(days=30),
        population=400,
    )
    # two paper questionnaires are already in
    paper_responses_enter(
        survey=survey,
        actor=fp.service_admin,
        rows=[
            ResponseInput(answers={f"U{i}": 3 for i in range(1, 10)}, sex="f"),
            ResponseInput(answers={f"U{i}": 2 for i in range(1, 10)}, sex="m"),
        ],
    )

    # --- the unit admin's result page: the public link, and the QR code that encodes it ------
    sign_in("admin_layanan_dinkes")
    page.goto(f"{live_server.url}/surveys/{survey.pk}/")
    link = page.locator(f"a[href$='/survei/{survey.code}/']").first
    public_link = link.get_attribute("href")
    assert public_link.startswith("http") and public_link.endswith(f"/survei/{survey.code}/")
    svg = page.request.get(f"{live_server.url}/surveys/{survey.pk}/qr.svg")
    assert svg.ok and svg.headers["content-type"].startswith("image/svg")
    buffer = io.BytesIO()
    segno.make(public_link, error="m").save(
        buffer, kind="svg", scale=10, border=4, xmldecl=True, svgns=True
    )
    assert svg.body() == buffer.getvalue()  # the QR code is exactly the public link's
    page_text = page.locator("main").inner_text() if page.locator("main").count() else ""
    assert re.search(r"Responden\s+2\b", page_text), page_text[:400]

    # --- the citizen scans it: the questionnaire on a phone ----------------------------------
    phone.goto(public_link)
    assert fits_the_phone(phone)
    assert "Pelayanan Poli Umum" in phone.locator("h1").inner_text()
    phone.select_option("[name=age_band]", "30_39")
    phone.select_option("[name=sex]", "f")
    phone.select_option("[name=education]", "s1")
    phone.select_option("[name=occupation]", "private")
    answers = {"U1": 4, "U2": 4, "U3": 3, "U4": 2, "U5": 4, "U6": 4, "U7": 3, "U8": 4, "U9": 3}
    for element, value in answers.items():
        phone.locator(f"input[name=u_{element}][value='{value}'] + label").click()
    phone.fill("[name=suggestion]", "Antrean pagi perlu dipercepat.")
    phone.get_by_role("button", name="Kirim jawaban").click()
    phone.wait_for_load_state()
    assert f"/survei/{survey.code}/terima-kasih/" in phone.url
    online = SurveyResponse.objects.get(survey=survey, channel="online")
    assert [getattr(online, f"u{i}") for i in range(1, 10)] == list(answers.values())
    assert online.age_band == "30_39" and online.device_day_hash

    # the same phone on the same day is told it already answered; nothing more is saved
    phone.goto(public_link)
    assert "sudah mengisi" in phone.locator("body").inner_text()
    assert SurveyResponse.objects.filter(survey=survey).count() == 3

    # --- the admin's result page: three respondents, the new IKM and its grade ----------------
    result = survey_result(survey)
    assert result.respondents == 3 and result.online == 1 and result.paper == 2
    # By hand: answers 9 × 3 + 9 × 2 + (4+4+3+2+4+4+3+4+3) = 27 + 18 + 31 = 76 over 27 answers;
    # IKM = 76 / 27 = 2.8148; × 25 = 70.37 → C (Kurang Baik).
    assert (result.ikm_100, result.grade.grade) == (Decimal("70.37"), "C")
    page.reload()
    shown = page.locator("#ikm-100").inner_text().strip()
    assert shown == "70,37"  # Indonesian decimal comma
    page_text = page.locator("main").inner_text() if page.locator("main").count() else ""
    assert re.search(r"Responden\s+3\b", page_text), page_text[:400]
    assert "1 daring · 2 kertas" in page_text
    assert result.grade.grade in page_text and result.grade.performance_label in page_text
