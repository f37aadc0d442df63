"""The SKP and evaluation documents: PDF, official layout, only for those who may see them."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.urls import reverse

from abdi.performance import services
from abdi.performance.testing import approved_skp_chain, period

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, tmp_path) -> str:
    assert content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())  # table cells wrap: compare with single spaces


def test_skp_pdf_has_the_official_parts(personas, login, tmp_path):
    chain = approved_skp_chain(personas)
    response = login(personas.employee.user).get(
        reverse("performance:skp_pdf", args=[chain.employee.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "SASARAN KINERJA PEGAWAI" in text
    assert "1 JANUARI 2026" in text and "31 DESEMBER 2026" in text
    for person in (personas.employee, personas.supervisor, personas.head_a):
        assert person.nip in text  # employee, appraiser, appraiser's superior
    assert "PEJABAT PENILAI KINERJA" in text
    assert "Terlaksananya program pertama Budi Pegawai" in text  # the RHK
    assert "Terlaksananya program pertama Siti Atasan" in text  # the supported RHK
    assert "Jumlah laporan yang diselesaikan" in text and "12 laporan" in text
    assert "Berorientasi Pelayanan" in text and "Menunjukkan perilaku" in text
    assert "Pegawai yang Dinilai" in text


def test_evaluation_pdf_has_ratings_predikat_and_realisation(personas, login, tmp_path):
    chain = approved_skp_chain(personas)
    indicator = chain.employee.work_results.first().indicators.first()
    services.realisation_submit(
        actor=personas.employee.user, indicator=indicator, period=period("2026-Q3"), value=7
    )
    evaluation = services.evaluation_create(
        actor=personas.supervisor.user,
        skp=chain.employee,
        period=period("2026-Q3"),
        work_result_rating="above",
        behaviour_rating="above",
    )
    url = reverse("performance:evaluation_pdf", args=[evaluation.pk])
    # Before release the employee does not see it; the appraiser does.
    assert login(personas.employee.user).get(url).status_code == 404
    response = login(personas.supervisor.user).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "EVALUASI KINERJA PEGAWAI" in text
    assert personas.employee.nip in text and personas.supervisor.nip in text
    assert "SANGAT BAIK" in text
    assert "DI ATAS EKSPEKTASI" in text
    assert "7 laporan" in text  # the realisation of the period

    services.evaluation_release(actor=personas.supervisor.user, evaluation=evaluation)
    response = login(personas.employee.user).get(url)
    assert response.status_code == 200


def test_documents_are_404_out_of_scope(personas, login):
    chain = approved_skp_chain(personas)
    client = login(personas.outsider.user)
    assert client.get(reverse("performance:skp_pdf", args=[chain.employee.pk])).status_code == 404
    client = login(personas.colleague.user)
    assert client.get(reverse("performance:skp_pdf", args=[chain.employee.pk])).status_code == 404
