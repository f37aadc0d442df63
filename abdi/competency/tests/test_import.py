import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from abdi.competency.models import Assessment


def xlsx(rows) -> SimpleUploadedFile:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("asesmen.xlsx", buffer.getvalue())


HEADER = ["NIP", "Tanggal", "Metode", "Asesor", "Skor Potensi", "M1", "M2", "SK1"]


@pytest.mark.django_db
def test_import_records_every_row(personas, login):
    client = login(personas.admin)
    upload = xlsx(
        [
            HEADER,
            [personas.employee.nip, "2025-04-01", "cact", "UPT", 70, 3, 2, None],
            [personas.colleague.nip, "2025-04-02", "360", "Tim", None, 2, 2, 3],
        ]
    )
    response = client.post(reverse("competency:assessment_import"), {"file": upload})
    assert response.status_code == 302
    assert Assessment.objects.count() == 2
    levels = {
        r.competency.code: r.level
        for r in Assessment.objects.get(employee=personas.colleague).results.all()
    }
    assert levels == {"M1": 2, "M2": 2, "SK1": 3}


@pytest.mark.django_db
def test_import_one_bad_row_writes_nothing(personas, login):
    client = login(personas.admin)
    upload = xlsx(
        [
            HEADER,
            [personas.employee.nip, "2025-04-01", "cact", "UPT", 70, 3, 2, None],
            [personas.colleague.nip, "2025-04-02", "360", "Tim", None, 9, 2, 3],
            ["000", "2025-04-02", "360", "Tim", None, 1, 1, 1],
        ]
    )
    response = client.post(reverse("competency:assessment_import"), {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Baris 3" in html and "1–5" in html and "Baris 4" in html
    assert not Assessment.objects.exists()
    not_xlsx = SimpleUploadedFile("x.xlsx", b"not a workbook")
    response = client.post(reverse("competency:assessment_import"), {"file": not_xlsx})
    assert response.status_code == 400
    assert (
        login(personas.operator)
        .post(reverse("competency:assessment_import"), {"file": upload})
        .status_code
        == 403
    )
