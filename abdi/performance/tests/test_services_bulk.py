"""Bulk approval of submitted SKPs: each through the one approval service, each refusal reported
with its reason while the others pass; out-of-scope SKPs are left alone."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from abdi.core.models import Notification
from abdi.performance import services
from abdi.performance.models import SKP, BehaviourExpectation
from abdi.performance.services import skp_approve_many
from abdi.performance.testing import approve_skp, fill_skp, main_results, open_year
from abdi.performance.testing import write_expectations as expect

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(personas):
    """The supervisor's two staff (employee and colleague) have submitted their SKPs; so has
    the outsider in unit B, whom the supervisor does not appraise."""
    open_year(personas.admin)
    head = services.skp_create(actor=personas.head_a.user, employee=personas.head_a, year=2026)
    fill_skp(head)
    approve_skp(head, appraiser_user=personas.admin)
    sup = services.skp_create(
        actor=personas.supervisor.user, employee=personas.supervisor, year=2026
    )
    fill_skp(sup, supports=main_results(head))
    approve_skp(sup, appraiser_user=personas.head_a.user)
    skps = {}
    for who in (personas.employee, personas.colleague):
        skp = services.skp_create(actor=who.user, employee=who, year=2026)
        fill_skp(skp, supports=main_results(sup))
        expect(skp, personas.supervisor.user)
        services.skp_submit(actor=who.user, skp=skp)
        skps[who.user.username] = skp
    outsider = services.skp_create(
        actor=personas.outsider.user, employee=personas.outsider, year=2026
    )
    skps["luar"] = outsider
    return skps


def test_each_is_approved_and_a_refusal_is_reported_by_reason(personas, submitted):
    emp, rekan = submitted["pegawai"], submitted["rekan"]
    # The colleague's expectations vanished after submission: the approval service refuses it.
    BehaviourExpectation.objects.filter(skp=rekan).delete()
    outcomes = skp_approve_many(actor=personas.supervisor.user, skp_ids=[emp.pk, rekan.pk])
    by_pk = {o.skp.pk: o for o in outcomes}
    assert by_pk[emp.pk].approved and not by_pk[emp.pk].errors
    assert not by_pk[rekan.pk].approved
    assert "Ekspektasi perilaku baru 0 dari 7" in " ".join(by_pk[rekan.pk].errors)
    assert SKP.objects.get(pk=emp.pk).status == "approved"
    assert SKP.objects.get(pk=rekan.pk).status == "submitted"
    assert list(SKP.objects.get(pk=emp.pk).events.values_list("action", flat=True)) == [
        "create",
        "submit",
        "approve",
    ]
    assert Notification.objects.filter(user=personas.employee.user, verb="skp_approved").exists()
    assert not Notification.objects.filter(
        user=personas.colleague.user, verb="skp_approved"
    ).exists()


def test_out_of_scope_and_undecidable_skps_are_left_alone(personas, submitted):
    outsider = submitted["luar"]
    outcomes = skp_approve_many(
        actor=personas.supervisor.user, skp_ids=[outsider.pk, 999_999, submitted["pegawai"].pk]
    )
    assert [o.skp.pk for o in outcomes] == [submitted["pegawai"].pk]
    assert SKP.objects.get(pk=outsider.pk).status == "draft"
    # The employee may see their own SKP but not approve it: refused, with the reason.
    rekan = submitted["rekan"]
    [own] = skp_approve_many(actor=personas.colleague.user, skp_ids=[rekan.pk])
    assert not own.approved and "miliknya sendiri" in " ".join(own.errors)
    assert SKP.objects.get(pk=rekan.pk).status == "submitted"
    # head_a is the superior of the appraiser, not the appraiser: refused too.
    [superior] = skp_approve_many(actor=personas.head_a.user, skp_ids=[rekan.pk])
    assert not superior.approved and "pejabat penilai" in " ".join(superior.errors)


def test_bulk_view_approves_the_chosen_and_reports_each(personas, submitted, login):
    emp, rekan = submitted["pegawai"], submitted["rekan"]
    BehaviourExpectation.objects.filter(skp=rekan).delete()
    client = login(personas.supervisor.user)
    inbox = client.get(reverse("performance:inbox")).content.decode()
    assert f'name="skp" value="{emp.pk}"' in inbox and f'name="skp" value="{rekan.pk}"' in inbox
    response = client.post(
        reverse("performance:skp_approve_bulk"),
        {"skp": [emp.pk, rekan.pk], "next": reverse("tasks")},
    )
    assert response.status_code == 302 and response.url == reverse("tasks")
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert "1 SKP disetujui." in texts
    assert any(t.startswith("Rina Rekan — SKP 2026:") for t in texts)
    assert SKP.objects.get(pk=emp.pk).status == "approved"


def test_bulk_view_with_nothing_chosen_and_an_unsafe_next(personas, submitted, login):
    client = login(personas.supervisor.user)
    response = client.post(
        reverse("performance:skp_approve_bulk"), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("performance:inbox")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Pilih dulu SKP yang akan disetujui."
    ]
    assert SKP.objects.filter(status="submitted").count() == 2


def test_tasks_page_offers_the_bulk_approval(personas, submitted, login):
    client = login(personas.supervisor.user)
    page = client.get(reverse("tasks")).content.decode()
    assert reverse("performance:skp_approve_bulk") in page
    assert f'name="skp" value="{submitted["pegawai"].pk}"' in page
