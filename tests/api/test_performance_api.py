"""Performance endpoints: SKP create/detail, work results, indicators, transitions, evaluations
and the predikat distribution. Bad input is a 400 with field errors and writes nothing; an SKP out
of scope is a 404; an action the user may not take a 403."""

from __future__ import annotations

import pytest

from abdi.performance import services
from abdi.performance.models import SKP, Evaluation, Indicator, WorkResult
from abdi.performance.testing import (
    approved_skp_chain,
    fill_skp,
    main_results,
    open_year,
    period,
    write_expectations,
)

pytestmark = pytest.mark.django_db

SKPS = "/api/v1/skp/"


def test_create_skp_names_appraiser_and_superior(personas, api):
    chain = approved_skp_chain(personas)
    client = api(personas.colleague.user)
    response = client.post(SKPS, {"employee": personas.colleague.nip, "year": 2026}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["employee"]["nip"] == personas.colleague.nip
    assert body["appraiser"]["nip"] == personas.supervisor.nip
    assert body["appraiser_superior"]["nip"] == personas.head_a.nip
    assert body["status"] == "draft" and body["year"] == 2026 and body["version"] == 1
    assert body["from_performance_agreement"] is False
    detail = client.get(f"{SKPS}{body['id']}/").json()
    assert detail == body
    # The supervisor's SKP is in the colleague's appraiser's chain, not the colleague's scope.
    assert client.get(f"{SKPS}{chain.supervisor.pk}/").status_code == 404


def test_create_skp_bad_input(personas, api):
    open_year(personas.admin)
    client = api(personas.employee.user)
    response = client.post(SKPS, {"employee": personas.employee.nip, "year": 2031}, format="json")
    assert response.status_code == 400
    assert "year" in response.json()["errors"]
    response = client.post(SKPS, {"employee": personas.outsider.nip, "year": 2026}, format="json")
    assert response.status_code == 400
    assert "employee" in response.json()["errors"]
    response = client.post(SKPS, {"year": "x"}, format="json")
    assert set(response.json()["errors"]) == {"employee", "year"}
    assert not SKP.objects.filter(employee=personas.employee).exists()


def test_work_results_indicators_submit_return_approve(personas, api):
    chain = approved_skp_chain(personas)
    owner = api(personas.colleague.user)
    skp = owner.post(SKPS, {"employee": personas.colleague.nip, "year": 2026}, format="json").json()
    url = f"{SKPS}{skp['id']}/work-results/"

    # A main RHK without the link to the supervisor's RHK: refused, nothing written.
    response = owner.post(url, {"title": "Laporan pelayanan", "kind": "main"}, format="json")
    assert response.status_code == 400
    assert "supports" in response.json()["errors"]
    assert not WorkResult.objects.filter(skp_id=skp["id"]).exists()

    supports = main_results(chain.supervisor)[0]
    response = owner.post(
        url, {"title": "Laporan pelayanan", "kind": "main", "supports": supports.pk}, format="json"
    )
    assert response.status_code == 201, response.content
    result = response.json()
    assert result["supports"] == supports.pk and result["indicators"] == []

    ind_url = f"/api/v1/work-results/{result['id']}/indicators/"
    response = owner.post(
        ind_url, {"aspect": "quantity", "description": "Jumlah laporan"}, format="json"
    )
    assert response.status_code == 400  # no target
    assert not Indicator.objects.filter(work_result_id=result["id"]).exists()
    response = owner.post(
        ind_url,
        {
            "aspect": "quantity",
            "description": "Jumlah laporan",
            "target_value": "12",
            "target_unit": "laporan",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["target_value"] == 12

    # Someone else's work result: 404.
    assert api(personas.outsider.user).post(ind_url, {}, format="json").status_code == 404

    skp_obj = SKP.objects.get(pk=skp["id"])
    write_expectations(skp_obj, personas.supervisor.user)
    response = owner.post(f"{SKPS}{skp['id']}/submit/", {}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"

    appraiser = api(personas.supervisor.user)
    response = appraiser.post(f"{SKPS}{skp['id']}/return/", {"note": ""}, format="json")
    assert response.status_code == 400 and "note" in response.json()["errors"]
    response = appraiser.post(
        f"{SKPS}{skp['id']}/return/", {"note": "Target waktu belum ada."}, format="json"
    )
    assert response.json()["status"] == "returned"
    owner.post(f"{SKPS}{skp['id']}/submit/", {}, format="json")
    response = appraiser.post(f"{SKPS}{skp['id']}/approve/", {}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert response.json()["work_results"][0]["indicators"][0]["target_unit"] == "laporan"
    assert appraiser.post(f"{SKPS}{skp['id']}/frobnicate/", {}, format="json").status_code == 404


def test_approving_own_skp_is_refused(personas, api):
    approved_skp_chain(personas)
    own = services.skp_create(actor=personas.colleague.user, employee=personas.colleague, year=2026)
    sup = SKP.objects.get(employee=personas.supervisor)
    fill_skp(own, supports=main_results(sup))
    write_expectations(own, personas.supervisor.user)
    services.skp_submit(actor=personas.colleague.user, skp=own)
    response = api(personas.colleague.user).post(f"{SKPS}{own.pk}/approve/", {}, format="json")
    assert response.status_code in (400, 403)
    own.refresh_from_db()
    assert own.status == "submitted"


def test_evaluations(personas, api):
    chain = approved_skp_chain(personas)
    url = f"{SKPS}{chain.employee.pk}/evaluations/"
    appraiser = api(personas.supervisor.user)
    data = {"period": "2026-Q1", "work_result_rating": "above", "behaviour_rating": "meets"}
    response = appraiser.post(url, data, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["predikat"] == "baik" and body["period"] == "2026-Q1"
    assert body["evaluator"]["nip"] == personas.supervisor.nip
    response = appraiser.post(
        url, {**data, "work_result_rating": "above", "behaviour_rating": "above"}, format="json"
    )
    assert response.status_code == 400 and "period" in response.json()["errors"]
    response = appraiser.post(url, {**data, "period": "2026-Q9"}, format="json")
    assert response.status_code == 400 and "period" in response.json()["errors"]
    response = appraiser.post(
        url, {**data, "period": "2026", "behaviour_rating": "x"}, format="json"
    )
    assert response.status_code == 400 and "behaviour_rating" in response.json()["errors"]
    # Not a subordinate: the SKP is out of scope.
    response = api(personas.head_b.user).post(url, {**data, "period": "2026-Q2"}, format="json")
    assert response.status_code == 404
    response = api(personas.colleague.user).post(url, {**data, "period": "2026-Q2"}, format="json")
    assert response.status_code == 404
    # The owner sees the SKP but may not rate it.
    response = api(personas.employee.user).post(url, {**data, "period": "2026-Q2"}, format="json")
    assert response.status_code == 403
    assert Evaluation.objects.count() == 1


def test_predikat_distribution_of_a_small_unit(personas, api):
    from abdi.testing import make_employee

    chain = approved_skp_chain(personas)
    skps = [chain.employee]
    for i in range(3):
        person = make_employee(
            name=f"Staf {i}",
            unit=personas.subunit_a,
            position=personas.staff_position,
            username=f"staf_api_{i}",
        )
        skp = services.skp_create(actor=person.user, employee=person, year=2026)
        fill_skp(skp, supports=main_results(chain.supervisor))
        write_expectations(skp, personas.supervisor.user)
        services.skp_submit(actor=person.user, skp=skp)
        services.skp_approve(actor=personas.supervisor.user, skp=skp)
        skps.append(skp)
    ratings = [("above", "above"), ("meets", "meets"), ("meets", "meets"), ("below", "meets")]
    for skp, (work, behaviour) in zip(skps, ratings, strict=True):
        services.evaluation_create(
            actor=personas.supervisor.user,
            skp=skp,
            period=period("2026"),
            work_result_rating=work,
            behaviour_rating=behaviour,
        )
    services.org_predikat_record(
        actor=personas.admin, org_unit=personas.subunit_a, period=period("2026"), predikat="baik"
    )
    url = f"/api/v1/org-units/{personas.subunit_a.pk}/predikat-distribution/"
    response = api(personas.admin).get(url, {"period": "2026"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["total"] == 4
    assert body["counts"] == {
        "sangat_baik": 1,
        "baik": 2,
        "butuh_perbaikan": 1,
        "kurang": 0,
        "sangat_kurang": 0,
    }
    assert body["shares"]["baik"] == 50.0 and body["shares"]["sangat_baik"] == 25.0
    assert body["org_predikat"] == "baik"
    assert body["org_predikat_unit"]["id"] == personas.subunit_a.pk
    assert body["limits"]  # Baik: at most 70 % Baik; some Butuh Perbaikan/Kurang
    assert body["violations"] == []  # 2 of 4 Baik, 1 Butuh Perbaikan: within the limits

    assert api(personas.admin).get(url).status_code == 400  # no period
    assert api(personas.employee.user).get(url, {"period": "2026"}).status_code == 403
    assert api(personas.head_b.user).get(url, {"period": "2026"}).status_code == 403
    assert api(personas.supervisor.user).get(url, {"period": "2026"}).status_code == 200
    missing = "/api/v1/org-units/999999/predikat-distribution/"
    assert api(personas.admin).get(missing, {"period": "2026"}).status_code == 404


def test_distribution_violation_over_the_api(personas, api):
    chain = approved_skp_chain(personas)
    services.evaluation_create(
        actor=personas.supervisor.user,
        skp=chain.employee,
        period=period("2026-Q2"),
        work_result_rating="meets",
        behaviour_rating="meets",
    )
    services.org_predikat_record(
        actor=personas.admin, org_unit=personas.unit_a, period=period("2026-Q2"), predikat="baik"
    )
    url = f"/api/v1/org-units/{personas.subunit_a.pk}/predikat-distribution/"
    body = api(personas.head_a.user).get(url, {"period": "2026-Q2"}).json()
    assert body["org_predikat_unit"]["id"] == personas.unit_a.pk  # the Dinas' predikat applies
    # One Baik alone: 70 % of 1 rounds to 1, so Baik is within its limit; but no Butuh
    # Perbaikan/Kurang exists.
    assert [(v["kind"], "butuh_perbaikan" in v["predikats"]) for v in body["violations"]] == [
        ("too_few", True)
    ]


def test_anonymous_gets_401(anon):
    assert anon.post(SKPS, {}, format="json").status_code == 401
