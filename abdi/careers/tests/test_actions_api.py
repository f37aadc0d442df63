"""The API's proposal and transfer actions: verify, technical approval, decree, refusal and the
transfer approvals — with structured 400 / 403 / 404 / 409 answers, nothing written on error."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from abdi.careers.models import CHECKLISTS, ProposalStatus, TransferStatus
from abdi.careers.testing_proposals import build_careers_world, receiving_operator
from abdi.employees.models import RankHistory

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def ticked(kind):
    return {key: True for key, _label in CHECKLISTS[kind]}


def test_proposal_verify_approval_and_decree_through_the_api(personas):
    p = personas
    w = build_careers_world(p)
    proposal = w.proposal
    verify = reverse("api-proposal-verify", args=[proposal.pk])
    # 404 for someone who does not see the proposal, 403 for an operator who sees it.
    assert api(p.outsider.user).post(verify, {}, format="json").status_code == 404
    denied = api(p.operator).post(verify, {"checklist": ticked("kp")}, format="json")
    assert denied.status_code == 403
    # 400: a missing document, with the field and the message.
    missing = api(p.admin).post(verify, {"checklist": {"sk_pangkat": True}}, format="json")
    assert missing.status_code == 400
    assert "Berkas belum lengkap" in missing.json()["errors"]["checklist"][0]
    bad_shape = api(p.admin).post(verify, {"checklist": "semua"}, format="json")
    assert bad_shape.status_code == 400 and "checklist" in bad_shape.json()["errors"]
    # 409: the decree before the technical approval.
    decree = reverse("api-proposal-decree", args=[proposal.pk])
    today = timezone.localdate()
    body = {
        "decree_number": "800/1/BKPSDM",
        "decree_date": today.isoformat(),
        "effective_from": proposal.due_date.isoformat(),
    }
    early = api(p.admin).post(decree, body, format="json")
    assert early.status_code == 409
    assert early.json()["errors"]["non_field_errors"]
    ok = api(p.admin).post(verify, {"checklist": ticked("kp")}, format="json")
    assert ok.status_code == 200 and ok.json()["status"] == ProposalStatus.VERIFIED
    again = api(p.admin).post(verify, {"checklist": ticked("kp")}, format="json")
    assert again.status_code == 409
    approval = reverse("api-proposal-technical-approval", args=[proposal.pk])
    answer = api(p.admin).post(
        approval, {"number": "PT-1/BKN", "date": today.isoformat()}, format="json"
    )
    assert answer.status_code == 200 and answer.json()["technical_number"] == "PT-1/BKN"
    wrong_tmt = {**body, "effective_from": proposal.due_date.replace(day=15).isoformat()}
    refused = api(p.admin).post(decree, wrong_tmt, format="json")
    assert refused.status_code == 400 and "effective_from" in refused.json()["errors"]
    assert not RankHistory.objects.filter(employee=p.employee, rank__code="III/b").exists()
    done = api(p.admin).post(decree, body, format="json")
    assert done.status_code == 200
    assert [s["action"] for s in done.json()["steps"]] == ["propose", "verify", "approve", "decree"]
    assert RankHistory.objects.filter(employee=p.employee, rank__code="III/b").exists()
    refuse = reverse("api-proposal-refuse", args=[proposal.pk])
    assert api(p.admin).post(refuse, {"reason": "Terlambat"}, format="json").status_code == 409


def test_transfer_approvals_and_decree_through_the_api(personas):
    p = personas
    w = build_careers_world(p)
    transfer = w.transfer
    decide = reverse("api-mutation-decide", args=[transfer.pk])
    assert api(p.outsider.user).post(decide, {"approve": True}, format="json").status_code == 404
    own = api(p.employee.user).post(decide, {"approve": True}, format="json")
    assert own.status_code == 403
    assert api(p.operator).post(decide, {"approve": "mungkin"}, format="json").status_code == 400
    no_reason = api(p.operator).post(decide, {"approve": False}, format="json")
    assert no_reason.status_code == 400 and "note" in no_reason.json()["errors"]
    home = api(p.operator).post(decide, {"approve": True}, format="json")
    assert home.status_code == 200 and home.json()["status"] == TransferStatus.HOME_APPROVED
    receiving = api(p.admin).post(decide, {"approve": True}, format="json")
    assert receiving.status_code == 200
    # The same admin cannot give BKPSDM's approval as well: three different people.
    twice = api(p.admin).post(decide, {"approve": True}, format="json")
    assert twice.status_code == 400
    assert "orang yang berbeda" in twice.json()["errors"]["non_field_errors"][0]
    # The approved transfer (colleague): decree through the API, 409 on the finished one.
    approved = w.approved_transfer
    decree = reverse("api-mutation-decree", args=[approved.pk])
    today = timezone.localdate().isoformat()
    body = {"decree_number": "821/9/BKPSDM", "decree_date": today, "effective_from": today}
    assert api(p.operator).post(decree, body, format="json").status_code == 403
    assert api(p.admin).post(decree, {**body, "position": 999999}, format="json").status_code == 400
    done = api(p.admin).post(decree, body, format="json")
    assert done.status_code == 200 and done.json()["status"] == TransferStatus.DECREED
    p.colleague.refresh_from_db()
    assert p.colleague.position_id == p.staff_position_b.pk
    assert api(p.admin).post(decree, body, format="json").status_code == 409
    assert receiving_operator(p)  # the receiving unit's operator exists for the world's approvals
