import pytest

from abdi.learning.choices import JpSource, PlanItemStatus, RegistrationStatus
from abdi.learning.models import JpEntry, Registration
from abdi.learning.services.credit import credit_registration
from abdi.learning.testing import build_learning_world


@pytest.mark.django_db
def test_credit_writes_one_jp_line_and_one_numbered_certificate_and_closes_the_plan_item(
    personas,
):
    world = build_learning_world(personas)
    registration = Registration.objects.create(
        session=world.session,
        employee=personas.colleague,
        status=RegistrationStatus.COMPLETED,
        plan_item=world.plan_item,
    )
    first = credit_registration(registration=registration)
    second = credit_registration(registration=registration)
    assert first == second
    assert first.number.endswith(f"/{first.pk:06d}")
    assert first.jp == world.programme.jp and first.employee_name == personas.colleague.name
    line = JpEntry.objects.get(registration=registration)
    assert (line.jp, line.source) == (world.programme.jp, JpSource.TRAINING)
    world.plan_item.refresh_from_db()
    assert world.plan_item.status == PlanItemStatus.DONE


@pytest.mark.django_db
def test_no_certificate_for_a_programme_without_one_but_the_jp_count(personas):
    world = build_learning_world(personas)
    world.programme.gives_certificate = False
    world.programme.save()
    registration = Registration.objects.create(
        session=world.session, employee=personas.colleague, status=RegistrationStatus.COMPLETED
    )
    assert credit_registration(registration=registration) is None
    assert JpEntry.objects.filter(registration=registration).exists()
