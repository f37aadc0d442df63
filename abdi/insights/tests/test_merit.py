"""Merit self-assessment: the index worked by hand from REGULATIONS §9 (75 % maturity + 25 %
engagement; Dasar ≤ 0.40, Lanjutan ≤ 0.60, Menengah ≤ 0.80, Tinggi ≤ 1.00, Maju > 1), and the
workflow: Abdi's proposals with evidence, override with a reason, submit, verify."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from abdi.insights import rules
from abdi.insights.models import MeritAnswer, MeritStep
from abdi.insights.selectors.merit import merit_result
from abdi.insights.services import merit as services

LEVELS = (
    (D("0.40"), "Dasar"),
    (D("0.60"), "Lanjutan"),
    (D("0.80"), "Menengah"),
    (D("1.00"), "Tinggi"),
    (None, "Maju"),
)
YEAR = 2025


def test_index_by_hand():
    # A (weight 0.5): mean(0.8, 0.6) = 0.7; B (0.5): 1.0 → maturity 0.85
    maturity = rules.merit_maturity(
        {"A": [D("0.8"), D("0.6")], "B": [D("1.0")]}, {"A": D("0.5"), "B": D("0.5")}
    )
    assert maturity == D("0.85")
    # 0.75 × 0.85 + 0.25 × 0.6 = 0.7875 → Menengah
    index = rules.merit_index(maturity, D("0.6"))
    assert index == D("0.7875")
    assert rules.merit_level(index, LEVELS) == "Menengah"


def test_missing_scores_count_zero_and_no_engagement_counts_zero():
    maturity = rules.merit_maturity({"A": [D("1"), None]}, {"A": D("0.1")})
    assert maturity == D("0.5")
    assert rules.merit_index(maturity, None) == D("0.375")


@pytest.mark.parametrize(
    ("index", "level"),
    [
        ("0.40", "Dasar"),
        ("0.4001", "Lanjutan"),
        ("0.80", "Menengah"),
        ("0.8001", "Tinggi"),
        ("1.00", "Tinggi"),
        ("1.01", "Maju"),
    ],
)
def test_level_edges(index, level):
    assert rules.merit_level(D(index), LEVELS) == level


@pytest.mark.django_db
def test_start_proposes_scores_with_evidence(personas):
    assessment = services.merit_start(actor=personas.admin, year=YEAR)
    answers = {a.indicator.code: a for a in assessment.answers.select_related("indicator")}
    assert len(answers) == 14
    # No position of the personas has a competency standard: 0 of 5.
    assert answers["A1.1"].proposed == D(0)
    assert "0 dari 5 jabatan aktif" in answers["A1.1"].evidence
    # All six employees have an account.
    assert answers["A8.1"].proposed == D(1)
    assert answers["A8.1"].score == D(1)
    assert answers["A2.1"].proposed is None and answers["A2.1"].score is None
    with pytest.raises(ValidationError, match="sudah ada"):
        services.merit_start(actor=personas.admin, year=YEAR)
    with pytest.raises(PermissionDenied):
        services.merit_start(actor=personas.leader, year=YEAR - 1)


@pytest.mark.django_db
def test_override_needs_a_reason_then_submit_and_verify(personas):
    p = personas
    assessment = services.merit_start(actor=p.admin, year=YEAR)
    digital = MeritAnswer.objects.get(assessment=assessment, indicator__code="A8.1")
    with pytest.raises(ValidationError, match="alasan"):
        services.merit_answer(actor=p.admin, answer=digital, score=D("0.5"))
    services.merit_answer(
        actor=p.admin,
        answer=digital,
        score=D("0.5"),
        reason="Sebagian data belum terhubung ke SIASN.",
    )
    with pytest.raises(ValidationError, match="antara 0 dan 1"):
        services.merit_answer(actor=p.admin, answer=digital, score=D("1.5"))
    # Eight manual indicators and the complaints share (no complaint counted yet).
    with pytest.raises(ValidationError, match="9 indikator belum dinilai"):
        services.merit_submit(actor=p.admin, assessment=assessment)
    for answer in assessment.answers.filter(score__isnull=True):
        services.merit_answer(actor=p.admin, answer=answer, score=D("0.5"))
    services.merit_submit(actor=p.admin, assessment=assessment)
    with pytest.raises(PermissionDenied):
        services.merit_verify(actor=p.admin, assessment=assessment, approve=True)
    with pytest.raises(ValidationError):
        services.merit_verify(actor=p.auditor, assessment=assessment, approve=False)
    services.merit_verify(actor=p.auditor, assessment=assessment, approve=True)
    assessment.refresh_from_db()
    assert assessment.status == "verified"
    assert list(MeritStep.objects.filter(assessment=assessment).values_list("action", "actor")) == [
        ("started", p.admin.pk),
        ("submitted", p.admin.pk),
        ("verified", p.auditor.pk),
    ]
    result = merit_result(assessment)
    assert result.engagement is None
    assert D(0) <= result.index <= D(1)


@pytest.mark.django_db
def test_pages_show_the_evidence_and_refuse_an_override_without_reason(personas, login):
    from django.urls import reverse

    client = login(personas.admin)
    response = client.post(reverse("insights:merit_start"), {"year": YEAR})
    assert response.url == reverse("insights:merit_detail", args=[YEAR])
    page = client.get(response.url).content.decode()
    assert "Temuan Abdi" in page and "0 dari 5 jabatan aktif" in page
    digital = MeritAnswer.objects.get(indicator__code="A8.1")
    response = client.post(
        reverse("insights:merit_answer", args=[digital.pk]), {"score": "0,5"}, follow=True
    )
    assert "alasan" in response.content.decode()
    digital.refresh_from_db()
    assert digital.score == D(1)
    assert (
        login(personas.employee.user).get(reverse("insights:merit_detail", args=[YEAR])).status_code
        == 403
    )


@pytest.mark.django_db
def test_report_gaps_recommendations_and_pdf(personas, client):
    from django.urls import reverse

    from abdi.insights.selectors.merit import merit_report

    p = personas
    last = services.merit_start(actor=p.admin, year=YEAR)
    for answer in last.answers.all():
        services.merit_answer(actor=p.admin, answer=answer, score=D("0.5"), reason="uji")
    this = services.merit_start(actor=p.admin, year=YEAR + 1)
    answers = list(this.answers.select_related("indicator").order_by("indicator__code"))
    for answer in answers:
        services.merit_answer(actor=p.admin, answer=answer, score=D(1), reason="uji")
    # A1: A1.1 scored 0.4, A1.2 1 → mean 0.7, gap 0.3; last year 0.5.
    a11 = next(a for a in answers if a.indicator.code == "A1.1")
    services.merit_answer(actor=p.admin, answer=a11, score=D("0.4"), reason="uji")
    result = merit_result(this)
    report = merit_report(this, result, merit_result(last))
    first = report.rows[0]
    assert (first.mean, first.gap, first.previous) == (D("0.7"), D("0.3"), D("0.5"))
    assert [(code, score) for _a, code, _t, score in report.recommendations] == [("A1.1", D("0.4"))]
    client.force_login(p.auditor)
    pdf = client.get(reverse("insights:merit_pdf", args=[YEAR + 1]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
