import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from abdi.competency.models import Competency
from abdi.learning.choices import (
    ProgrammeCategory,
    ProgrammeMode,
    ProviderKind,
    RegistrationStatus,
    SessionApproval,
)
from abdi.learning.models import (
    Programme,
    ProgrammeCompetency,
    Provider,
    Registration,
    TrainingSession,
)
from abdi.learning.services import catalogue as svc
from abdi.learning.testing import build_learning_world

TODAY = timezone.localdate()


def _messages(exc: pytest.ExceptionInfo[ValidationError], field: str) -> str:
    return " ".join(exc.value.message_dict.get(field, []))


def _competencies(n=2):
    return list(Competency.objects.order_by("kind", "order")[:n])


# --- providers ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_provider_create_and_update(personas):
    p = svc.provider_create(
        actor=personas.admin,
        name="  Universitas Udayana ",
        kind=ProviderKind.UNIVERSITY,
        agreement_number="PKS/01/2025",
        agreement_until=TODAY + dt.timedelta(days=365),
    )
    assert p.name == "Universitas Udayana"
    svc.provider_update(actor=personas.admin, provider=p, contact="LPPM, 0361-1")
    p.refresh_from_db()
    assert p.contact == "LPPM, 0361-1"
    assert p.history.count() == 2 and p.history.first().history_user == personas.admin


@pytest.mark.django_db
def test_university_needs_agreement_number_and_expiry(personas):
    with pytest.raises(ValidationError) as exc:
        svc.provider_create(actor=personas.admin, name="Univ X", kind=ProviderKind.UNIVERSITY)
    assert "nomor perjanjian" in _messages(exc, "agreement_number")
    assert "berakhirnya perjanjian" in _messages(exc, "agreement_until")
    assert not Provider.objects.filter(name="Univ X").exists()


@pytest.mark.django_db
def test_provider_refusals(personas):
    with pytest.raises(PermissionDenied):
        svc.provider_create(actor=personas.operator, name="X", kind=ProviderKind.LAN)
    with pytest.raises(ValidationError) as exc:
        svc.provider_create(actor=personas.admin, name=" ", kind="nope")
    assert exc.value.message_dict.keys() >= {"name", "kind"}
    svc.provider_create(actor=personas.admin, name="LAN RI", kind=ProviderKind.LAN)
    with pytest.raises(ValidationError):  # unique name
        svc.provider_create(actor=personas.admin, name="LAN RI", kind=ProviderKind.LAN)
    assert Provider.objects.filter(name="LAN RI").count() == 1


# --- programmes ---------------------------------------------------------------------------


def _programme_kwargs(provider, **kw):
    base = {
        "code": "PKP-2026",
        "title": "Pelatihan Kepemimpinan Pengawas",
        "mode": ProgrammeMode.BLENDED,
        "category": ProgrammeCategory.PKP,
        "provider": provider,
        "jp": 60,
    }
    base.update(kw)
    return base


@pytest.mark.django_db
def test_programme_create_writes_the_competency_targets(personas):
    world = build_learning_world(personas)
    a, b = _competencies()
    programme = svc.programme_create(
        actor=personas.admin,
        **_programme_kwargs(world.provider),
        competencies=[(a, 3), (b.pk, "")],
    )
    targets = {t.competency_id: t.target_level for t in programme.competency_targets.all()}
    assert targets == {a.pk: 3, b.pk: None}


@pytest.mark.django_db
@pytest.mark.parametrize("level", [0, 6, "x", "2.5", True])
def test_programme_level_outside_1_to_5_writes_nothing(personas, level):
    world = build_learning_world(personas)
    (a,) = _competencies(1)
    with pytest.raises(ValidationError) as exc:
        svc.programme_create(
            actor=personas.admin,
            **_programme_kwargs(world.provider),
            competencies=[(a, level)],
        )
    assert "harus 1–5 atau kosong" in _messages(exc, "competencies")
    assert not Programme.objects.filter(code="PKP-2026").exists()


@pytest.mark.django_db
def test_programme_refusals(personas):
    world = build_learning_world(personas)
    (a,) = _competencies(1)
    with pytest.raises(PermissionDenied):
        svc.programme_create(actor=personas.supervisor, **_programme_kwargs(world.provider))
    for bad, field in [
        ({"jp": 0}, "jp"),
        ({"mode": "tv"}, "mode"),
        ({"category": "x"}, "category"),
        ({"title": "  "}, "title"),
        ({"code": world.programme.code}, "code"),
    ]:
        with pytest.raises(ValidationError) as exc:
            svc.programme_create(actor=personas.admin, **_programme_kwargs(world.provider, **bad))
        assert field in exc.value.message_dict, bad
    with pytest.raises(ValidationError) as exc:
        svc.programme_create(
            actor=personas.admin,
            **_programme_kwargs(world.provider),
            competencies=[(a, 2), (a, 3)],
        )
    assert "lebih dari sekali" in _messages(exc, "competencies")
    with pytest.raises(ValidationError):
        svc.programme_create(
            actor=personas.admin, **_programme_kwargs(world.provider), competencies=[(999999, 2)]
        )
    assert Programme.objects.filter(code="PKP-2026").count() == 0


