"""The talent pages' unit pickers: scoped to the talent map, preselected, validated."""

import pytest
from django.urls import reverse

from abdi.talent.models import TalentReview

pytestmark = pytest.mark.django_db


def test_the_picker_offers_only_the_talent_scope_and_preselects_the_own_opd(client, personas):
    client.force_login(personas.operator)
    page = client.get(reverse("talent:map")).content.decode()
    # The operator's map is their OPD: it is the unit shown, chosen in the picker.
    assert f'name="unit" value="{personas.unit_a.pk}" checked' in page
    found = client.get(reverse("org:unit_options"), {"scope": "talent", "unit_picker_q": "Dinas"})
    names = [u.name for u in found.context["options"]]
    assert personas.unit_a.name in names and personas.unit_b.name not in names
    client.force_login(personas.admin)
    found = client.get(reverse("org:unit_options"), {"scope": "talent", "unit_picker_q": "Dinas"})
    assert personas.unit_b.name in [u.name for u in found.context["options"]]
    # Nothing chosen for the agency-wide admin; a unit asked for is chosen, with a way back.
    page = client.get(reverse("talent:changes"), {"unit": personas.unit_b.pk}).content.decode()
    assert f'name="unit" value="{personas.unit_b.pk}" checked' in page
    assert "Seluruh cakupan saya" in page


def test_review_form_refuses_an_unknown_unit_and_keeps_the_chosen_one(client, personas):
    client.force_login(personas.admin)
    url = reverse("talent:review_new")
    data = {"title": "Rapat", "year": "2026", "held_on": "2026-02-01", "org_unit": "999999"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Unit kerja tidak dikenal atau sudah ditutup: 999999." in response.content.decode()
    assert not TalentReview.objects.exists()
    data["org_unit"] = str(personas.unit_b.pk)
    response = client.post(url, {**data, "year": "x"})
    assert f'name="org_unit" value="{personas.unit_b.pk}" checked' in response.content.decode()
    # A unit in scope passes the form; the service then answers (no mapping for that year).
    response = client.post(url, data)
    assert "Belum ada pemetaan talenta" in response.content.decode()
    assert not TalentReview.objects.exists()
