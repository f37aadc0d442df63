"""PRODUCT.md journey 7 / issue 10 browser journey (1) in a real browser.

BKPSDM opens a selection for a vacant JPT post and sets its panel; an eligible employee applies
from a phone (390 px) with the documents; BKPSDM closes the registration and passes the
applicants; a panel member scores through the form; the ranking shows the top three; the
appointment changes the employee's position."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from abdi.careers.models import Application, Selection, SelectionStage
from abdi.careers.services import selection as services
from abdi.careers.testing_selection import documents, good_predikats, vacant_jpt_post
from abdi.testing import make_employee, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def other_candidates(p):
    people = []
    for i, name in enumerate(("Hadi Calon", "Wati Calon")):
        e = make_employee(
            name=name,
            unit=p.subunit_a,
            position=p.supervisor_position,
            rank_code="III/d",
            username=f"calon{i}",
            birth_date=dt.date(1980, 1, 10 + i),
            tmt_cpns=dt.date(2005, 1, 1),
        )
        good_predikats(e)
        people.append(e)
    return people


def test_selection_journey(page, live_server, sign_in, sign_out, personas_live, tmp_path):
    p = personas_live
    post = vacant_jpt_post(p)
    good_predikats(p.supervisor)
    others = other_candidates(p)
    panel = [make_user(f"pansel{i}", first_name=f"Pansel {i}") for i in range(1, 6)]
    today = timezone.localdate()

    # BKPSDM opens the selection
    sign_in("admin_bkpsdm")
    page.goto(f"{live_server.url}/karier/seleksi/baru/")
    page.fill("#id_title", "Seleksi Terbuka Kepala BKD")
    page.select_option("#id_kind", "open_jpt")
    # The posts are a searchable picker (issue 13): search, then tick the post.
    page.fill("#id_positions", "Kepala Badan Kepegawaian")
    page.check(f"input[name=positions][value='{post.pk}']")
    page.fill("#id_opens_on", (today - dt.timedelta(days=1)).isoformat())
    page.fill("#id_closes_on", (today + dt.timedelta(days=7)).isoformat())
    page.fill("#id_required_documents", "Surat lamaran\nSKP dua tahun terakhir")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("selection-state")).to_contain_text("Konsep")
    selection = Selection.objects.get(title="Seleksi Terbuka Kepala BKD")
    page.get_by_role("link", name="Panitia", exact=True).click()
    for i, user in enumerate(panel):
        page.fill(f"#id_username_{i}", user.username)
        page.fill(f"#id_name_{i}", f"Anggota {i + 1}")
    page.check("#id_internal_0")
    page.check("#id_internal_1")
    page.check("#id_internal_2")
    page.get_by_role("button", name="Tetapkan panitia").click()
    expect(page.locator("[data-testid=errors]")).to_contain_text("3 dari 5")
    page.uncheck("#id_internal_2")
    page.get_by_role("button", name="Tetapkan panitia").click()
    page.get_by_role("button", name="Umumkan dan buka pendaftaran").click()
    expect(page.get_by_test_id("selection-state")).to_contain_text("Pendaftaran dibuka")
    sign_out()

    # The employee applies from a phone
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("atasan")
    page.goto(f"{live_server.url}/karier/seleksi/saya/")
    expect(page.get_by_test_id("open-selection")).to_contain_text("Anda memenuhi syarat")
    page.get_by_role("link", name="Lamar").click()
    for i in range(2):
        path = tmp_path / f"dok{i}.pdf"
        path.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
        page.set_input_files(f"#id_doc_{i}", str(path))
    page.get_by_test_id("submit-application").click()
    expect(page.get_by_test_id("application-state")).to_contain_text("Terdaftar")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    sign_out()
    page.set_viewport_size({"width": 1280, "height": 900})

    for e in others:
        services.application_submit(actor=e.user, selection=selection, documents=documents())
    # time passes: the registration has closed
    Selection.objects.filter(pk=selection.pk).update(closes_on=today - dt.timedelta(days=1))

    sign_in("admin_bkpsdm")
    page.goto(f"{live_server.url}/karier/seleksi/{selection.pk}/")
    page.get_by_role("button", name="Tutup pendaftaran").click()
    expect(page.get_by_test_id("selection-state")).to_contain_text("Seleksi administrasi")
    mine = Application.objects.get(selection=selection, employee=p.supervisor)
    page.goto(f"{live_server.url}/karier/lamaran/{mine.pk}/")
    page.get_by_role("button", name="Lulus", exact=True).click()
    expect(page.get_by_test_id("application-state")).to_contain_text("Lulus administrasi")
    for app in Application.objects.filter(selection=selection).exclude(pk=mine.pk):
        services.administrative_result(actor=p.admin, application=app, passed=True)
    page.goto(f"{live_server.url}/karier/seleksi/{selection.pk}/")
    page.get_by_role("button", name="Mulai penilaian").click()
    expect(page.get_by_test_id("selection-state")).to_contain_text("Penilaian")
    sign_out()

    # Panel member 1 scores the interview through the form; the rest is entered by services
    interview = SelectionStage.objects.get(selection=selection, kind="interview")
    sign_in("pansel1")
    page.goto(f"{live_server.url}/karier/lamaran/{mine.pk}/")
    page.get_by_role("link", name="Nilai: Wawancara").click()
    expect(page.locator("body")).to_contain_text("setelah Anda mengirim nilai sendiri")
    page.fill("#id_value", "95")
    page.get_by_test_id("submit-score").click()
    expect(page.locator(".alert-success").first).to_contain_text("Nilai terkirim")
    sign_out()
    values = {mine.pk: 92}
    for i, app in enumerate(Application.objects.filter(selection=selection).exclude(pk=mine.pk)):
        values[app.pk] = 75 - 5 * i
    for stage in SelectionStage.objects.filter(selection=selection):
        if not stage.is_panel_scored:
            continue
        for app in Application.objects.filter(selection=selection):
            for user in panel:
                if stage.pk == interview.pk and app.pk == mine.pk and user == panel[0]:
                    continue
                services.score_submit(
                    actor=user, application=app, stage=stage, value=values[app.pk]
                )

    # The ranking shows the top three; the PPK's pick is recorded; the position changes
    sign_in("admin_bkpsdm")
    page.goto(f"{live_server.url}/karier/seleksi/{selection.pk}/")
    page.get_by_test_id("propose-ranking").click()
    ranking = page.get_by_test_id("ranking")
    expect(ranking.locator("tbody tr")).to_have_count(3)
    expect(ranking.locator("tbody tr").first).to_contain_text(p.supervisor.name)
    expect(ranking.get_by_text("tiga besar")).to_have_count(3)
    form = page.locator("form").filter(has=page.get_by_test_id("appoint-1"))
    form.locator("select[name=position]").select_option(str(post.pk))
    form.locator("input[name=decree_number]").fill("821.2/045/BKPSDM/2026")
    form.locator("input[name=effective_from]").fill(today.isoformat())
    page.get_by_test_id("appoint-1").click()
    expect(page.locator(".alert-primary")).to_contain_text("821.2/045/BKPSDM/2026")
    p.supervisor.refresh_from_db()
    assert p.supervisor.position_id == post.pk
    page.goto(f"{live_server.url}/seleksi/{selection.pk}/")
    expect(page.get_by_test_id("results")).to_contain_text(p.supervisor.name)
