"""The auditor (inspektorat) reads every complaint, the scorecard, the service catalogue and the
surveys agency-wide, takes no action, and never sees who the reporter is."""

from __future__ import annotations

import pytest
from django.urls import reverse

from abdi.feedback.models import Complaint, PublicService, SatisfactionSurvey
from abdi.feedback.rules import format_tracking_code
from abdi.feedback.testing import build_feedback_personas
from abdi.feedback.tests.test_complaints_pages import dispatch, make
from abdi.feedback.tests.test_surveys_services import make_survey


@pytest.fixture
def fp(personas):
    return build_feedback_personas(personas)


@pytest.mark.django_db
def test_auditor_reads_every_complaint_but_not_the_reporter(fp, personas, login):
    sent = dispatch(fp, make(fp, title="Untuk Dinkes"), fp.puskesmas)
    new = make(fp, service=fp.service_b, title="Belum diteruskan")
    client = login(personas.auditor)
    body = client.get(reverse("feedback:inbox")).content.decode()
    assert format_tracking_code(sent.tracking_code) in body
    assert format_tracking_code(new.tracking_code) in body
    assert "Impor SP4N-LAPOR!" not in body
    detail = client.get(reverse("feedback:complaint_detail", args=[sent.pk]))
    html = detail.content.decode()
    assert detail.status_code == 200 and "Untuk Dinkes" in html
    # The trail of the handling is there; who complained and how to reach them is not.
    assert "081255554444" not in html and "Ani Pelapor" not in html
    assert "/act/" not in html  # no action panel
    # The same complaint shows the reporter to its handler: the page does print it.
    assert "081255554444" in login(fp.coordinator).get(detail.request["PATH_INFO"]).content.decode()


@pytest.mark.django_db
def test_auditor_cannot_act_on_a_complaint(fp, personas, login):
    c = make(fp)
    status, events = c.status, c.events.count()
    client = login(personas.auditor)
    for action, data in (
        ("verify", {}),
        ("dispatch", {"dispatch-unit": fp.puskesmas.pk}),
        ("note", {"note-note": "catatan auditor"}),
    ):
        url = reverse("feedback:complaint_act", args=[c.pk, action])
        assert client.post(url, data).status_code == 403
    c.refresh_from_db()
    assert c.status == status and c.dispatched_unit_id is None
    assert c.events.count() == events
    assert client.post(reverse("feedback:lapor_import"), {}).status_code == 403
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_auditor_reads_scorecard_services_and_surveys(fp, personas, login):
    c = dispatch(fp, make(fp), fp.puskesmas)
    assert c.dispatched_unit_id == fp.puskesmas.pk
    survey = make_survey(fp)
    client = login(personas.auditor)
    body = client.get(reverse("feedback:scorecard")).content.decode()
    assert "Puskesmas Kenali Besar" in body
    body = client.get(reverse("feedback:services")).content.decode()
    assert fp.service.name in body and fp.service_b.name in body
    assert reverse("feedback:service_create") not in body
    assert reverse("feedback:service_edit", args=[fp.service.pk]) not in body
    assert client.get(reverse("feedback:surveys")).status_code == 200
    result = client.get(reverse("feedback:survey_result", args=[survey.pk]))
    assert result.status_code == 200
    assert reverse("feedback:survey_edit", args=[survey.pk]) not in result.content.decode()


@pytest.mark.django_db
def test_auditor_cannot_change_services_or_surveys(fp, personas, login):
    survey = make_survey(fp)
    client = login(personas.auditor)
    services = PublicService.objects.count()
    assert client.get(reverse("feedback:service_create")).status_code == 403
    post = client.post(reverse("feedback:service_create"), {"name": "Layanan auditor"})
    assert post.status_code == 403
    edit = client.post(reverse("feedback:service_edit", args=[fp.service.pk]), {"name": "X"})
    assert edit.status_code in (403, 404)
    assert PublicService.objects.count() == services
    assert PublicService.objects.get(pk=fp.service.pk).name != "X"
    url = reverse("feedback:survey_edit", args=[survey.pk])
    assert client.post(url, {"set_open": "0"}).status_code == 403
    assert client.post(reverse("feedback:survey_exclude", args=[survey.pk]), {}).status_code == 403
    assert client.post(reverse("feedback:survey_create"), {}).status_code == 403
    assert SatisfactionSurvey.objects.count() == 1
    survey.refresh_from_db()
    assert survey.is_open
