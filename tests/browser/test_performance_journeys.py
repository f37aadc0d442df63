"""PRODUCT.md journeys 1 and 2 in a real browser.

1. The employee writes an SKP cascaded from the supervisor's (picks the supervisor's RHK), adds
   indicators; the supervisor writes the 7 expectations; the employee submits; the supervisor
   returns it with a note; the employee reads the note, adds an indicator and resubmits; the
   supervisor approves.
2. With the SKP approved, the employee logs an activity with a PDF and reports the quarter's
   realisation; the supervisor gives feedback and rates; the predikat follows the matrix; the unit
   head opens calibration and sees the unit's distribution against the limits of its predikat.
"""

from __future__ import annotations

import re

import pytest

from abdi.performance import selectors, services
from abdi.performance.models import SKP, Activity, Evaluation, Feedback, Realisation
from abdi.performance.testing import (
    approve_skp,
    fill_skp,
    main_results,
    open_year,
    period,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

YEAR = 2026
PERIOD = "2026-Q1"  # ended: can be realised and rated whenever the tests run
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def supervisor_chain(p):
    """The year open, head_a's SKP (from the performance agreement) and the supervisor's SKP
    (cascaded from it) approved through the services."""
    open_year(p.admin, year=YEAR)
    head = services.skp_create(actor=p.head_a.user, employee=p.head_a, year=YEAR)
    fill_skp(head)
    approve_skp(head, appraiser_user=p.admin)
    sup = services.skp_create(actor=p.supervisor.user, employee=p.supervisor, year=YEAR)
    fill_skp(sup, supports=main_results(head))
    approve_skp(sup, appraiser_user=p.head_a.user)
    return sup


def test_employee_writes_a_cascaded_skp_supervisor_returns_then_approves(
    page, live_server, personas_live, sign_in, sign_out
):
    p = personas_live
    sup = supervisor_chain(p)
    sup_rhk = main_results(sup)[1]

    # The employee creates the SKP: the appraiser is shown, not typed.
    sign_in(p.employee.user.username)
    page.goto(f"{live_server.url}/performance/")
    page.get_by_role("link", name="Susun SKP").first.click()
    page.get_by_role("button", name="Buat SKP").click()
    page.wait_for_load_state()
    assert re.search(r"/performance/skp/\d+/$", page.url), page.url
    skp = SKP.objects.get(employee=p.employee)
    assert skp.appraiser == p.supervisor and skp.appraiser_superior == p.head_a
    assert p.supervisor.name in page.content()

    # A main RHK supporting the supervisor's second RHK, picked from the list.
    page.get_by_role("link", name="Tambah RHK").click()
    page.fill("#id_title", "Terlaksananya pelayanan rujukan puskesmas")
    page.select_option("#id_supports", label=sup_rhk.title)
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    assert "Terlaksananya pelayanan rujukan puskesmas" in page.content()
    wr = skp.work_results.get()
    assert wr.supports == sup_rhk

    page.get_by_role("link", name="Tambah indikator").click()
    page.select_option("#id_aspect", "quantity")
    page.fill("#id_description", "Jumlah rujukan yang ditindaklanjuti")
    page.fill("#id_target_value", "120")
    page.fill("#id_target_unit", "rujukan")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    assert "Jumlah rujukan yang ditindaklanjuti" in page.content()
    sign_out()

    # The supervisor writes the specific expectation for each of the 7 values.
    sign_in(p.supervisor.user.username)
    page.goto(f"{live_server.url}/performance/skp/{skp.pk}/")
    page.get_by_role("link", name="Tulis ekspektasi").first.click()
    boxes = page.locator("form textarea")
    assert boxes.count() == 7
    for n in range(7):
        boxes.nth(n).fill(f"Ekspektasi khusus nomor {n + 1} untuk Budi.")
    page.get_by_role("button", name="Simpan ekspektasi").click()
    page.wait_for_load_state()
    assert skp.behaviour_expectations.count() == 7
    sign_out()

    # The employee submits.
    sign_in(p.employee.user.username)
    page.goto(f"{live_server.url}/performance/skp/{skp.pk}/")
    page.get_by_role("button", name="Ajukan ke pejabat penilai").click()
    page.wait_for_load_state()
    skp.refresh_from_db()
    assert skp.status == "submitted"
    sign_out()

    # The supervisor sees it waiting and returns it with a note.
    sign_in(p.supervisor.user.username)
    page.goto(f"{live_server.url}/performance/inbox/")
    page.get_by_role("link", name=re.compile(p.employee.name)).first.click()
    page.fill("#id_return-note", "Tambahkan indikator waktu penyelesaian rujukan.")
    page.get_by_role("button", name="Kembalikan dengan catatan").click()
    page.wait_for_load_state()
    skp.refresh_from_db()
    assert skp.status == "returned"
    sign_out()

    # The employee reads the note, adds the indicator, resubmits.
    sign_in(p.employee.user.username)
    page.goto(f"{live_server.url}/performance/skp/{skp.pk}/")
    note = page.get_by_test_id("return-note")
    assert "Tambahkan indikator waktu penyelesaian rujukan." in note.inner_text()
    page.get_by_role("link", name="Tambah indikator").click()
    page.select_option("#id_aspect", "time")
    page.fill("#id_description", "Ketepatan waktu tindak lanjut rujukan")
    page.fill("#id_target_value", "12")
    page.fill("#id_target_unit", "bulan")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Ajukan kembali").click()
    page.wait_for_load_state()
    skp.refresh_from_db()
    assert skp.status == "submitted"
    sign_out()

    # The supervisor approves.
    sign_in(p.supervisor.user.username)
    page.goto(f"{live_server.url}/performance/skp/{skp.pk}/")
    page.fill("#id_approve-note", "Sudah selaras dengan RHK bidang.")
    page.get_by_role("button", name="Setujui SKP").click()
    page.wait_for_load_state()
    skp.refresh_from_db()
    assert skp.status == "approved" and skp.approved_by == p.supervisor.user
    assert list(skp.events.values_list("action", flat=True)) == [
        "create",
        "submit",
        "return",
        "submit",
        "approve",
    ]
    assert "Disetujui" in page.content()


def test_activity_realisation_feedback_rating_and_distribution(
    page, live_server, personas_live, sign_in, sign_out, tmp_path
):
    p = personas_live
    sup = supervisor_chain(p)
    skp = services.skp_create(actor=p.employee.user, employee=p.employee, year=YEAR)
    fill_skp(skp, supports=main_results(sup))
    approve_skp(skp, appraiser_user=p.supervisor.user)
    services.org_predikat_record(
        actor=p.admin, org_unit=p.unit_a, period=period(PERIOD), predikat="baik"
    )
    evidence = tmp_path / "notulen-rapat.pdf"
    evidence.write_bytes(PDF)

    # The employee logs an activity with a PDF.
    sign_in(p.employee.user.username)
    page.goto(f"{live_server.url}/performance/skp/{skp.pk}/")
    page.get_by_role("link", name="Kegiatan").first.click()
    page.fill("#id_date", f"{YEAR}-02-10")
    page.fill("#id_description", "Rapat koordinasi rujukan dengan puskesmas")
    page.fill("#id_output", "Notulen rapat")
    page.set_input_files("#id_evidence", str(evidence))
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state()
    activity = Activity.objects.get(skp=skp)
    assert activity.evidence.name.endswith(".pdf")
    assert "Rapat koordinasi rujukan dengan puskesmas" in page.content()

    # ...and reports the quarter's realisation for every indicator.
    page.goto(f"{live_server.url}/performance/skp/{skp.pk}/realisations/{PERIOD}/")
    indicators = list(skp.work_results.get(order=1).indicators.all()) + list(
        skp.work_results.get(order=2).indicators.all()
    )
    for ind in indicators:
        page.fill(f"#id_ind-{ind.pk}-value", "3")
        page.fill(f"#id_ind-{ind.pk}-self_assessment", "Sesuai rencana triwulan.")
    page.set_input_files(f"#id_ind-{indicators[0].pk}-evidence", str(evidence))
    page.get_by_role("button", name="Simpan realisasi").click()
    page.wait_for_load_state()
    assert Realisation.objects.filter(period__code=PERIOD, indicator__in=indicators).count() == 4
    sign_out()

    # The supervisor gives feedback on an RHK and rates the quarter.
    sign_in(p.supervisor.user.username)
    page.goto(f"{live_server.url}/performance/skp/{skp.pk}/")
    page.get_by_role("link", name="Beri umpan balik").first.click()
    page.fill("#id_text", "Rapat koordinasinya bagus, lanjutkan dengan rencana tindak lanjut.")
    page.get_by_role("button", name="Kirim").click()
    page.wait_for_load_state()
    assert Feedback.objects.filter(skp=skp, author=p.supervisor.user).count() == 1

    page.goto(f"{live_server.url}/performance/skp/{skp.pk}/evaluate/{PERIOD}/")
    assert "Rapat koordinasi rujukan dengan puskesmas" in page.content()  # the activity
    page.locator("label", has_text="Di Atas Ekspektasi").first.click()  # work results
    page.locator('label[for="id_behaviour_rating_1"]').click()  # behaviour: meets
    assert page.locator('input[name="work_result_rating"][value="above"]').is_checked()
    assert page.locator('input[name="behaviour_rating"][value="meets"]').is_checked()
    page.get_by_role("button", name="Simpan penilaian").click()
    page.wait_for_load_state()
    evaluation = Evaluation.objects.get(skp=skp, period__code=PERIOD)
    matrix = selectors.predikat_matrix(period(PERIOD).end)
    assert evaluation.predikat == matrix[("above", "meets")] == "baik"
    assert "Baik" in page.content()
    sign_out()

    # The unit head opens calibration for the unit and the quarter.
    sign_in(p.head_a.user.username)
    page.goto(f"{live_server.url}/performance/calibration/")
    # the unit is a searchable picker (issue 13): search, then choose its radio button
    with page.expect_response(lambda r: "/units/options/" in r.url):
        page.fill("#unit", p.unit_a.name[:6])
    option = page.locator(f'#unit-options input[name="unit"][value="{p.unit_a.pk}"]')
    option.wait_for()
    option.check()
    page.select_option("#period", PERIOD)
    page.get_by_role("button", name="Buka kalibrasi").click()
    page.wait_for_load_state()
    assert f"/performance/calibration/{p.unit_a.pk}/{PERIOD}/" in page.url
    text = page.locator("main").inner_text() if page.locator("main").count() else page.content()
    assert p.employee.name in text
    assert "Baik" in text and "70" in text  # the limit of a unit with predikat Baik
    # one evaluation, all Baik: the "some Butuh Perbaikan/Kurang" minimum is flagged
    assert "Kurang dari batas" in text
