"""Pages and API of due lists and proposals: the KP journey through the pages, scoping, bounded
queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from abdi.careers.models import CHECKLISTS, Proposal
from abdi.careers.testing_proposals import make_kp_due, next_period
from abdi.employees.models import RankHistory
from abdi.testing import make_employee

pytestmark = pytest.mark.django_db


def test_operator_proposes_and_bkpsdm_records_the_decree(personas, client):
    p = personas
    make_kp_due(p.employee)
    start, end = next_period()
    client.force_login(p.operator)
    query = {"kind": "kp", "date_from": start.isoformat(), "date_to": end.isoformat()}
    page = client.get(reverse("careers:due_list"), query)
    assert page.status_code == 200
    assert f'value="{p.employee.pk}"' in page.content.decode()
    response = client.post(
        reverse("careers:batch_create"), {**query, "unit": "", "employees": [p.employee.pk]}
    )
    proposal = Proposal.objects.get(employee=p.employee)
    assert response.url == reverse("careers:batch_detail", args=[proposal.batch_id])
    client.force_login(p.admin)
    url = reverse("careers:proposal_action", args=[proposal.pk, "verify"])
    assert client.post(url, {"verify-doc_sk_pangkat": "on"}).status_code == 400
    client.post(url, {f"verify-doc_{k}": "on" for k, _label in CHECKLISTS["kp"]})
    today = timezone.localdate().isoformat()
    client.post(
        reverse("careers:proposal_action", args=[proposal.pk, "technical"]),
        {"technical-number": "PT-1/BKN", "technical-date": today},
    )
    client.post(
        reverse("careers:proposal_action", args=[proposal.pk, "decree"]),
        {
            "decree-decree_number": "823/1/BKPSDM",
            "decree-decree_date": today,
            "decree-effective_from": start.isoformat(),
        },
    )
    proposal.refresh_from_db()
    assert proposal.status == "decreed"
    assert RankHistory.objects.filter(employee=p.employee, rank__code="III/b").exists()
    detail = client.get(reverse("employees:detail", args=[p.employee.nip]), {"tab": "rank"})
    assert "823/1/BKPSDM" in detail.content.decode()
    export = client.get(reverse("careers:batch_export", args=[proposal.batch_id]))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_refused_batch_says_who_and_why(personas, client):
    p = personas
    start, end = next_period()
    client.force_login(p.operator)
    response = client.post(
        reverse("careers:batch_create"),
        {"kind": "kp", "date_from": start, "date_to": end, "employees": [p.colleague.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert p.colleague.nip in text and "belum memenuhi syarat" in text
    assert not Proposal.objects.exists()


def test_due_pages_and_api_cost_the_same_queries_for_more_employees(
    personas, client, django_assert_max_num_queries
):
    p = personas
    start, end = next_period()
    for i in range(30):
        e = make_employee(name=f"Massal {i}", unit=p.subunit_a)
        make_kp_due(e)
    client.force_login(p.operator)
    query = {"kind": "kp", "date_from": start.isoformat(), "date_to": end.isoformat()}
    with django_assert_max_num_queries(30):
        assert client.get(reverse("careers:due_list"), query).status_code == 200
    api_query = {"kind": "kp", "from": start.isoformat(), "to": end.isoformat()}
    with django_assert_max_num_queries(25):
        response = client.get(reverse("api-career-due"), api_query)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= 30
    assert len(body["results"]) == min(body["count"], 50)
    first = body["results"][0]
    assert {"nip", "due_date", "eligible", "reasons"} <= set(first)
    assert client.get(reverse("api-career-due"), {"kind": "x"}).json()["errors"]["kind"]


def _count_queries(queries) -> list[str]:
    """The paginator's COUNT of the due list among the queries of one request."""
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT COUNT(*)") and "employees_employee" in q["sql"]
    ]


def test_due_page_counts_like_the_api_with_the_subtree_read_in_the_query(personas, client):
    """The page's paginator counts with the same query as the API's: the operator's subtree is
    read inside the COUNT (from the unit table), not written as a list of unit ids."""
    p = personas
    start, end = next_period()
    for i in range(3):
        make_kp_due(make_employee(name=f"Hitung {i}", unit=p.subunit_a))
    client.force_login(p.operator)
    with CaptureQueriesContext(connection) as page_queries:
        page = client.get(
            reverse("careers:due_list"),
            {"kind": "kp", "date_from": start.isoformat(), "date_to": end.isoformat()},
        )
    assert page.status_code == 200
    with CaptureQueriesContext(connection) as api_queries:
        api = client.get(
            reverse("api-career-due"),
            {"kind": "kp", "from": start.isoformat(), "to": end.isoformat()},
        )
    assert api.json()["count"] == page.context["page_obj"].paginator.count >= 3
    page_counts, api_counts = _count_queries(page_queries), _count_queries(api_queries)
    assert len(page_counts) == 1 and page_counts == api_counts
    count_sql = page_counts[0]
    assert "org_orgunit" in count_sql and "LIKE" in count_sql
    assert f'org_unit_id" IN ({p.subunit_a.pk}' not in count_sql
    # The page itself still lists with the inline ids (its index walk) and shows every row.
    names = page.content.decode()
    assert all(f"Hitung {i}" in names for i in range(3))


def test_api_proposals_create_list_and_scope(personas, client, django_assert_max_num_queries):
    p = personas
    make_kp_due(p.employee)
    start, end = next_period()
    client.force_login(p.operator)
    response = client.post(
        reverse("api-proposal-list"),
        {
            "kind": "kp",
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "org_unit": p.unit_a.pk,
            "nips": [p.employee.nip],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()[0]["id"]
    bad = client.post(
        reverse("api-proposal-list"),
        {
            "kind": "kp",
            "period_start": start.isoformat(),
            "period_end": end.isoformat(),
            "org_unit": p.unit_a.pk,
            "nips": [p.employee.nip],
        },
        content_type="application/json",
    )
    assert bad.status_code == 400 and "sudah diusulkan" in bad.json()["errors"]["employees"][0]
    with django_assert_max_num_queries(8):
        listing = client.get(reverse("api-proposal-list"))
    assert listing.json()["count"] == 1
    client.force_login(p.leader)
    assert client.get(reverse("api-proposal-detail", args=[pk])).status_code == 404
