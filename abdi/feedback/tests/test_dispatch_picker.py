"""Dispatching a complaint (issue 13): the unit is a searchable picker preselected with the
complaint's unit, not a flat select of every unit."""

import pytest
from django.urls import reverse

from abdi.feedback.services import complaints as svc
from abdi.feedback.testing import build_feedback_personas

pytestmark = pytest.mark.django_db


def test_dispatch_picker_is_preselected_and_searchable(
    personas, login, django_assert_max_num_queries
):
    fp = build_feedback_personas(personas)
    complaint = svc.complaint_submit(
        data=svc.ComplaintInput(
            kind="complaint",
            title="Antrian lama",
            description="Tiga jam.",
            service=fp.service,
            reporter_name="Ani",
            reporter_email="ani@example.test",
            reporter_phone="0812",
        )
    )
    svc.complaint_verify(actor=fp.coordinator, complaint=complaint, note="")
    client = login(fp.coordinator)
    html = client.get(reverse("feedback:complaint_detail", args=[complaint.pk])).content.decode()
    assert f'name="dispatch-unit" value="{complaint.org_unit_id}" checked' in html
    assert "<select" not in html.split('id="id_dispatch-unit-picker"')[1].split("</details>")[0]
    url = reverse("org:unit_options")
    with django_assert_max_num_queries(10):
        response = client.get(
            url,
            {
                "field": "dispatch-unit",
                "unit_picker_q": personas.unit_b.name[:6],
                "dispatch-unit": complaint.org_unit_id,
            },
        )
    options = response.content.decode()
    assert personas.unit_b.name in options
    assert f'value="{complaint.org_unit_id}" checked' in options
    response = client.post(
        reverse("feedback:complaint_act", args=[complaint.pk, "dispatch"]),
        {"dispatch-unit": personas.unit_b.pk, "dispatch-note": ""},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.dispatched_unit_id == personas.unit_b.pk


def test_ikm_chart_data_from_scorecard_rows():
    """Worked by hand: two units, periods out of order, a gap where a unit has no survey."""
    from types import SimpleNamespace

    from abdi.feedback.selectors.complaints import ScorecardRow, ikm_chart

    a = SimpleNamespace(name="Puskesmas A")
    b = SimpleNamespace(name="Dinas B")
    rows = [
        ScorecardRow(unit=a, ikm=[("04/2026", 81.0, "B"), ("01/2026", 80.5, "B")]),
        ScorecardRow(unit=b, ikm=[("01/2026", 90.0, "A")]),
        ScorecardRow(unit=SimpleNamespace(name="Tanpa survei"), ikm=None),
    ]
    chart = ikm_chart(rows)
    assert chart["labels"] == ["01/2026", "04/2026"]
    assert chart["datasets"] == [
        {"label": "Puskesmas A", "data": [80.5, 81.0]},
        {"label": "Dinas B", "data": [90.0, None]},
    ]
    assert ikm_chart([]) is None