@pytest.mark.django_db
def test_programme_update_replaces_targets_in_one_go(personas):
    world = build_learning_world(personas)
    a, b = _competencies()
    programme = world.programme  # addresses `a` (world.competency) at level 3
    assert world.competency == a
    svc.programme_update(
        actor=personas.admin,
        programme=programme,
        title="Pelayanan Prima II",
        competencies=[(a, 4), (b, None)],
    )
    programme.refresh_from_db()
    assert programme.title == "Pelayanan Prima II"
    assert dict(programme.competency_targets.values_list("competency_id", "target_level")) == {
        a.pk: 4,
        b.pk: None,
    }
    svc.programme_update(actor=personas.admin, programme=programme, competencies=[(b, 2)])
    assert list(programme.competency_targets.values_list("competency_id", "target_level")) == [
        (b.pk, 2)
    ]
    # a bad level in an update changes neither the programme nor its targets
    with pytest.raises(ValidationError):
        svc.programme_update(actor=personas.admin, programme=programme, jp=8, competencies=[(a, 9)])
    programme.refresh_from_db()
    assert programme.jp == 24
    assert ProgrammeCompetency.objects.filter(programme=programme).count() == 1
    with pytest.raises(ValidationError):
        svc.programme_update(actor=personas.admin, programme=programme, nonsense=1)
    with pytest.raises(PermissionDenied):
        svc.programme_update(actor=personas.employee.user, programme=programme, jp=2)


# --- sessions -----------------------------------------------------------------------------


def _session_kwargs(**kw):
    base = {
        "name": "Angkatan II",
        "registration_opens": TODAY,
        "registration_closes": TODAY + dt.timedelta(days=10),
        "start_date": TODAY + dt.timedelta(days=20),
        "end_date": TODAY + dt.timedelta(days=22),
        "quota": 30,
        "location": "Aula",
    }
    base.update(kw)
    return base


@pytest.mark.django_db
def test_session_create_with_eligibility(personas):
    world = build_learning_world(personas)
    s = svc.session_create(
        actor=personas.admin,
        programme=world.programme,
        approval=SessionApproval.SUPERVISOR,
        eligible_employee_kinds=["pns", "pns"],
        eligible_position_kinds=["pelaksana"],
        eligible_units=[personas.unit_a.pk],
        **_session_kwargs(),
    )
    assert s.eligible_employee_kinds == ["pns"]
    assert list(s.eligible_units.all()) == [personas.unit_a]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("bad", "field", "text"),
    [
        (
            {"registration_closes": TODAY - dt.timedelta(days=1)},
            "registration_closes",
            "ditutup sebelum dibuka",
        ),
        (
            {"registration_closes": TODAY + dt.timedelta(days=21)},
            "registration_closes",
            "paling lambat pada tanggal mulai",
        ),
        ({"end_date": TODAY + dt.timedelta(days=19)}, "end_date", "sebelum tanggal mulai"),
        ({"quota": 0}, "quota", "minimal 1"),
        ({"is_online": True}, "online_url", "memerlukan tautan"),
        ({"location": ""}, "location", "tempat pelaksanaan"),
        ({"is_online": True, "online_url": "bukan tautan"}, "online_url", ""),
        ({"approval": "boss"}, "approval", "tidak dikenal"),
        ({"eligible_employee_kinds": ["pns", "honorer"]}, "eligible_employee_kinds", ""),
        ({"eligible_position_kinds": ["raja"]}, "eligible_position_kinds", ""),
        ({"eligible_units": [987654]}, "eligible_units", "tidak dikenal"),
        ({"name": " "}, "name", "angkatan"),
        ({"start_date": None}, "start_date", "wajib diisi"),
    ],
)
def test_session_rules_write_nothing(personas, bad, field, text):
    world = build_learning_world(personas)
    before = TrainingSession.objects.count()
    with pytest.raises(ValidationError) as exc:
        svc.session_create(
            actor=personas.admin, programme=world.programme, **_session_kwargs(**bad)
        )
    assert field in exc.value.message_dict
    assert text in _messages(exc, field)
    assert TrainingSession.objects.count() == before


