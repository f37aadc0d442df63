"""The journeys of issue 11 in a real browser.

1. BKPSDM computes the placements, opens the agency map, drills into box 9, adds a successor to
   a critical position whose incumbent retires within 24 months, adds a development action, and
   sees the risk flag clear.
2. A participant registers a change project and reports a milestone; the mentor confirms it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_bkpsdm_maps_talent_and_clears_a_succession_risk(page, live_server, personas_live, sign_in):
    from abdi.talent.testing import build_talent_world

    p = personas_live
    world = build_talent_world(p)
    today = dt.date.today()
    # The head of Dinas Kesehatan (JPT, BUP 60) turns 60 within the year: at risk.
    p.head_a.birth_date = today.replace(day=1, year=today.year - 60) + dt.timedelta(days=200)
    p.head_a.save()
    base = live_server.url
    sign_in("admin_bkpsdm")
    page.goto(f"{base}{reverse('talent:map')}?year={world.year}")
    page.get_by_role("button", name="Hitung pemetaan").click()
    expect(page.get_by_text("Dihitung", exact=False).first).to_be_visible()
    box9 = page.locator("a[data-box='9']")
    expect(box9).to_contain_text("1")
    box9.click()
    expect(page.get_by_role("heading", name="Kotak 9")).to_be_visible()
    expect(page.get_by_role("link", name=p.employee.name)).to_be_visible()

    page.goto(base + reverse("talent:critical_detail", args=[p.head_position_a.pk]))
    expect(page.locator("#risk-flag")).to_be_visible()
    page.fill("#nip", p.supervisor.nip)
    page.select_option("#rd", "ready_now")
    page.locator("#successor-form").get_by_role("button", name="Tambah").click()
    expect(page.get_by_text("Suksesor ditambahkan.")).to_be_visible()
    expect(page.locator("#risk-ok")).to_be_visible()
    page.get_by_text("Tambah tindak pengembangan").click()
    page.get_by_placeholder("Uraian").fill("Magang di kantor kepala dinas")
    page.locator("input[name='target_date']").fill(f"{today.year + 1}-06-30")
    page.get_by_role("button", name="Tambah").first.click()
    expect(page.get_by_text("Magang di kantor kepala dinas")).to_be_visible()
    expect(page.locator("#risk-ok")).to_be_visible()


def test_participant_registers_a_change_project_and_the_mentor_confirms(
    page, live_server, personas_live, sign_in, sign_out
):
    base = live_server.url
    sign_in("pegawai")
    page.goto(base + reverse("talent:project_new"))
    page.select_option("#tr", "pkp")
    page.fill("#ti", "Antrean daring loket pelayanan")
    page.fill("#su", "Pendaftaran lewat WhatsApp dengan jam datang.")
    page.fill("#ch", "Dr. Coach")
    page.get_by_role("button", name="Daftarkan").click()
    expect(page.get_by_text("Aksi perubahan terdaftar.")).to_be_visible()
    expect(page.get_by_text("Mentor: Siti Atasan")).to_be_visible()
    page.locator("input[name='title']").fill("Uji coba di loket umum")
    page.locator("input[name='due_date']").fill(dt.date.today().isoformat())
    page.get_by_role("button", name="Tambah").click()
    page.get_by_text("Laporkan capaian").click()
    page.get_by_placeholder("Uraian capaian").fill("Berjalan dua minggu, 140 pendaftar.")
    page.get_by_role("button", name="Laporkan").click()
    expect(page.locator(".badge", has_text="Menunggu konfirmasi")).to_be_visible()
    url = page.url
    sign_out()
    sign_in("atasan")
    page.goto(url)
    page.get_by_role("button", name="Konfirmasi tonggak").click()
    expect(page.locator(".badge", has_text="Dikonfirmasi mentor")).to_be_visible()


def test_a_leader_sees_who_moved_since_the_last_review(page, live_server, personas_live, sign_in):
    """3. After a talent review moved one employee and a successor's readiness changed, a leader
    opens the page from the menu and sees both."""
    from abdi.talent.services.review import box_adjust, review_create
    from abdi.talent.services.succession import successor_add, successor_readiness_set
    from abdi.talent.testing import build_talent_world, compute

    p = personas_live
    world = build_talent_world(p)
    compute(world)
    review = review_create(
        actor=p.admin, year=world.year, title="Rapat komite talenta",
        held_on=dt.date(world.year, 1, 2), members=[p.head_a],
    )  # fmt: skip
    box_adjust(actor=p.admin, review=review, employee=p.colleague, to_box=8, reason="Kinerja.")
    named = successor_add(
        actor=p.admin, position=p.head_position_a, employee=p.supervisor, readiness="three_plus"
    )
    successor_readiness_set(actor=p.admin, successor=named, readiness="one_two_years")
    sign_in("pimpinan")
    page.get_by_role("button", name="Talenta").click()
    page.locator("#mainnav").get_by_role("link", name="Perubahan kotak dan kesiapan").click()
    expect(page.locator("#baseline")).to_contain_text("Rapat komite talenta")
    moves = page.locator("#box-moves")
    expect(moves.get_by_role("row", name=p.colleague.name)).to_contain_text("8")
    readiness = page.locator("#readiness-changes")
    expect(readiness.get_by_role("row", name=p.supervisor.name).first).to_be_visible()
    expect(readiness).to_contain_text("Siap 3 tahun atau lebih → Siap 1–2 tahun")
    # The unit is a searchable picker: search, then choose its radio button (which submits).
    with page.expect_response(lambda r: "/units/options/" in r.url):
        page.fill("#unit", "Pendidikan")
    option = page.locator(f'#unit-options input[name="unit"][value="{p.unit_b.pk}"]')
    with page.expect_navigation():
        option.check()
    expect(moves).to_contain_text("Tidak ada pegawai yang pindah kotak.")
