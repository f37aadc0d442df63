"""Development-plan pages and the training-needs analysis pages."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from abdi.accounts.models import RoleAssignment
from abdi.competency import services as competency_services
from abdi.competency.models import Competency
from abdi.learning.choices import PlanItemKind, PlanItemStatus, PlanStatus
from abdi.learning.models import DevelopmentPlan, DevelopmentPlanItem
from abdi.learning.services import plans as svc
from abdi.learning.testing import build_learning_world
from abdi.testing import make_employee, make_user

TODAY = timezone.localdate()
YEAR = TODAY.year
MY_PLAN = reverse("learning:my_plan")


@pytest.fixture
def gap(personas):
    a = Competency.objects.filter(kind="managerial").order_by("order").first()
    competency_services.position_standard_set(
        actor=personas.admin, position=personas.staff_position, levels={a.pk: 3}
    )
    return a


def submitted(p):
    plan = svc.plan_start(actor=p.employee.user, employee=p.employee, year=YEAR)
    svc.plan_item_add(
        actor=p.employee.user,
        plan=plan,
        kind=PlanItemKind.COACHING,
        description="Coaching menulis laporan",
        target_date=dt.date(YEAR, 12, 1),
    )
    return svc.plan_submit(actor=p.employee.user, plan=plan)


def test_my_plan_without_a_plan_offers_the_proposal_and_makes_it(personas, login, gap):
    client = login(personas.employee.user)
    page = client.get(MY_PLAN).content.decode()
    assert "Belum ada rencana untuk" in page and "Usulkan dari kesenjangan" in page
    response = client.post(MY_PLAN, {"action": "propose", "year": YEAR})
    assert response.status_code == 302 and response["Location"] == f"{MY_PLAN}?year={YEAR}"
    plan = DevelopmentPlan.objects.get(employee=personas.employee, year=YEAR)
    assert plan.items.get().competency == gap
    page = client.get(response["Location"]).content.decode()
    assert gap.name in page and "Kesenjangan" in page and "Ajukan ke atasan" in page
    assert "1 butir baru" in page


def test_my_plan_for_next_year_and_an_empty_start(personas, login):
    client = login(personas.employee.user)
    client.post(MY_PLAN, {"action": "start", "year": YEAR + 1})
    plan = DevelopmentPlan.objects.get(employee=personas.employee)
    assert plan.year == YEAR + 1 and not plan.items.exists()
    page = client.get(f"{MY_PLAN}?year={YEAR + 1}").content.decode()
    assert "Rencana ini belum memiliki butir" in page
    assert client.post(MY_PLAN, {"action": "dance", "year": YEAR}).status_code == 400


def test_my_plan_for_a_login_without_an_employee_record(personas, login):
    page = login(personas.admin).get(MY_PLAN).content.decode()
    assert "tidak terhubung dengan data pegawai" in page


def test_plan_detail_scope_and_read_only_viewers(personas, login):
    world = build_learning_world(personas)
    url = reverse("learning:plan_detail", args=[world.plan.pk])
    assert login(personas.outsider.user).get(url).status_code == 404
    page = login(personas.admin).get(url).content.decode()
    assert world.programme.title in page and "Tambah butir" not in page
    assert reverse("learning:plan_item_edit", args=[world.plan_item.pk]) not in page
    # the programme links to the catalogue page
    assert reverse("learning:programme_detail", kwargs={"pk": world.programme.pk}) in page
    page = login(personas.supervisor.user).get(url).content.decode()
    assert "Tambah butir" in page and "Ajukan ke atasan" not in page


def test_supervisor_agrees_from_the_plan_page(personas, login):
    plan = submitted(personas)
    client = login(personas.supervisor.user)
    page = client.get(reverse("learning:plan_detail", args=[plan.pk])).content.decode()
    assert "Sepakati rencana" in page and "Kembalikan dengan catatan" in page
    response = client.post(reverse("learning:plan_agree", args=[plan.pk]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.AGREED and plan.agreed_by == personas.supervisor.user


def test_return_needs_a_note_then_the_employee_sees_it(personas, login):
    plan = submitted(personas)
    client = login(personas.supervisor.user)
    url = reverse("learning:plan_return", args=[plan.pk])
    page = client.post(url, {"note": " "}, follow=True).content.decode()
    assert "Tulis catatan pengembalian" in page
    assert DevelopmentPlan.objects.get(pk=plan.pk).status == PlanStatus.SUBMITTED
    client.post(url, {"note": "Tambahkan pelatihan teknis."})
    assert DevelopmentPlan.objects.get(pk=plan.pk).status == PlanStatus.RETURNED
    page = login(personas.employee.user).get(MY_PLAN).content.decode()
    assert "Tambahkan pelatihan teknis." in page and "Ajukan kembali" in page


def test_agree_and_return_are_404_for_anyone_but_a_superior(personas, login):
    plan = submitted(personas)
    for user in (personas.employee.user, personas.colleague.user, personas.admin):
        client = login(user)
        assert client.post(reverse("learning:plan_agree", args=[plan.pk])).status_code == 404
        assert client.post(reverse("learning:plan_return", args=[plan.pk])).status_code == 404
    assert DevelopmentPlan.objects.get(pk=plan.pk).status == PlanStatus.SUBMITTED


def test_item_create_edit_delete(personas, login):
    plan = svc.plan_start(actor=personas.employee.user, employee=personas.employee, year=YEAR)
    client = login(personas.employee.user)
    url = reverse("learning:plan_item_create", args=[plan.pk])
    response = client.post(
        url, {"kind": "coaching", "description": "x", "target_date": f"{YEAR + 1}-01-10"}
    )
    assert response.status_code == 400
    assert f"Target selesai harus di dalam tahun rencana ({YEAR})" in response.content.decode()
    response = client.post(url, {"kind": "coaching", "target_date": f"{YEAR}-10-10"})
    assert "Isi kompetensi, program, atau uraian" in response.content.decode()
    assert not plan.items.exists()
    response = client.post(
        url, {"kind": "mentoring", "description": "Mentoring", "target_date": f"{YEAR}-10-10"}
    )
    assert response.status_code == 302
    item = plan.items.get()
    edit = reverse("learning:plan_item_edit", args=[item.pk])
    assert 'value="Mentoring"' not in client.get(edit).content.decode()  # a textarea
    assert "Mentoring</textarea>" in client.get(edit).content.decode()
    client.post(edit, {"kind": "seminar", "description": "Seminar", "target_date": f"{YEAR}-11-1"})
    item.refresh_from_db()
    assert (item.kind, item.description, item.target_date) == (
        "seminar",
        "Seminar",
        dt.date(YEAR, 11, 1),
    )
    assert client.post(reverse("learning:plan_item_delete", args=[item.pk])).status_code == 302
    assert not plan.items.exists()


def test_colleague_cannot_open_the_item_form(personas, login):
    world = build_learning_world(personas)
    client = login(personas.colleague.user)
    assert client.get(reverse("learning:plan_item_create", args=[world.plan.pk])).status_code == 404
    client = login(personas.operator)  # sees the employee, may not change the plan
    assert client.get(reverse("learning:plan_item_create", args=[world.plan.pk])).status_code == 403


def test_status_buttons_after_agreement(personas, login):
    plan = submitted(personas)
    svc.plan_agree(actor=personas.supervisor.user, plan=plan)
    item = plan.items.get()
    client = login(personas.employee.user)
    page = client.get(MY_PLAN).content.decode()
    assert reverse("learning:plan_item_status", args=[item.pk]) in page
    assert reverse("learning:plan_item_edit", args=[item.pk]) not in page
    client.post(reverse("learning:plan_item_status", args=[item.pk]), {"status": "in_progress"})
    item.refresh_from_db()
    assert item.status == PlanItemStatus.IN_PROGRESS
    page = client.post(
        reverse("learning:plan_item_status", args=[item.pk]), {"status": "done"}, follow=True
    ).content.decode()
    assert "Hanya atasan" in page


def test_team_plans_lists_the_team_with_bounded_queries(
    personas, login, django_assert_max_num_queries
):
    submitted(personas)
    client = login(personas.supervisor.user)
    url = reverse("learning:team_plans")
    page = client.get(url).content.decode()
    assert personas.employee.name in page and personas.colleague.name in page
    assert personas.outsider.name not in page and "Tinjau" in page
    for n in range(12):
        worker = make_employee(
            name=f"Staf {n}", unit=personas.subunit_a, position=personas.staff_position
        )
        DevelopmentPlan.objects.create(employee=worker, year=YEAR, status=PlanStatus.AGREED)
    client = login(personas.supervisor.user)
    with django_assert_max_num_queries(16):  # +2: the notification bell, the panel check
        response = client.get(url)
    assert {v: n for v, _label, n in response.context["counts"]} == {
        "draft": 0,
        "submitted": 1,
        "returned": 0,
        "agreed": 12,
        "none": 1,
    }
    assert login(personas.employee.user).get(url).status_code == 403


def plans_scene(personas):
    a = Competency.objects.filter(kind="managerial").order_by("order").first()
    competency_services.position_standard_set(
        actor=personas.admin, position=personas.staff_position, levels={a.pk: 3}
    )
    plan = DevelopmentPlan.objects.create(
        employee=personas.employee, year=YEAR, status=PlanStatus.AGREED
    )
    DevelopmentPlanItem.objects.create(
        plan=plan, competency=a, kind=PlanItemKind.TRAINING, target_date=dt.date(YEAR, 12, 1)
    )
    return a


def test_tna_page_defaults_to_the_agency_for_admins(personas, login, django_assert_max_num_queries):
    a = plans_scene(personas)
    client = login(personas.admin)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("learning:tna"))
    assert response.context["unit"] == personas.region and response.context["year"] == YEAR
    page = response.content.decode()
    assert a.name in page and personas.unit_a.name in page and "Unduh XLSX" in page
    response = client.get(reverse("learning:tna"), {"unit": personas.unit_b.pk, "year": YEAR})
    assert response.context["data"]["plan_items"] == 0


def test_tna_for_leaders_in_their_scope_only(personas, login):
    plans_scene(personas)
    leader = make_user("pimpinan_b")
    RoleAssignment.objects.create(user=leader, role="leader", org_unit=personas.unit_b)
    client = login(leader)
    assert client.get(reverse("learning:tna")).context["unit"] == personas.unit_b
    response = client.get(reverse("learning:tna"), {"unit": personas.unit_a.pk})
    assert response.status_code == 403
    export = reverse("learning:tna_export")
    assert client.get(export, {"unit": personas.unit_a.pk}).status_code == 403
    for user in (personas.operator, personas.supervisor.user):
        assert login(user).get(reverse("learning:tna")).status_code == 403


def test_tna_export_is_an_xlsx_with_three_sheets(personas, login):
    a = plans_scene(personas)
    response = login(personas.admin).get(
        reverse("learning:tna_export"), {"unit": personas.unit_a.pk, "year": YEAR}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert f"DINKES-{YEAR}.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Per kompetensi", "Program rekomendasi", "Per sub-unit"]
    names = [r[0] for r in book["Per kompetensi"].iter_rows(min_row=3, values_only=True)]
    assert a.name in names


def test_menu_entries_by_role(personas):
    from config.navigation import navigation_for

    def labels(user):
        return {str(c.label) for i in navigation_for(user) for c in (i.children or (i,))}

    mine, team, tna = "Rencana pengembangan saya", "Rencana tim", "Analisis kebutuhan pelatihan"
    assert mine in labels(personas.employee.user)
    assert not {team, tna} & labels(personas.employee.user)
    assert {mine, team} <= labels(personas.supervisor.user)
    assert tna in labels(personas.admin) and mine not in labels(personas.admin)
    assert tna in labels(personas.leader)
    assert not {mine, team, tna} & labels(personas.operator)
