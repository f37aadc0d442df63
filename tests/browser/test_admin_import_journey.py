"""The foundation's main journeys (import, records, corrections) in a real browser.

1. The BKPSDM admin logs in, gets the import template, uploads a 3-row file, reads the dry-run
   report, confirms, sees it done; finds an imported employee in the list and opens the page.
2. An employee files a correction request with a PDF; the operator of the OPD approves it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from playwright.sync_api import expect

from abdi.employees.rules import build_pns_nip

pytestmark = [
    pytest.mark.browser,
    # committed data for the live server; serialized_rollback restores the reference tables
    # (loaded by data migrations) that the flush after each transactional test empties
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MONTHS_ID = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]

# Three new employees of the personas' Dinas Kesehatan, in a staff position with three posts
# (two taken), so the third row would exceed the posts: one goes to the supervisor's unit head row.
PEOPLE = [
    ("Wulan Sari Impor", dt.date(1988, 7, 21), dt.date(2012, 2, 1), "f", "III/b"),
    ("Yusuf Hakim Impor", dt.date(1979, 1, 5), dt.date(2005, 3, 1), "m", "III/c"),
    ("Zainal Arifin Impor", dt.date(1993, 11, 30), dt.date(2019, 1, 1), "m", "III/a"),
]


def column_value(header: str, person: tuple, p, index: int) -> str:
    """The value for one template column, recognised by (Indonesian or English) header words."""
    name, birth, tmt, sex, rank = person
    h = header.strip().lower().replace(" ", "_")
    nip = build_pns_nip(birth, tmt, sex, 900 + index)
    checks = [
        (("nip",), nip),
        (("gelar_depan", "front_title"), ""),
        (("gelar_belakang", "back_title"), "S.Kom." if index == 0 else ""),
        (("tempat_lahir", "birth_place"), "Jambi"),
        (("tanggal_lahir", "tgl_lahir", "birth_date"), birth.isoformat()),
        (("jenis_kelamin", "sex", "kelamin"), "P" if sex == "f" else "L"),
        (("tmt_cpns",), tmt.isoformat()),
        (("tmt_pns",), (tmt + dt.timedelta(days=366)).replace(day=1).isoformat()),
        (("tmt_gol", "tmt_pangkat", "rank_effective", "tmt_golongan"), "2022-04-01"),
        (("gol", "pangkat", "rank"), rank),
        (("tmt_jabatan", "position_effective"), "2023-01-02"),
        (("jabatan", "position"), p.staff_position.code if index < 1 else ""),
        (("unit", "unor", "org_unit"), p.subunit_a.code),
        (("pendidikan", "education"), "S1"),
        (("status",), "PNS"),
        (("jenis", "kind"), "PNS"),
        (("nik",), ""),
        (("nama", "name"), name),
    ]
    for keys, value in checks:
        if any(k in h for k in keys):
            return value
    return ""


def template_rows(header: list[str], p) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for index, person in enumerate(PEOPLE):
        writer.writerow([column_value(h, person, p, index) for h in header])
    return out.getvalue()


def test_admin_imports_three_rows_and_finds_an_employee(page, live_server, personas_live, sign_in):
    p = personas_live
    sign_in("admin_bkpsdm")
    page.goto(f"{live_server.url}/employees/import/")
    assert page.locator("h1").first.is_visible()

    # The template the page offers; its header row is the documented layout.
    with page.expect_download() as download_info:
        page.locator("a[href$='template.csv']").first.click()
    template = download_info.value
    with open(template.path(), encoding="utf-8-sig") as handle:
        header_line = handle.readline()
    header = next(csv.reader([header_line]))
    assert any("nip" in h.lower() for h in header), header
    content = template_rows(header, p).encode()

    page.locator("input[type=file]").set_input_files(
        {"name": "pegawai.csv", "mimeType": "text/csv", "buffer": content}
    )
    page.locator("form:has(input[type=file]) button[type=submit]").first.click()
    page.wait_for_load_state()

    # The dry run: every row checked, nothing written yet.
    assert re.search(r"/employees/import/\d+/", page.url), page.url
    page.wait_for_selector("text=/Siap diimpor|3 baris|tanpa kesalahan/i", timeout=30_000)
    from abdi.employees.models import Employee

    assert not Employee.objects.filter(name__endswith="Impor").exists()

    page.get_by_role("button", name=re.compile("Impor|Konfirmasi|Lanjutkan", re.I)).first.click()
    page.wait_for_selector("text=/Selesai/", timeout=60_000)
    assert Employee.objects.filter(name__endswith="Impor").count() == 3

    # Find one of them in the list, open the page, check the NIP and the retirement date.
    page.goto(f"{live_server.url}/employees/")
    page.fill("#id_q", "Yusuf Hakim")
    page.locator("#id_q").press("Enter")
    # The results are swapped in by HTMX: wait for the filtered list, not the first one.
    expect(page.get_by_role("link", name=re.compile("Wulan Sari"))).to_have_count(0)
    link = page.get_by_role("link", name=re.compile("Yusuf Hakim Impor"))
    link.first.wait_for()
    link.first.click()
    page.wait_for_load_state()
    name, birth, tmt, sex, _rank = PEOPLE[1]
    nip = build_pns_nip(birth, tmt, sex, 901)
    assert page.locator(".nip").first.inner_text().replace(" ", "") == nip
    # By hand: born 5 January 1979, no position (BUP 58): 58th birthday in January 2037,
    # retires on 1 February 2037.
    retires = dt.date(2037, 2, 1)
    text = page.locator("main").inner_text() if page.locator("main").count() else page.content()
    shown = f"{retires.day} {MONTHS_ID[retires.month - 1]} {retires.year}"
    assert shown in text or retires.strftime("%d-%m-%Y") in text, shown


def test_employee_files_a_correction_and_the_operator_approves(
    page, live_server, personas_live, sign_in, sign_out
):
    p = personas_live
    sign_in("pegawai")
    page.get_by_role("link", name="Profil saya").first.click()
    page.wait_for_load_state()
    assert p.employee.nip in page.content()

    page.goto(f"{live_server.url}/corrections/")
    page.get_by_role("link", name="Ajukan koreksi").first.click()
    page.select_option("select[name=field_name]", "phone")
    page.fill("textarea[name=requested_value]", "081298765432")
    page.fill("textarea[name=reason]", "Nomor lama sudah tidak aktif.")
    page.set_input_files(
        "input[name=document]",
        {"name": "surat.pdf", "mimeType": "application/pdf", "buffer": PDF},
    )
    page.get_by_role("button", name="Kirim permintaan").click()
    page.wait_for_load_state()
    from abdi.employees.models import CorrectionRequest, Employee

    request = CorrectionRequest.objects.get(employee=p.employee)
    assert request.status == "pending"
    assert Employee.objects.get(pk=p.employee.pk).phone == "081234567890"

    sign_out()
    sign_in("operator_dinkes")
    page.goto(f"{live_server.url}/corrections/")
    page.get_by_role("link", name=f"#{request.pk}").first.click()
    page.wait_for_load_state()
    assert "081298765432" in page.content()
    page.get_by_role("button", name="Setujui dan terapkan").click()
    page.wait_for_load_state()
    request.refresh_from_db()
    assert request.status == "approved"
    assert request.decided_by_id == p.operator.pk
    assert Employee.objects.get(pk=p.employee.pk).phone == "081298765432"
    assert page.locator(".alert").count() >= 1  # the operator is told what happened
