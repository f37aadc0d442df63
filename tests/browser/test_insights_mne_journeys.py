"""Issue 12 in a real browser: BKPSDM completes a merit self-assessment indicator with Abdi's
proposed evidence, and an evaluation recommendation is followed up by its owner and closed
by BKPSDM."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_bkpsdm_completes_a_merit_indicator_with_abdis_evidence(personas_live, page, sign_in):
    from abdi.insights.models import MeritAnswer

    year = timezone.localdate().year
    sign_in("admin_bkpsdm")
    page.get_by_role("button", name="Wawasan pimpinan").click()
    page.locator("#mainnav").get_by_role("link", name="Sistem merit").click()
    page.fill("#merit-year", str(year))
    page.get_by_role("button", name="Mulai penilaian").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(year))

    # A1.1 is measured by Abdi: its evidence is on the page and its proposal fills the score.
    answer = MeritAnswer.objects.get(assessment__year=year, indicator__code="A1.1")
    card = page.locator(f"#answer-{answer.pk}")
    expect(card).to_contain_text("Temuan Abdi")
    expect(card).to_contain_text("jabatan aktif memiliki standar kompetensi")
    # A different score needs a reason: refused without one, accepted with one.
    card.locator("input[name=score]").fill("0,9")
    card.get_by_role("button", name="Simpan").click()
    expect(page.locator(".alert-danger").first).to_contain_text("Tuliskan alasan")
    card = page.locator(f"#answer-{answer.pk}")
    card.locator("input[name=score]").fill("0,9")
    card.locator("input[name=reason]").fill("SK standar kompetensi 2025 belum masuk Abdi")
    card.get_by_role("button", name="Simpan").click()
    expect(page.locator(".alert-success").first).to_contain_text("A1.1")
    answer.refresh_from_db()
    assert str(answer.score) == "0.9000"
    assert answer.reason.startswith("SK standar")
    assert answer.evidence  # Abdi's evidence kept beside the assessor's score


def test_a_recommendation_is_followed_up_to_closed(personas_live, page, sign_in):
    from abdi.insights.models import Recommendation
    from abdi.insights.services import programmes as ps

    p = personas_live
    programme = ps.programme_save(
        actor=p.admin,
        name="Literasi digital pegawai",
        org_unit=p.unit_a,
        start_year=2025,
        end_year=2027,
    )
    rec = ps.recommendation_add(
        actor=p.admin,
        programme=programme,
        text="Sediakan kelas daring untuk puskesmas",
        owner=p.head_a.user,
        due_on=timezone.localdate() - dt.timedelta(days=3),
    )

    # The owner finds it on the home page (overdue) and reports progress.
    sign_in("kadis_a")
    work = page.locator("[data-work='insights_recommendations']")
    expect(work).to_contain_text("1 terlambat")
    work.get_by_role("link").click()
    page.get_by_role("link", name="Sediakan kelas daring untuk puskesmas").click()
    card = page.locator(f"#rec-{rec.pk}")
    expect(card).to_contain_text("terlambat")
    card.locator("input[name=note]").fill("Kelas daring dijadwalkan bulan depan")
    expect(card.locator("select[name=status] option")).to_have_count(1)  # closing is BKPSDM's
    card.get_by_role("button", name="Simpan").click()
    expect(page.locator(f"#rec-{rec.pk}")).to_contain_text("Sedang ditindaklanjuti")

    # BKPSDM closes it.
    page.context.clear_cookies()
    sign_in("admin_bkpsdm")
    page.get_by_role("button", name="Wawasan pimpinan").click()
    page.locator("#mainnav").get_by_role("link", name="Monitoring & evaluasi kebijakan").click()
    page.get_by_role("link", name="Literasi digital pegawai").click()
    card = page.locator(f"#rec-{rec.pk}")
    expect(card).to_contain_text("Kelas daring dijadwalkan bulan depan")
    card.locator("input[name=note]").fill("Kelas daring berjalan, 40 peserta")
    card.locator("select[name=status]").select_option("closed")
    card.get_by_role("button", name="Simpan").click()
    card = page.locator(f"#rec-{rec.pk}")
    expect(card).to_contain_text("Selesai")
    expect(card.locator("input[name=note]")).to_have_count(0)
    rec = Recommendation.objects.get(pk=rec.pk)
    assert rec.status == "closed"
    assert list(rec.follow_ups.values_list("status", flat=True)) == ["in_progress", "closed"]
