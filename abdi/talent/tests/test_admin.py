import pytest
from django.urls import reverse

from abdi.talent.models import ThresholdBand, ThresholdSet

pytestmark = pytest.mark.django_db


def _post(table, rows):
    data = {
        "source": table.source,
        "confidence": table.confidence,
        "effective_from": table.effective_from.strftime("%d-%m-%Y"),
        "kind": table.kind,
        "note": "",
        "bands-TOTAL_FORMS": str(len(rows)),
        "bands-INITIAL_FORMS": str(len(rows)),
        "bands-MIN_NUM_FORMS": "0",
        "bands-MAX_NUM_FORMS": "3",
    }
    for i, (band, lower, upper) in enumerate(rows):
        data |= {
            f"bands-{i}-id": str(band.pk),
            f"bands-{i}-threshold_set": str(table.pk),
            f"bands-{i}-level": band.level,
            f"bands-{i}-lower": lower,
            f"bands-{i}-upper": upper,
        }
    return data


def test_the_admin_refuses_a_threshold_table_with_a_gap(client, personas):
    client.force_login(personas.superuser)
    table = ThresholdSet.objects.get(kind="performance")
    bands = {b.level: b for b in table.bands.all()}
    rows = [
        (bands["below"], "", "3.50"),
        (bands["meets"], "3.80", "4.50"),
        (bands["above"], "4.50", ""),
    ]
    url = reverse("admin:talent_thresholdset_change", args=[table.pk])
    response = client.post(url, _post(table, rows))
    assert response.status_code == 200
    assert "tidak masuk kategori mana pun" in response.content.decode()
    assert str(ThresholdBand.objects.get(threshold_set=table, level="meets").lower) == "3.50"
    rows[1] = (bands["meets"], "3.50", "4.50")
    assert client.post(url, _post(table, rows)).status_code == 302