@pytest.mark.django_db
def test_online_session_with_link_needs_no_place(personas):
    world = build_learning_world(personas)
    s = svc.session_create(
        actor=personas.admin,
        programme=world.programme,
        **_session_kwargs(location="", is_online=True, online_url="https://zoom.example/j/1"),
    )
    assert s.is_online and s.location == ""


@pytest.mark.django_db
def test_session_refusals_permission_inactive_programme_and_expired_partnership(personas):
    world = build_learning_world(personas)
    with pytest.raises(PermissionDenied):
        svc.session_create(actor=personas.leader, programme=world.programme, **_session_kwargs())
    world.programme.is_active = False
    world.programme.save()
    with pytest.raises(ValidationError, match="tidak aktif"):
        svc.session_create(actor=personas.admin, programme=world.programme, **_session_kwargs())
    uni = Provider.objects.create(
        name="Univ Y",
        kind=ProviderKind.UNIVERSITY,
        agreement_number="PKS/9",
        agreement_until=TODAY + dt.timedelta(days=21),
    )
    prog = svc.programme_create(
        actor=personas.admin, **_programme_kwargs(uni, code="U-1", category="technical")
    )
    with pytest.raises(ValidationError) as exc:
        svc.session_create(actor=personas.admin, programme=prog, **_session_kwargs())
    assert "Perjanjian kerja sama dengan Univ Y berakhir" in _messages(exc, "end_date")
    svc.session_create(
        actor=personas.admin,
        programme=prog,
        **_session_kwargs(end_date=TODAY + dt.timedelta(days=21)),
    )


@pytest.mark.django_db
def test_quota_not_below_seats_taken(personas):
    world = build_learning_world(personas)
    s = world.session  # quota 3
    for emp in (personas.colleague, personas.supervisor):
        Registration.objects.create(session=s, employee=emp, status=RegistrationStatus.CONFIRMED)
    with pytest.raises(ValidationError) as exc:
        svc.session_update(actor=personas.admin, session=s, quota=1)
    assert "2 peserta" in _messages(exc, "quota")
    s.refresh_from_db()
    assert s.quota == 3
    svc.session_update(actor=personas.admin, session=s, quota=2, contact="Bu Ani")
    s.refresh_from_db()
    assert (s.quota, s.contact) == (2, "Bu Ani")


@pytest.mark.django_db
def test_raising_the_quota_moves_the_waiting_list_up(personas):
    world = build_learning_world(personas)
    s = world.session
    svc.session_update(actor=personas.admin, session=s, quota=1)
    Registration.objects.create(
        session=s, employee=personas.colleague, status=RegistrationStatus.CONFIRMED
    )
    waiting = Registration.objects.create(
        session=s,
        employee=personas.supervisor,
        status=RegistrationStatus.WAITLISTED,
        waitlisted_at=timezone.now(),
    )
    svc.session_update(actor=personas.admin, session=s, quota=2)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


@pytest.mark.django_db
def test_session_update_refusals(personas):
    world = build_learning_world(personas)
    s = world.session
    with pytest.raises(PermissionDenied):
        svc.session_update(actor=personas.operator, session=s, quota=9)
    with pytest.raises(ValidationError):
        svc.session_update(actor=personas.admin, session=s, is_cancelled=True)
    with pytest.raises(ValidationError) as exc:
        svc.session_update(actor=personas.admin, session=s, end_date=s.start_date - dt.timedelta(1))
    assert "end_date" in exc.value.message_dict
    TrainingSession.objects.filter(pk=s.pk).update(is_cancelled=True)
    with pytest.raises(ValidationError, match="dibatalkan"):
        svc.session_update(actor=personas.admin, session=s, quota=9)
    s.refresh_from_db()
    assert s.quota == 3


# --- prices (docs/decisions/0049) -----------------------------------------------------------


@pytest.mark.django_db
def test_programme_prices_are_optional_whole_rupiah(personas):
    world = build_learning_world(personas)
    programme = svc.programme_create(
        actor=personas.admin,
        **_programme_kwargs(world.provider),
        cost_per_session=12_500_000,
        cost_per_participant=750_000,
    )
    assert (programme.cost_per_session, programme.cost_per_participant) == (12_500_000, 750_000)
    svc.programme_update(actor=personas.admin, programme=programme, cost_per_session=None)
    programme.refresh_from_db()
    assert programme.cost_per_session is None and programme.is_priced
    for bad in ({"cost_per_session": -1}, {"cost_per_participant": "1.000"}):
        with pytest.raises(ValidationError) as exc:
            svc.programme_update(actor=personas.admin, programme=programme, **bad)
        assert "rupiah" in _messages(exc, next(iter(bad))), bad
    programme.refresh_from_db()
    assert programme.cost_per_participant == 750_000
