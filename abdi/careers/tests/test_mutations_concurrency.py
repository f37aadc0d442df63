"""Two admins applying the same rotation plan at the same moment end in one consistent state:
the plan row is locked, one applies every move, the other is told the plan is already applied
(PostgreSQL only: SQLite serialises writers anyway)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from abdi.accounts.models import User
from abdi.careers import services
from abdi.careers.models import RotationPlan, RotationPlanStatus
from abdi.employees.models import PositionHistory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the race needs PostgreSQL's concurrency"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_together(calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def worker(call):
        try:
            barrier.wait(timeout=30)
            call()
        except Exception as exc:  # noqa: BLE001 - every failure is reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


def test_two_admins_apply_one_plan(personas):
    p = personas
    second_admin = User.objects.create_user(username="admin2", password="x", is_superuser=True)
    plan = services.rotation_plan_create(
        actor=p.admin, title="Rotasi serentak", effective_from=timezone.localdate()
    )
    services.rotation_move_add(
        actor=p.admin,
        plan=plan,
        employee=p.employee,
        target_position=p.staff_position_b,
        decree_number="SK-1",
    )
    services.rotation_move_add(
        actor=p.admin,
        plan=plan,
        employee=p.outsider,
        target_position=p.staff_position,
        decree_number="SK-2",
    )
    before = PositionHistory.objects.count()

    def apply(user_pk):
        def call():
            services.rotation_plan_apply(
                actor=User.objects.get(pk=user_pk), plan=RotationPlan.objects.get(pk=plan.pk)
            )

        return call

    errors = run_together([apply(p.admin.pk), apply(second_admin.pk)])
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    assert "sudah diterapkan" in errors[0].messages[0]
    plan.refresh_from_db()
    assert plan.status == RotationPlanStatus.APPLIED
    assert PositionHistory.objects.count() == before + 2
    assert plan.steps.filter(action="apply").count() == 1


def test_two_plans_into_the_last_seat_of_one_post(personas):
    """Each plan checks alone (one free seat); applied at once, the target position's lock
    makes the second count the first one's arrival and refuse, writing nothing."""
    p = personas
    holders = p.staff_position_b.holders.filter(is_active=True).count()
    p.staff_position_b.posts = holders + 1  # one seat free
    p.staff_position_b.save(update_fields=["posts"])
    second_admin = User.objects.create_user(username="admin2", password="x", is_superuser=True)
    plans = []
    for title, mover in (("Rotasi A", p.employee), ("Rotasi B", p.colleague)):
        plan = services.rotation_plan_create(
            actor=p.admin, title=title, effective_from=timezone.localdate()
        )
        services.rotation_move_add(
            actor=p.admin,
            plan=plan,
            employee=mover,
            target_position=p.staff_position_b,
            decree_number=f"SK-{title}",
        )
        assert services.rotation_plan_report(plan).ok
        plans.append(plan)

    def apply(user_pk, plan_pk):
        def call():
            services.rotation_plan_apply(
                actor=User.objects.get(pk=user_pk), plan=RotationPlan.objects.get(pk=plan_pk)
            )

        return call

    errors = run_together([apply(p.admin.pk, plans[0].pk), apply(second_admin.pk, plans[1].pk)])
    assert len(errors) == 1 and isinstance(errors[0], ValidationError)
    message = " ".join(errors[0].messages)  # refused at the lock, or by the re-check after it
    assert "penuh" in message or "bermasalah" in message
    statuses = sorted(
        RotationPlan.objects.filter(pk__in=[x.pk for x in plans]).values_list("status", flat=True)
    )
    assert statuses == [RotationPlanStatus.APPLIED, RotationPlanStatus.DRAFT]
    assert p.staff_position_b.holders.filter(is_active=True).count() == holders + 1
