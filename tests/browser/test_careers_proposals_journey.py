"""Issue 10 journeys (2) and (3) in a real browser: an operator proposes a KP batch, BKPSDM
verifies it, records BKN's approval and the decree, and the employee's rank history shows the
new rank; a rotation plan is drafted, checked and applied."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from abdi.careers.models import Proposal
from abdi.careers.testing_proposals import make_kp_due, next_period
from abdi.employees.models import Employee

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_operator_proposes_kp_and_bkpsdm_records_the_decree(
    personas_live, page, live_server, sign_in, sign_out
):
    p = personas_live
    make_kp_due(p.employee)
    start, _end = next_period()
    today = timezone.localdate().isoformat()

    sign_in("operator_dinkes")
    page.goto(f"{live_server.url}/careers/due/?kind=kp")
    row = page.locator("tr", has_text=p.employee.nip)
    expect(row).to_contain_text("Memenuhi syarat")
    expect(row.locator("input[type=checkbox]")).to_be_checked()
    page.get_by_role("button", name="Usulkan pegawai yang dipilih").click()
    expect(page.get_by_role("heading", name="Kenaikan pangkat reguler")).to_be_visible()
    expect(page.locator("table")).to_contain_text("III/a → III/b")
    sign_out()

    sign_in("admin_bkpsdm")
    proposal = Proposal.objects.get(employee=p.employee)
    page.goto(f"{live_server.url}/careers/proposals/")
    page.get_by_role("link", name=p.employee.full_name).first.click()
    for box in page.locator("form:has-text('Verifikasi berkas') input[type=checkbox]").all():
        box.check()
    page.get_by_role("button", name="Berkas lengkap dan sesuai").click()
    page.get_by_label("Nomor pertimbangan teknis BKN").fill("PT-77/BKN/2026")
    page.get_by_label("Tanggal pertimbangan teknis").fill(today)
    page.get_by_role("button", name="Catat", exact=True).click()
    page.get_by_label("Nomor SK").fill("823.3/77/BKPSDM")
    page.get_by_label("Tanggal SK").fill(today)
    page.get_by_label("TMT").fill(start.isoformat())
    page.get_by_role("button", name="Catat SK").click()
    expect(page.locator(".badge", has_text="SK terbit")).to_be_visible()
    proposal.refresh_from_db()
    assert proposal.status == "decreed"

    page.goto(f"{live_server.url}/employees/{p.employee.nip}/?tab=rank")
    expect(page.locator("main")).to_contain_text("III/b")
    expect(page.locator("main")).to_contain_text("823.3/77/BKPSDM")


def test_rotation_plan_checked_and_applied(personas_live, page, live_server, sign_in):
    p = personas_live
    sign_in("admin_bkpsdm")
    page.goto(f"{live_server.url}/careers/rotations/")
    page.get_by_label("Judul").fill("Rotasi pelaksana")
    page.get_by_label("TMT").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Buat draf").click()
    for nip, code, number in (
        (p.employee.nip, p.staff_position_b.code, "821/1/BKPSDM"),
        (p.outsider.nip, p.staff_position.code, "821/2/BKPSDM"),
    ):
        page.get_by_label("NIP pegawai").fill(nip)
        page.get_by_label("Kode jabatan tujuan").fill(code)
        page.get_by_label("Nomor SK").fill(number)
        page.get_by_role("button", name="Tambah", exact=True).click()
    page.get_by_role("button", name="Periksa").click()
    expect(page.locator(".alert-success", has_text="lolos pemeriksaan")).to_be_visible()
    expect(page.locator("body")).to_contain_text("1 rangkaian")
    page.get_by_role("button", name="Terapkan seluruh rencana").click()
    expect(page.locator(".alert", has_text="Rencana diterapkan")).to_be_visible()
    assert Employee.objects.get(pk=p.employee.pk).position_id == p.staff_position_b.pk
    assert Employee.objects.get(pk=p.outsider.pk).position_id == p.staff_position.pk
