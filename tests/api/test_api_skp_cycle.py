"""An API-only client finishes the SKP cycle (issue 14): the SKP list, the cascade (the
appraiser's work results), the BerAKHLAK expectations, activities with evidence, realisations;
and the other lists an integrator needs (public services, registrations). Scoped as the pages:
out of scope 404, a write the user may not make 403, bad input a structured 400."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from abdi.performance.models import Activity, BehaviourExpectation, Realisation
from abdi.performance.testing import approved_skp_chain, main_results

pytestmark = pytest.mark.django_db

SKPS = "/api/v1/skp/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_api_only_skp_cycle(personas, api):
    chain = approved_skp_chain(personas)
    owner, appraiser = api(personas.colleague.user), api(personas.supervisor.user)

    # 1. The colleague creates the year's SKP; the supervisor is the appraiser.
    skp = owner.post(SKPS, {"employee": personas.colleague.nip, "year": 2026}, format="json")
    assert skp.status_code == 201, skp.content
    skp_id = skp.json()["id"]

    # 2. The cascade: the RHK of the supervisor's approved SKP, the ids `supports` takes.
    cascade = owner.get(f"{SKPS}{skp_id}/cascade/")
    assert cascade.status_code == 200
    expected = [r.pk for r in chain.supervisor.work_results.order_by("kind", "order", "pk")]
    assert [row["id"] for row in cascade.json()] == expected
    assert {row["skp"] for row in cascade.json()} == {chain.supervisor.pk}

    supports = main_results(chain.supervisor)[0].pk
    result = owner.post(
        f"{SKPS}{skp_id}/work-results/",
        {"title": "Terlayaninya pasien rawat jalan", "kind": "main", "supports": supports},
        format="json",
    ).json()
    indicator = owner.post(
        f"/api/v1/work-results/{result['id']}/indicators/",
        {
            "aspect": "quantity",
            "description": "Pasien dilayani",
            "target_value": "1200",
            "target_unit": "pasien",
        },
        format="json",
    ).json()

    # 3. The appraiser writes the seven BerAKHLAK expectations; the owner may not.
    values = appraiser.get("/api/v1/behaviour-values/").json()
    assert len(values) == 7 and values[0]["name"] == "Berorientasi Pelayanan"
    body = {
        "expectations": [
            {"behaviour_value": v["id"], "expectation": f"{v['name']} setiap hari."} for v in values
        ]
    }
    assert owner.put(f"{SKPS}{skp_id}/expectations/", body, format="json").status_code == 403
    written = appraiser.put(f"{SKPS}{skp_id}/expectations/", body, format="json")
    assert written.status_code == 200, written.content
    assert [row["behaviour_value"]["id"] for row in written.json()] == [v["id"] for v in values]
    assert owner.get(f"{SKPS}{skp_id}/expectations/").json() == written.json()
    assert BehaviourExpectation.objects.filter(skp_id=skp_id).count() == 7

    # 4. Submit and approve.
    assert owner.post(f"{SKPS}{skp_id}/submit/", {}, format="json").status_code == 200
    approved = appraiser.post(f"{SKPS}{skp_id}/approve/", {}, format="json")
    assert approved.json()["status"] == "approved"

    # 5. Activities with evidence: a file and a link.
    evidence = SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf")
    logged = owner.post(
        f"{SKPS}{skp_id}/activities/",
        {
            "work_result": result["id"],
            "date": "2026-03-10",
            "description": "Pelayanan poli umum",
            "output": "35 pasien",
            "evidence": evidence,
            "evidence_link": "https://drive.example.test/bukti",
        },
        format="multipart",
    )
    assert logged.status_code == 201, logged.content
    row = logged.json()
    assert row["has_evidence"] and row["evidence_url"].endswith(f"/{row['id']}/evidence/")
    assert row["evidence_link"] == "https://drive.example.test/bukti"
    listed = appraiser.get(f"{SKPS}{skp_id}/activities/").json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == row["id"]
    assert appraiser.post(f"{SKPS}{skp_id}/activities/", {}, format="json").status_code == 403

    # 6. The realisation of the indicator for the first quarter.
    realised = owner.post(
        f"{SKPS}{skp_id}/realisations/",
        {
            "indicator": indicator["id"],
            "period": "2026-Q1",
            "value": "310",
            "self_assessment": "ok",
        },
        format="json",
    )
    assert realised.status_code == 201, realised.content
    assert realised.json()["value"] == 310 and realised.json()["period"] == "2026-Q1"
    q1 = appraiser.get(f"{SKPS}{skp_id}/realisations/?period=2026-Q1").json()
    assert [r["indicator"] for r in q1["results"]] == [indicator["id"]]
    assert appraiser.get(f"{SKPS}{skp_id}/realisations/?period=2026-Q2").json()["count"] == 0
    assert Realisation.objects.get().value == 310

    # 7. The appraiser's list of SKPs to appraise.
    mine = appraiser.get(f"{SKPS}?appraiser=me&year=2026&current=true").json()
    assert skp_id in [s["id"] for s in mine["results"]]


def test_activity_and_realisation_refusals(personas, api):
    chain = approved_skp_chain(personas)
    owner = api(personas.employee.user)
    skp = chain.employee
    url = f"{SKPS}{skp.pk}/activities/"
    bad = owner.post(url, {"work_result": 0, "date": "2026-03-10", "description": "x"})
    assert bad.status_code == 400 and "work_result" in bad.json()["errors"]
    other_rhk = main_results(chain.supervisor)[0].pk  # not of this SKP
    bad = owner.post(url, {"work_result": other_rhk, "date": "2026-03-10", "description": "x"})
    assert bad.status_code == 400 and "work_result" in bad.json()["errors"]
    rhk = main_results(skp)[0].pk
    bad = owner.post(url, {"work_result": rhk, "date": "2025-03-10", "description": "x"})
    assert bad.status_code == 400 and "date" in bad.json()["errors"]
    assert not Activity.objects.exists()

    url = f"{SKPS}{skp.pk}/realisations/"
    bad = owner.post(url, {"indicator": 0, "period": "2026-Q1", "value": "1"}, format="json")
    assert bad.status_code == 400 and "indicator" in bad.json()["errors"]
    ind = main_results(skp)[0].indicators.first().pk
    bad = owner.post(url, {"indicator": ind, "period": "2025-Q1", "value": "1"}, format="json")
    assert bad.status_code == 400 and "period" in bad.json()["errors"]
    assert owner.get(f"{url}?period=2031-Q1").status_code == 400
    assert not Realisation.objects.exists()

    # Out of scope: the outsider sees none of it.
    outsider = api(personas.outsider.user)
    for path in ("", "cascade/", "expectations/", "activities/", "realisations/"):
        assert outsider.get(f"{SKPS}{skp.pk}/{path}").status_code == 404, path


def test_skp_list_is_scoped_paginated_and_bounded(personas, api, django_assert_max_num_queries):
    chain = approved_skp_chain(personas)
    own = api(personas.employee.user).get(SKPS).json()
    assert [s["id"] for s in own["results"]] == [chain.employee.pk]
    assert own["results"][0]["appraiser"]["nip"] == personas.supervisor.nip
    admin = api(personas.admin)
    with django_assert_max_num_queries(12):
        everything = admin.get(f"{SKPS}?year=2026").json()
    assert everything["count"] == 3
    assert admin.get(f"{SKPS}?year=2025").json()["count"] == 0
    assert admin.get(f"{SKPS}?year=abc").json()["count"] == 0
    assert admin.get(f"{SKPS}?q={personas.employee.nip[:8]}").json()["count"] >= 1
    assert api(personas.outsider.user).get(SKPS).json()["count"] == 0


def test_public_and_managed_services(personas, api, anon):
    from abdi.feedback.testing import build_feedback_personas

    fp = build_feedback_personas(personas)
    public = anon.get("/api/v1/public/services/").json()
    names = [s["name"] for s in public["results"]]
    assert fp.service.name in names
    assert public["results"][0]["org_unit"]["name"]
    assert anon.get("/api/v1/public/services/?q=zzzz").json()["count"] == 0
    managed = api(fp.service_admin).get("/api/v1/services/").json()
    assert [s["id"] for s in managed["results"]] == [fp.service.pk]  # unit_a's only
    assert api(personas.employee.user).get("/api/v1/services/").status_code == 403
    assert anon.get("/api/v1/services/").status_code in (401, 403)


def test_registration_list_is_scoped(personas, api):
    from abdi.learning.testing import build_learning_world

    world = build_learning_world(personas)
    own = api(personas.employee.user).get("/api/v1/registrations/").json()
    assert world.pending.pk in [r["id"] for r in own["results"]]
    team = api(personas.supervisor.user).get("/api/v1/registrations/?status=pending_supervisor")
    assert [r["id"] for r in team.json()["results"]] == [world.pending.pk]
    assert api(personas.supervisor.user).get("/api/v1/registrations/?mine=1").json()["count"] == 0
    assert api(personas.outsider.user).get("/api/v1/registrations/").json()["count"] == 0
    session = api(personas.admin).get(f"/api/v1/registrations/?session={world.session.pk}")
    assert world.pending.pk in [r["id"] for r in session.json()["results"]]


def test_survey_list_is_the_documented_page(personas, api):
    body = api(personas.admin).get("/api/v1/surveys/").json()
    assert set(body) == {"count", "next", "previous", "results"}
