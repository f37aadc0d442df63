"""Pages of SKP planning: creation with the derived appraiser, the cascade, the workflow (submit,
return with a note, resubmit, approve), refusals, scoping and the lists' query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from abdi.core.models import Notification
from abdi.performance import services
from abdi.performance.models import (
    SKP,
    BehaviourValue,
    Indicator,
    OrgUnitPredikat,
    PerformancePeriod,
    PerformanceYear,
    WorkResult,
)
from abdi.performance.testing import (
    approve_skp,
    approved_skp_chain,
    fill_skp,
    main_results,
    open_year,
    write_expectations,
)
from abdi.testing import make_employee

pytestmark = pytest.mark.django_db


def _sup_chain(p):
    """head_a's and the supervisor's approved SKPs (2026); the employee has none yet."""
    open_year(p.admin)
    head = services.skp_create(actor=p.head_a.user, employee=p.head_a, year=2026)
    fill_skp(head)
    approve_skp(head, appraiser_user=p.admin)
    sup = services.skp_create(actor=p.supervisor.user, employee=p.supervisor, year=2026)
    fill_skp(sup, supports=main_results(head))
    approve_skp(sup, appraiser_user=p.head_a.user)
    return head, sup


# ---------------------------------------------------------------- dashboard and years


def test_dashboard_shows_my_skp_status_and_next_step(personas, login):
    open_year(personas.admin)
    client = login(personas.employee.user)
    page = client.get(reverse("performance:dashboard")).content.decode()
    assert "Susun SKP" in page  # no SKP yet for the open year
    services.skp_create(actor=personas.employee.user, employee=personas.employee, year=2026)
    page = client.get(reverse("performance:dashboard")).content.decode()
    assert "Draf" in page
    assert "Lengkapi RHK dan indikator" in page


def test_admin_opens_year_with_periods_and_closes_one(personas, login):
    client = login(personas.admin)
    response = client.post(
        reverse("performance:year_create"),
        {
            "year": 2027,
            "cadence": "semester",
            "skp_deadline": "2027-01-31",
            "realisation_days_after_period": 10,
            "evaluation_days_after_period": 20,
            "objection_days": 14,
        },
    )
    assert response.status_code == 302
    year = PerformanceYear.objects.get(year=2027)
    codes = set(year.periods.values_list("code", flat=True))
    assert codes == {"2027-S1", "2027-S2", "2027"}
    page = client.get(reverse("performance:year_detail", args=[2027])).content.decode()
    assert "2027-S1" in page and "Tutup" in page
    s1 = year.periods.get(code="2027-S1")
    detail = reverse("performance:year_detail", args=[2027])
    assert client.post(detail, {"period": "x"}).status_code == 404
    client.post(reverse("performance:year_detail", args=[2027]), {"period": s1.pk})
    s1.refresh_from_db()
    assert s1.is_closed


def test_year_pages_refused_to_employees(personas, login):
    open_year(personas.admin)
    client = login(personas.employee.user)
    assert client.get(reverse("performance:year_create")).status_code == 403
    assert client.get(reverse("performance:years")).status_code == 403
    q1 = PerformancePeriod.objects.get(code="2026-Q1")
    response = client.post(reverse("performance:year_detail", args=[2026]), {"period": q1.pk})
    assert response.status_code == 403
    q1.refresh_from_db()
    assert not q1.is_closed


def test_year_open_twice_shows_the_service_message(personas, login):
    open_year(personas.admin)
    client = login(personas.admin)
    response = client.post(
        reverse("performance:year_create"),
        {
            "year": 2026,
            "cadence": "quarterly",
            "skp_deadline": "2026-01-31",
            "realisation_days_after_period": 10,
            "evaluation_days_after_period": 20,
            "objection_days": 14,
        },
    )
    assert response.status_code == 400
    assert PerformanceYear.objects.filter(year=2026).count() == 1
    assert "2026" in response.content.decode()


def test_org_predikat_bulk_save(personas, login):
    open_year(personas.admin)
    client = login(personas.admin)
    url = reverse("performance:org_predikat", args=[2026])
    page = client.get(url + "?period=2026-Q1").content.decode()
    assert personas.unit_a.name in page and personas.subunit_a.name in page
    response = client.post(
        url,
        {
            "period": "2026-Q1",
            f"unit_{personas.unit_a.pk}": "baik",
            f"unit_{personas.subunit_a.pk}": "istimewa",
            "basis": "LHE SAKIP 2026",
        },
    )
    assert response.status_code == 302
    rows = dict(
        OrgUnitPredikat.objects.filter(period__code="2026-Q1").values_list(
            "org_unit_id", "predikat"
        )
    )
    assert rows == {personas.unit_a.pk: "baik", personas.subunit_a.pk: "istimewa"}
    # A change updates; a blank select leaves the unit as recorded.
    client.post(url, {"period": "2026-Q1", f"unit_{personas.unit_a.pk}": "kurang"})
    rows = dict(
        OrgUnitPredikat.objects.filter(period__code="2026-Q1").values_list(
            "org_unit_id", "predikat"
        )
    )
    assert rows == {personas.unit_a.pk: "kurang", personas.subunit_a.pk: "istimewa"}
    assert login(personas.operator).get(url).status_code == 403


# ---------------------------------------------------------------- creation and the cascade


def test_employee_creates_skp_and_sees_the_derived_appraiser(personas, login):
    open_year(personas.admin)
    client = login(personas.employee.user)
    page = client.get(reverse("performance:skp_create")).content.decode()
    assert personas.supervisor.name in page  # the appraiser, from the position tree
    assert personas.head_a.name in page  # the appraiser's superior
    assert 'name="appraiser"' not in page  # shown, never typed
    response = client.post(
        reverse("performance:skp_create"),
        {"performance_year": PerformanceYear.objects.get(year=2026).pk, "approach": "quantitative"},
    )
    skp = SKP.objects.get(employee=personas.employee)
    assert response.status_code == 302
    assert response["Location"] == reverse("performance:skp_detail", args=[skp.pk])
    assert skp.appraiser == personas.supervisor
    assert skp.appraiser_superior == personas.head_a
    detail = client.get(response["Location"]).content.decode()
    assert personas.supervisor.name in detail and personas.head_a.name in detail
    # A second SKP for the same year: the service's message, nothing written.
    response = client.post(
        reverse("performance:skp_create"),
        {"performance_year": skp.performance_year_id, "approach": "quantitative"},
    )
    assert response.status_code == 400
    assert "sudah ada" in response.content.decode()
    assert SKP.objects.filter(employee=personas.employee).count() == 1


def test_login_without_employee_record_cannot_create_skp(personas, login):
    open_year(personas.admin)
    assert login(personas.nobody).get(reverse("performance:skp_create")).status_code == 403


def test_rhk_link_refused_without_an_approved_supervisor_skp(personas, login):
    open_year(personas.admin)
    skp = services.skp_create(actor=personas.employee.user, employee=personas.employee, year=2026)
    client = login(personas.employee.user)
    url = reverse("performance:work_result_create", args=[skp.pk])
    page = client.get(url).content.decode()
    assert "belum memiliki SKP tahun ini yang disetujui" in page
    response = client.post(url, {"kind": "main", "title": "Terlayaninya pasien rawat jalan"})
    assert response.status_code == 400
    assert not WorkResult.objects.filter(skp=skp).exists()
    # An additional RHK needs no link.
    response = client.post(url, {"kind": "additional", "title": "Menjadi panitia HUT"})
    assert response.status_code == 302
    assert WorkResult.objects.get(skp=skp).kind == "additional"


def test_rhk_form_offers_the_supervisors_approved_rhk(personas, login):
    _head, sup = _sup_chain(personas)
    skp = services.skp_create(actor=personas.employee.user, employee=personas.employee, year=2026)
    client = login(personas.employee.user)
    url = reverse("performance:work_result_create", args=[skp.pk])
    page = client.get(url).content.decode()
    target = main_results(sup)[0]
    assert target.title in page
    response = client.post(
        url, {"kind": "main", "title": "Terlayaninya pasien", "supports": target.pk}
    )
    assert response.status_code == 302
    result = WorkResult.objects.get(skp=skp)
    assert result.supports == target
    detail = client.get(reverse("performance:skp_detail", args=[skp.pk])).content.decode()
    assert "Mendukung RHK atasan" in detail and target.title in detail
    # Editing keeps the link through the service.
    response = client.post(
        reverse("performance:work_result_edit", args=[result.pk]),
        {"title": "Terlayaninya pasien rawat jalan", "supports": target.pk},
    )
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.title == "Terlayaninya pasien rawat jalan"


def test_indicator_without_target_is_refused(personas, login):
    _head, sup = _sup_chain(personas)
    skp = services.skp_create(actor=personas.employee.user, employee=personas.employee, year=2026)
    result = services.work_result_add(
        actor=personas.employee.user,
        skp=skp,
        title="Terlayaninya pasien",
        supports=main_results(sup)[0],
    )
    client = login(personas.employee.user)
    url = reverse("performance:indicator_create", args=[result.pk])
    response = client.post(url, {"aspect": "quantity", "description": "Jumlah pasien"})
    assert response.status_code == 400
    assert not Indicator.objects.filter(work_result=result).exists()
    response = client.post(
        url,
        {
            "aspect": "quantity",
            "description": "Jumlah pasien",
            "target_value": "1200",
            "target_unit": "pasien",
        },
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(work_result=result)
    assert indicator.target_value == 1200 and indicator.target_unit == "pasien"
    # The supervisor may read but not change it.
    sup_client = login(personas.supervisor.user)
    assert sup_client.get(url).status_code == 403
    edit = reverse("performance:indicator_edit", args=[indicator.pk])
    assert sup_client.post(edit, {"aspect": "time"}).status_code == 403


def test_expectations_written_by_the_appraiser_only(personas, login):
    _head, _sup = _sup_chain(personas)
    skp = services.skp_create(actor=personas.employee.user, employee=personas.employee, year=2026)
    url = reverse("performance:expectations", args=[skp.pk])
    assert login(personas.employee.user).get(url).status_code == 403
    client = login(personas.supervisor.user)
    values = list(BehaviourValue.objects.order_by("order"))
    page = client.get(url).content.decode()
    assert all(v.name in page for v in values)
    data = {f"value_{v.pk}": f"Konsisten dalam {v.name}" for v in values}
    assert client.post(url, data).status_code == 302
    assert skp.behaviour_expectations.count() == 7


# ---------------------------------------------------------------- the workflow


def test_submit_return_with_note_resubmit_approve(personas, login):
    _head, sup = _sup_chain(personas)
    skp = services.skp_create(actor=personas.employee.user, employee=personas.employee, year=2026)
    fill_skp(skp, supports=main_results(sup))
    write_expectations(skp, personas.supervisor.user)
    employee = login(personas.employee.user)
    response = employee.post(reverse("performance:skp_submit", args=[skp.pk]))
    assert response.status_code == 302
    skp.refresh_from_db()
    assert skp.status == "submitted"

    supervisor = login(personas.supervisor.user)
    inbox = supervisor.get(reverse("performance:inbox")).content.decode()
    assert personas.employee.name in inbox
    assert reverse("performance:skp_detail", args=[skp.pk]) in inbox
    detail = supervisor.get(reverse("performance:skp_detail", args=[skp.pk])).content.decode()
    assert "Setujui SKP" in detail and "Kembalikan dengan catatan" in detail

    # A return without a note is refused with a message; nothing changes.
    response = supervisor.post(reverse("performance:skp_return", args=[skp.pk]), {}, follow=True)
    assert "catatan" in response.content.decode().lower()
    skp.refresh_from_db()
    assert skp.status == "submitted"
    supervisor.post(
        reverse("performance:skp_return", args=[skp.pk]),
        {"return-note": "Target waktu terlalu longgar."},
    )
    skp.refresh_from_db()
    assert skp.status == "returned"

    employee = login(personas.employee.user)
    detail = employee.get(reverse("performance:skp_detail", args=[skp.pk])).content.decode()
    assert "Target waktu terlalu longgar." in detail
    assert "Ajukan kembali" in detail
    employee.post(reverse("performance:skp_submit", args=[skp.pk]))
    skp.refresh_from_db()
    assert skp.status == "submitted"

    supervisor = login(personas.supervisor.user)
    supervisor.post(reverse("performance:skp_approve", args=[skp.pk]), {"approve-note": "Baik."})
    skp.refresh_from_db()
    assert skp.status == "approved"
    actions = list(skp.events.values_list("action", flat=True))
    assert actions == ["create", "submit", "return", "submit", "approve"]
    verbs = set(
        Notification.objects.filter(user=personas.employee.user).values_list("verb", flat=True)
    )
    assert {"skp_returned", "skp_approved"} <= verbs
    assert Notification.objects.filter(user=personas.supervisor.user, verb="skp_submitted").exists()


def test_submit_incomplete_skp_shows_what_is_missing(personas, login):
    open_year(personas.admin)
    skp = services.skp_create(actor=personas.employee.user, employee=personas.employee, year=2026)
    client = login(personas.employee.user)
    response = client.post(reverse("performance:skp_submit", args=[skp.pk]), follow=True)
    skp.refresh_from_db()
    assert skp.status == "draft"
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()


def test_employee_cannot_approve_own_skp(personas, login):
    _head, sup = _sup_chain(personas)
    skp = services.skp_create(actor=personas.employee.user, employee=personas.employee, year=2026)
    fill_skp(skp, supports=main_results(sup))
    write_expectations(skp, personas.supervisor.user)
    services.skp_submit(actor=personas.employee.user, skp=skp)
    client = login(personas.employee.user)
    assert client.post(reverse("performance:skp_approve", args=[skp.pk])).status_code == 403
    assert (
        client.post(
            reverse("performance:skp_return", args=[skp.pk]), {"return-note": "x"}
        ).status_code
        == 403
    )
    skp.refresh_from_db()
    assert skp.status == "submitted"
    detail = client.get(reverse("performance:skp_detail", args=[skp.pk])).content.decode()
    assert "Setujui SKP" not in detail
    # A colleague (not the appraiser) may not either; GET on an action is not allowed.
    assert client.get(reverse("performance:skp_approve", args=[skp.pk])).status_code == 405


def test_revise_after_approval_keeps_every_version_readable(personas, login):
    chain = approved_skp_chain(personas)
    client = login(personas.employee.user)
    response = client.post(reverse("performance:skp_revise", args=[chain.employee.pk]))
    new = SKP.objects.get(employee=personas.employee, version=2)
    assert response["Location"] == reverse("performance:skp_detail", args=[new.pk])
    assert new.status == "draft"
    assert new.work_results.count() == chain.employee.work_results.count()
    page = client.get(response["Location"]).content.decode()
    assert reverse("performance:skp_detail", args=[chain.employee.pk]) in page  # version 1 link
    old = client.get(reverse("performance:skp_detail", args=[chain.employee.pk]))
    assert old.status_code == 200 and "Disetujui" in old.content.decode()


# ---------------------------------------------------------------- scope


def test_outsider_gets_404_on_skp_pages(personas, login):
    chain = approved_skp_chain(personas)
    skp = chain.employee
    result = skp.work_results.first()
    indicator = result.indicators.first()
    client = login(personas.outsider.user)
    for url in (
        reverse("performance:skp_detail", args=[skp.pk]),
        reverse("performance:work_result_create", args=[skp.pk]),
        reverse("performance:work_result_edit", args=[result.pk]),
        reverse("performance:indicator_create", args=[result.pk]),
        reverse("performance:indicator_edit", args=[indicator.pk]),
        reverse("performance:expectations", args=[skp.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("performance:skp_submit", args=[skp.pk]),
        reverse("performance:skp_approve", args=[skp.pk]),
        reverse("performance:skp_revise", args=[skp.pk]),
        reverse("performance:work_result_delete", args=[result.pk]),
        reverse("performance:indicator_delete", args=[indicator.pk]),
    ):
        assert client.post(url).status_code == 404, url
    assert SKP.objects.filter(employee=personas.employee).count() == 1


def test_skp_list_scopes_and_filters(personas, login):
    approved_skp_chain(personas)
    services.skp_create(actor=personas.colleague.user, employee=personas.colleague, year=2026)
    url = reverse("performance:skp_list")
    page = login(personas.employee.user).get(url).content.decode()
    assert personas.employee.name in page and personas.colleague.name not in page
    page = login(personas.supervisor.user).get(url).content.decode()
    assert personas.employee.name in page and personas.colleague.name in page
    page = login(personas.outsider.user).get(url).content.decode()
    assert personas.employee.name not in page
    page = login(personas.admin).get(url + "?status=draft").content.decode()
    assert personas.colleague.name in page and personas.employee.name not in page


def _many_skps(p, n: int):
    open_year(p.admin)
    for i in range(n):
        extra = make_employee(
            name=f"Pegawai Tambahan {i:02d}",
            unit=p.subunit_a,
            position=p.staff_position,
            username=f"tambahan{i}",
            birth_date=dt.date(1988, 1, 1 + i),
        )
        services.skp_create(actor=extra.user, employee=extra, year=2026)


def test_skp_list_query_count_does_not_grow(personas, login, django_assert_max_num_queries):
    _many_skps(personas, 12)
    client = login(personas.supervisor.user)
    client.get(reverse("performance:skp_list"))  # warm the session
    with django_assert_max_num_queries(13):  # +1: the notification bell
        response = client.get(reverse("performance:skp_list"))
    assert response.content.decode().count("Pegawai Tambahan") == 12


def test_inbox_query_count_does_not_grow(personas, login, django_assert_max_num_queries):
    _many_skps(personas, 8)
    for skp in SKP.objects.filter(employee__name__startswith="Pegawai Tambahan"):
        services.work_result_add(
            actor=skp.employee.user, skp=skp, title="Tambahan", kind="additional"
        )
    client = login(personas.supervisor.user)
    client.get(reverse("performance:inbox"))
    # 12 for the page, 4 for the menu asking whether the user leads staff (learning entries).
    with django_assert_max_num_queries(17):  # +1: the notification bell
        response = client.get(reverse("performance:inbox"))
    page = response.content.decode()
    assert page.count("Pegawai Tambahan") == 8  # expectations to write for each


def test_notifications_list_and_mark_read(personas, login):
    Notification.objects.create(
        user=personas.employee.user, verb="approved", message="SKP 2026 disetujui.", url="/"
    )
    Notification.objects.create(user=personas.supervisor.user, verb="x", message="Bukan milikmu")
    client = login(personas.employee.user)
    page = client.get(reverse("performance:notifications")).content.decode()
    assert "SKP 2026 disetujui." in page and "Bukan milikmu" not in page
    assert client.post(reverse("performance:notifications"), {"id": "x"}).status_code == 302
    client.post(reverse("performance:notifications"))
    assert not Notification.objects.filter(
        user=personas.employee.user, read_at__isnull=True
    ).exists()
    assert Notification.objects.filter(user=personas.supervisor.user, read_at__isnull=True).exists()


def test_navigation_has_kinerja_for_employees_and_roles(personas):
    from config.navigation import navigation_for

    def labels(user):
        return {str(c.label) for i in navigation_for(user) for c in (i.children or (i,))}

    assert {"Kinerja saya", "Daftar SKP", "Menunggu tindakan"} <= labels(personas.employee.user)
    assert "Tahun kinerja" in labels(personas.admin)
    # Issue 13: "Kinerja saya" only for an account with an employee record; a role without one
    # gets the SKP list.
    assert "Daftar SKP" in labels(personas.operator)
    assert "Kinerja saya" not in labels(personas.operator)
    assert "Kinerja saya" not in labels(personas.nobody)


def test_qualitative_skp_asks_for_a_described_result(personas, login):
    open_year(personas.admin)
    skp = services.skp_create(
        actor=personas.head_a.user, employee=personas.head_a, year=2026, approach="qualitative"
    )
    client = login(personas.head_a.user)
    # The top of the agency writes from the performance agreement: no supervisor's RHK needed.
    response = client.post(
        reverse("performance:work_result_create", args=[skp.pk]),
        {"kind": "main", "title": "Meningkatnya derajat kesehatan masyarakat"},
    )
    assert response.status_code == 302
    result = WorkResult.objects.get(skp=skp)
    url = reverse("performance:indicator_create", args=[result.pk])
    page = client.get(url).content.decode()
    assert "target_description" in page and 'name="target_value"' not in page
    response = client.post(url, {"aspect": "quality", "description": "Mutu layanan"})
    assert response.status_code == 400
    assert not Indicator.objects.filter(work_result=result).exists()
    client.post(
        url,
        {
            "aspect": "quality",
            "description": "Mutu layanan",
            "target_description": "Akreditasi paripurna seluruh puskesmas",
        },
    )
    indicator = Indicator.objects.get(work_result=result)
    assert indicator.target_value is None
    assert indicator.target_description == "Akreditasi paripurna seluruh puskesmas"
