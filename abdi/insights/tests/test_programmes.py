"""Policy monitoring and evaluation: programmes with indicators (targets per period, bound to
an Abdi measure or entered with evidence), budget plan vs realisation, findings and
recommendations followed up until closed, and overdue reminders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from abdi.core.models import Notification
from abdi.insights.models import FollowUp, IndicatorValue, Recommendation
from abdi.insights.selectors import programmes as sel
from abdi.insights.services import programmes as services
from abdi.insights.tests.factories import training

YEAR = 2025
pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(personas):
    return services.programme_save(
        actor=personas.admin,
        name="Literasi digital seluruh pegawai 2027",
        org_unit=personas.unit_a,
        start_year=2025,
        end_year=2027,
    )


def test_achievement_by_hand():
    # 45 of a target of 60 → 75 %; lower is better: target 10, realised 20 → 50 %
    assert sel.achievement(None, D(60), D(45), True) == D("75.00")
    assert sel.achievement(None, D(10), D(20), False) == D("50.00")
    assert sel.achievement(None, None, D(20), True) is None


def test_refusals(personas, programme):
    a = personas.admin
    with pytest.raises(ValidationError, match="Periode"):
        ind = services.indicator_add(actor=a, programme=programme, name="Manual")
        services.target_set(actor=a, indicator=ind, year=None, target=D(10))
    with pytest.raises(ValidationError, match="tidak dikenal"):
        services.indicator_add(actor=a, programme=programme, name="X", measure="gaji")
    with pytest.raises(ValidationError, match="kategori pelatihan"):
        services.indicator_add(
            actor=a, programme=programme, name="JP", measure="jp_category", measure_param="x"
        )
    with pytest.raises(ValidationError, match="Unit layanan"):
        services.indicator_add(
            actor=a, programme=programme, name="IKM", measure="ikm", measure_param="999999"
        )
    with pytest.raises(ValidationError, match="Tahun selesai"):
        services.programme_save(
            actor=a, name="P", org_unit=personas.unit_a, start_year=2026, end_year=2025
        )
    with pytest.raises(PermissionDenied):
        services.programme_save(
            actor=personas.leader,
            name="P",
            org_unit=personas.unit_a,
            start_year=2025,
            end_year=2025,
        )


def test_manual_value_needs_evidence_and_bound_ones_are_measured(personas, programme):
    a, p = personas.admin, personas
    manual = services.indicator_add(
        actor=a, programme=programme, name="Modul disusun", targets={YEAR: D(4)}
    )
    with pytest.raises(ValidationError, match="bukti"):
        services.value_record(actor=a, indicator=manual, year=YEAR, value=D(3))
    services.value_record(
        actor=a, indicator=manual, year=YEAR, value=D(3), evidence="SK Kepala BKPSDM 12/2025"
    )
    bound = services.indicator_add(
        actor=a,
        programme=programme,
        name="JP teknis per pegawai",
        measure="jp_category",
        measure_param="technical",
        targets={YEAR: D(5)},
    )
    with pytest.raises(ValidationError, match="otomatis"):
        services.value_record(actor=a, indicator=bound, year=YEAR, value=D(1), evidence="x")
    # 24 + 6 technical JP in 2025 (a seminar does not count) over the six active personas: 5
    training(p.employee, category="technical", year=YEAR, jp=24)
    training(p.colleague, category="technical", year=YEAR, jp=6)
    training(p.colleague, category="seminar", year=YEAR, jp=8)
    assert services.programme_measure(actor=a, programme=programme, year=YEAR) == 1
    value = IndicatorValue.objects.get(indicator=bound, year=YEAR)
    assert value.measured and value.value == D("5.00")
    status = sel.programme_status(programme)
    rows = {s.indicator.name: s.periods for s in status.indicators}
    assert [(r.year, r.target, r.value, r.achievement) for r in rows["Modul disusun"]] == [
        (YEAR, D(4), D(3), D("75.00"))
    ]
    assert rows["JP teknis per pegawai"][0].achievement == D("100.00")
    # The page names the bound category in words, never its stored key.
    subjects = {s.indicator.name: s.subject for s in status.indicators}
    assert subjects == {"Modul disusun": "", "JP teknis per pegawai": "Teknis"}


def test_budget_plan_against_realisation(personas, programme):
    a = personas.admin
    services.budget_set(
        actor=a, programme=programme, year=2025, planned=D(200_000_000), spent=D(150_000_000)
    )
    services.budget_set(actor=a, programme=programme, year=2026, planned=D(100_000_000), spent=0)
    with pytest.raises(ValidationError):
        services.budget_set(actor=a, programme=programme, year=2027, planned=D(-1), spent=D(0))
    status = sel.programme_status(programme)
    assert [(b.year, b.absorption) for b in status.budgets] == [
        (2025, D("75.00")),
        (2026, D("0.00")),
    ]
    assert (status.planned_total, status.spent_total) == (D(300_000_000), D(150_000_000))


def test_recommendation_followed_up_until_closed(personas, programme):
    a, owner = personas.admin, personas.head_a.user
    finding = services.finding_add(
        actor=a, programme=programme, year=YEAR, text="Modul belum tersedia"
    )
    rec = services.recommendation_add(
        actor=a,
        programme=programme,
        text="Susun modul literasi digital",
        owner=owner,
        due_on=dt.date(2025, 9, 30),
        finding=finding,
    )
    assert Notification.objects.filter(user=owner, verb="insights.recommendation").exists()
    with pytest.raises(PermissionDenied):
        services.recommendation_follow_up(
            actor=personas.colleague.user, recommendation=rec, note="x", status="in_progress"
        )
    with pytest.raises(PermissionDenied, match="admin BKPSDM"):
        services.recommendation_follow_up(
            actor=owner, recommendation=rec, note="Selesai", status="closed"
        )
    services.recommendation_follow_up(
        actor=owner, recommendation=rec, note="Draf modul disusun", status="in_progress"
    )
    services.recommendation_follow_up(
        actor=a, recommendation=rec, note="Modul ditetapkan", status="closed"
    )
    rec.refresh_from_db()
    assert rec.status == "closed" and rec.closed_at is not None
    assert list(FollowUp.objects.values_list("status", flat=True)) == ["in_progress", "closed"]
    with pytest.raises(ValidationError, match="sudah selesai"):
        services.recommendation_follow_up(
            actor=a, recommendation=rec, note="lagi", status="in_progress"
        )


def test_overdue_recommendations_remind_their_owners_weekly(personas, programme):
    a, owner = personas.admin, personas.head_a.user
    late = services.recommendation_add(
        actor=a, programme=programme, text="Terlambat", owner=owner, due_on=dt.date(2025, 1, 31)
    )
    services.recommendation_add(
        actor=a, programme=programme, text="Belum", owner=owner, due_on=dt.date(2025, 12, 31)
    )
    verb = "insights.recommendation_overdue"
    assert services.recommendation_reminders(today=dt.date(2025, 3, 1)) == 1
    assert services.recommendation_reminders(today=dt.date(2025, 3, 3)) == 0  # within a week
    assert services.recommendation_reminders(today=dt.date(2025, 3, 8)) == 1
    assert Notification.objects.filter(user=owner, verb=verb).count() == 2
    Recommendation.objects.filter(pk=late.pk).update(status="closed")
    assert services.recommendation_reminders(today=dt.date(2025, 4, 1)) == 0


def test_scope(personas, programme):
    p = personas
    other = services.programme_save(
        actor=p.admin, name="Program unit B", org_unit=p.unit_b, start_year=2025, end_year=2025
    )
    assert set(sel.programmes_visible_to(p.admin)) == {programme, other}
    assert set(sel.programmes_visible_to(p.leader)) == {programme, other}
    assert not sel.programmes_visible_to(p.employee.user).exists()
    services.recommendation_add(
        actor=p.admin, programme=other, text="R", owner=p.employee.user, due_on=dt.date(2025, 5, 1)
    )
    assert list(sel.programmes_visible_to(p.employee.user)) == [other]


def test_pages_and_pdf(client, personas, programme, django_assert_max_num_queries):
    p = personas
    services.indicator_add(actor=p.admin, programme=programme, name="Modul", targets={YEAR: 4})
    services.recommendation_add(
        actor=p.admin, programme=programme, text="Rek", owner=p.head_a.user, due_on=dt.date.today()
    )
    client.force_login(p.admin)
    with django_assert_max_num_queries(25):
        page = client.get(reverse("insights:programme_detail", args=[programme.pk]))
    assert "Modul" in page.content.decode()
    response = client.post(
        reverse("insights:indicator_add", args=[programme.pk]),
        {"name": "Tanpa periode", "measure": "manual", "target": "5"},
    )
    assert response.status_code == 302
    assert not programme.indicators.filter(name="Tanpa periode").exists()
    pdf = client.get(reverse("insights:programme_pdf", args=[programme.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.force_login(p.employee.user)
    assert client.get(reverse("insights:programme_detail", args=[programme.pk])).status_code == 404


def test_budget_against_the_priced_learning_plan(personas, programme, settings):
    """A programme bound to learning (a JP indicator) compares each budget of this year and
    later with the cost of the agency's training-needs analysis (docs/decisions/0049)."""
    from abdi.competency import services as competency_services
    from abdi.competency.models import Competency
    from abdi.core.services import today
    from abdi.learning.models import Provider
    from abdi.learning.testing import make_programme

    a, p = personas.admin, personas
    this = today().year
    settings.ABDI_TNA_CLASS_SIZE = 30
    # The two staff of "Staf Pelayanan" (employee, colleague) need a new technical competency
    # at level 3 and are unassessed (below); no other position requires it.
    competency = Competency.objects.create(
        code="T-UJI-HARGA", name="Kompetensi uji harga", kind="technical"
    )
    competency_services.position_standard_set(
        actor=a, position=p.staff_position, levels={competency.pk: 3}
    )
    provider = Provider.objects.create(name="BKPSDM", kind="internal")
    make_programme(
        code="PRICED",
        title="Kelas berharga",
        provider=provider,
        competency=competency,
        level=3,
        cost_per_session=2_000_000,
        cost_per_participant=1_000_000,
    )
    services.indicator_add(actor=a, programme=programme, name="Manual", targets={this: D(1)})
    services.budget_set(actor=a, programme=programme, year=this - 1, planned=D(1), spent=D(0))
    services.budget_set(actor=a, programme=programme, year=this, planned=D(10_000_000), spent=D(0))
    # Not bound to learning yet: no plan cost.
    status = sel.programme_status(programme)
    assert not status.learning_bound
    assert [b.plan_cost for b in status.budgets] == [None, None]
    services.indicator_add(
        actor=a, programme=programme, name="Target JP", measure="jp_target", targets={this: D(80)}
    )
    status = sel.programme_status(programme)
    assert status.learning_bound
    past, current = status.budgets
    assert past.plan_cost is None  # a past year is not priced
    # 2 seats, one class: 2,000,000 + 2 × 1,000,000 = 4,000,000 of a 10,000,000 budget
    assert (current.plan_cost, current.plan_unpriced) == (4_000_000, 0)
    assert (current.plan_share, current.plan_balance) == (D("40.00"), D(6_000_000))
    body = (
        _admin_client(personas)
        .get(reverse("insights:programme_detail", args=[programme.pk]))
        .content.decode()
    )
    assert "Biaya rencana pelatihan" in body
    assert "Rp\u00a04.000.000" in body and "Rp\u00a06.000.000" in body


