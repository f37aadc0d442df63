"""PRODUCT.md journey 3 in a real browser.

The employee sees a competency gap, finds the course that closes it (the catalogue's "closes my
gaps" filter), registers; the supervisor approves; BKPSDM confirms the seat — and a colleague who
comes later goes onto the waiting list of the full session. After the session the employee is
marked complete; anyone can verify the certificate by its code; the JP count rises; and once the
supervisor confirms the completion the competency level rises and the gap closes.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from abdi.competency.models import Assessment, AssessmentResult, Competency, PositionStandard
from abdi.competency.services import refresh_current_levels
from abdi.learning.choices import ProgrammeMode, RegistrationStatus
from abdi.learning.models import Certificate, Provider, Registration
from abdi.learning.services.registration import registration_approve, registration_create
from abdi.learning.testing import make_programme, make_session

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def world(p):
    today = timezone.localdate()
    communication = Competency.objects.get(name="Komunikasi")
    integrity = Competency.objects.get(name="Integritas")
    PositionStandard.objects.create(
        position=p.staff_position, competency=communication, required_level=3
    )
    PositionStandard.objects.create(
        position=p.staff_position, competency=integrity, required_level=2
    )
    assessment = Assessment.objects.create(
        employee=p.employee,
        date=today - dt.timedelta(days=200),
        method="cact",
        assessor="UPT Penilaian Kompetensi",
    )
    AssessmentResult.objects.create(assessment=assessment, competency=communication, level=2)
    AssessmentResult.objects.create(assessment=assessment, competency=integrity, level=3)
    refresh_current_levels([p.employee.pk])  # as the competency services do
    provider = Provider.objects.create(name="Universitas Mitra", kind="internal")
    closing = make_programme(
        code="KOM-01",
        title="Komunikasi Publik yang Efektif",
        provider=provider,
        competency=communication,
        level=3,
        jp=24,
    )
    other = make_programme(
        code="INT-01",
        title="Penguatan Integritas",
        provider=provider,
        competency=integrity,
        level=3,
        mode=ProgrammeMode.CLASSROOM,
    )
    make_session(other, today=today, quota=10)
    session = make_session(closing, today=today, quota=1)
    return communication, session


def test_gap_to_course_to_verified_certificate_and_jp(
    page, live_server, personas_live, sign_in, sign_out, browser
):
    p = personas_live
    communication, session = world(p)
    base = live_server.url

    # 1. The employee sees the gap ...
    sign_in(p.employee.user.username)
    page.goto(f"{base}/competency/employees/{p.employee.nip}/gaps/")
    row = page.locator("tr", has_text="Komunikasi")
    assert "−1" in row.inner_text()

    # ... finds the course that closes it: the gap filter keeps it and drops the other one.
    page.goto(base + _url("learning:catalogue"))
    expect(page.get_by_text("Penguatan Integritas").first).to_be_visible()
    page.get_by_label("Menutup kesenjangan saya").check()
    expect(page.get_by_text("Penguatan Integritas")).to_have_count(0)
    assert page.get_by_text("Komunikasi Publik yang Efektif").first.is_visible()
    assert page.get_by_text("Penguatan Integritas").count() == 0
    page.get_by_text("Komunikasi Publik yang Efektif").first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name=re.compile(session.name)).first.click()
    page.wait_for_load_state()

    # ... and registers.
    form = page.get_by_test_id("register-form")
    form.locator("#id_motivation").fill("Saya melayani pengaduan warga setiap hari.")
    form.get_by_role("button", name=re.compile("Daftar")).click()
    page.wait_for_load_state()
    assert page.get_by_text("Menunggu persetujuan atasan").first.is_visible()
    registration = Registration.objects.get(session=session, employee=p.employee)
    assert registration.status == RegistrationStatus.PENDING_SUPERVISOR
    sign_out()

    # 2. The supervisor approves from the inbox.
    sign_in(p.supervisor.user.username)
    page.goto(live_server.url + _url("learning:approvals"))
    page.locator("li, tr, .card, .list-group-item", has_text=p.employee.name).get_by_role(
        "button", name=re.compile("Setujui")
    ).first.click()
    page.wait_for_load_state()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.PENDING_BKPSDM
    sign_out()

    # Meanwhile a colleague registers and is approved too (through the services).
    late = registration_create(actor=p.colleague.user, session=session)
    registration_approve(actor=p.supervisor.user, registration=late)

    # 3. BKPSDM confirms: the employee takes the only seat, the colleague goes on the list.
    sign_in(p.admin.username)
    page.goto(base + _url("learning:confirmations"))
    page.locator("li, tr, .card, .list-group-item", has_text=p.employee.name).get_by_role(
        "button", name=re.compile("Konfirmasi")
    ).first.click()
    page.wait_for_load_state()
    page.locator("li, tr, .card, .list-group-item", has_text=p.colleague.name).get_by_role(
        "button", name=re.compile("daftar tunggu", re.I)
    ).first.click()
    page.wait_for_load_state()
    registration.refresh_from_db()
    late.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert late.status == RegistrationStatus.WAITLISTED

    # 4. The session takes place; BKPSDM marks the employee complete with a score.
    today = timezone.localdate()
    type(session).objects.filter(pk=session.pk).update(
        registration_opens=today - dt.timedelta(days=30),
        registration_closes=today - dt.timedelta(days=20),
        start_date=today - dt.timedelta(days=10),
        end_date=today - dt.timedelta(days=8),
    )
    page.goto(base + _url("learning:session_roster", session.pk))
    row = page.locator("tr", has_text=p.employee.name)
    row.get_by_label("Nilai akhir").fill("88")
    row.get_by_role("button", name="Selesai").click()
    page.wait_for_load_state()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.COMPLETED
    certificate = Certificate.objects.get(registration=registration)
    sign_out()

    # 5. The employee sees the JP rise and the certificate ...
    sign_in(p.employee.user.username)
    page.goto(base + _url("learning:my_jp"))
    assert page.get_by_test_id("jp-total").inner_text().startswith("24")
    page.goto(base + _url("learning:my_certificates"))
    assert page.get_by_text(certificate.number).first.is_visible()
    sign_out()

    # ... and anyone, without an account, verifies it by the code printed under the QR code.
    stranger = browser.new_context(locale="id-ID")
    public = stranger.new_page()
    public.goto(f"{base}/verify/{certificate.code}/")
    text = public.locator("body").inner_text()
    assert "Sertifikat SAH" in text
    assert p.employee.name in text and "Komunikasi Publik yang Efektif" in text
    assert "24" in text
    stranger.close()

    # 6. The supervisor confirms the completion: the level rises and the gap closes.
    sign_in(p.supervisor.user.username)
    page.goto(base + _url("learning:completion_confirmations"))
    page.locator("li, tr, .card, .list-group-item", has_text=p.employee.name).get_by_role(
        "button", name=re.compile("Konfirmasi")
    ).first.click()
    page.wait_for_load_state()
    raised = AssessmentResult.objects.filter(
        assessment__employee=p.employee, competency=communication
    ).order_by("-assessment__date", "-assessment_id")
    assert raised.first().level == 3
    sign_out()
    sign_in(p.employee.user.username)
    page.goto(f"{base}/competency/employees/{p.employee.nip}/gaps/")
    assert "−1" not in page.locator("tr", has_text="Komunikasi").inner_text()


def _url(name: str, *args) -> str:
    from django.urls import reverse

    return reverse(name, args=args)
