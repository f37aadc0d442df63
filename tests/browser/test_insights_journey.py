"""Issue 12 in a real browser: pimpinan opens the leadership dashboard, drills from the agency
to an OPD and from there to the list of employees behind a figure, and downloads the PDF."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from abdi.insights.services.dashboard import dashboard_refresh
from abdi.insights.services.ip_asn import ip_asn_compute

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_pimpinan_drills_down_and_downloads_the_pdf(personas_live, page, live_server, sign_in):
    year = timezone.localdate().year
    ip_asn_compute(year=year)
    dashboard_refresh(year=year)
    sign_in("pimpinan")
    page.get_by_role("button", name="Wawasan pimpinan").click()
    page.locator("#mainnav").get_by_role("link", name="Dasbor pimpinan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pemerintah Provinsi Uji")
    expect(page.locator("canvas[data-chart='chart-headcount']")).to_be_visible()

    # Agency → OPD: the headcount table's row of Dinas Kesehatan.
    section = page.locator("#section-headcount")
    section.locator("summary").click()
    section.get_by_role("link", name="Dinas Kesehatan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dinas Kesehatan")

    # OPD → the list behind a figure: the PNS of Dinas Kesehatan.
    status = page.locator("#section-status")
    status.locator("summary").click()
    status.get_by_role("link", name="PNS").click()
    expect(page).to_have_url(
        f"{live_server.url}/employees/?unit={personas_live.unit_a.pk}&status=pns"
    )
    expect(page.get_by_text("Budi Pegawai")).to_be_visible()
    expect(page.get_by_text("Lia Luar")).to_have_count(0)  # another OPD

    # Back to the OPD dashboard and download its PDF.
    page.go_back()
    with page.expect_download() as download_info:
        page.get_by_test_id("dashboard-pdf").click(modifiers=["Alt"])
    with open(download_info.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"


LABELS_FIT = """() => [...document.querySelectorAll("canvas[data-chart]")].map(c => {
    const chart = Chart.getChart(c);
    if (!chart || chart.options.indexAxis !== "y") return null;
    const scale = chart.scales.y;
    chart.ctx.save();
    chart.ctx.font = Chart.helpers.toFont(scale.options.ticks.font).string;
    const widest = Math.max(...scale.ticks.map(t => chart.ctx.measureText(String(t.label)).width));
    chart.ctx.restore();
    return {chart: c.dataset.chart, widest: widest, room: scale.width};
}).filter(Boolean)"""


@pytest.mark.parametrize("width", [1366, 390])
def test_bar_labels_are_not_cut_off(personas_live, page, live_server, sign_in, width):
    """Issue 13: the first bar's label (a long unit name) was clipped on the left. Each
    category label of a horizontal chart fits in the room of its axis, at both widths."""
    from abdi.org.models import OrgUnit

    OrgUnit.objects.filter(pk=personas_live.unit_a.pk).update(
        name="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Daerah Provinsi Uji"
    )
    year = timezone.localdate().year
    ip_asn_compute(year=year)
    dashboard_refresh(year=year)
    sign_in("pimpinan")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/insights/")
    expect(page.locator("canvas[data-chart='chart-headcount']")).to_be_visible()
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector('canvas[data-chart]'))"
    )
    found = page.evaluate(LABELS_FIT)
    assert found, "no horizontal chart on the dashboard"
    assert all(f["widest"] <= f["room"] for f in found), found