def _admin_client(personas):
    from django.test import Client

    client = Client()
    client.force_login(personas.admin)
    return client


def test_bound_indicator_chosen_by_name_on_the_page(client, personas, programme):
    """The form asks for the training category, the service unit or the JPM band by name and
    stores the parameter the measure needs; a measure without its subject writes nothing."""
    p = personas
    client.force_login(p.admin)
    url = reverse("insights:indicator_add", args=[programme.pk])
    page = client.get(reverse("insights:programme_detail", args=[programme.pk])).content.decode()
    assert "Kategori pelatihan" in page and "Unit layanan" in page and "Parameter" not in page
    client.post(url, {"name": "Tanpa kategori", "measure": "jp_category"})
    client.post(url, {"name": "IKM tanpa unit", "measure": "ikm", "category": "technical"})
    assert not programme.indicators.exists()
    client.post(url, {"name": "JP teknis", "measure": "jp_category", "category": "technical"})
    client.post(url, {"name": "IKM unit", "measure": "ikm", "service_unit": p.unit_a.pk})
    client.post(url, {"name": "Manual", "measure": "manual", "category": "technical"})
    stored = dict(programme.indicators.values_list("name", "measure_param"))
    assert stored == {"JP teknis": "technical", "IKM unit": str(p.unit_a.pk), "Manual": ""}
    page = client.get(reverse("insights:programme_detail", args=[programme.pk])).content.decode()
    assert f"· {p.unit_a.name} ·" in page and "· Teknis ·" in page
