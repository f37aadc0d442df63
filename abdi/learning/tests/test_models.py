import pytest
from django.db import IntegrityError, transaction

from abdi.learning.choices import RegistrationStatus
from abdi.learning.models import Registration, new_verification_code
from abdi.learning.testing import build_learning_world


@pytest.mark.django_db
def test_one_live_registration_per_session_but_a_cancelled_one_may_be_followed(personas):
    world = build_learning_world(personas)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            session=world.session,
            employee=personas.employee,
            status=RegistrationStatus.WAITLISTED,
        )
    world.pending.status = RegistrationStatus.CANCELLED
    world.pending.save()
    again = Registration.objects.create(
        session=world.session, employee=personas.employee, status=RegistrationStatus.WAITLISTED
    )
    assert again.pk


def test_verification_codes_are_long_unambiguous_and_distinct():
    codes = {new_verification_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(len(c) == 12 and not set(c) & set("01IO") for c in codes)
