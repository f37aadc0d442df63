import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from abdi.competency import services
from abdi.competency.models import Assessment, AssessmentResult, Competency, PositionStandard


@pytest.fixture
def managerial(db):
    return list(Competency.objects.filter(kind="managerial").order_by("order"))


def test_seeded_dictionary(db):
    assert Competency.objects.filter(kind="managerial").count() == 8
    perekat = Competency.objects.get(name="Perekat Bangsa")
    assert perekat.kind == "socio_cultural"
    assert sorted(perekat.levels.values_list("level", flat=True)) == [1, 2, 3, 4, 5]


def test_standard_level_outside_1_to_5_is_refused_and_nothing_written(personas, managerial):
    with pytest.raises(ValidationError) as exc:
        services.position_standard_set(
            actor=personas.admin,
            position=personas.staff_position,
            levels={managerial[0].pk: 3, managerial[1].pk: 6},
        )
    assert "1–5" in str(exc.value)
    assert not PositionStandard.objects.exists()


def test_standard_set_in_bulk_and_update(personas, managerial):
    pos = personas.staff_position
    services.position_standard_set(
        actor=personas.admin, position=pos, levels={managerial[0].pk: 2, managerial[1].pk: "3"}
    )
    services.position_standard_set(
        actor=personas.admin, position=pos, levels={managerial[0].pk: 4, managerial[1].pk: None}
    )
    assert dict(
        PositionStandard.objects.filter(position=pos).values_list("competency_id", "required_level")
    ) == {managerial[0].pk: 4}
    standard = PositionStandard.objects.get(position=pos)
    assert standard.history.first().history_user == personas.admin


@pytest.mark.parametrize("role", ["operator", "leader", "nobody"])
def test_only_bkpsdm_admin_sets_standards(personas, managerial, role):
    with pytest.raises(PermissionDenied):
        services.position_standard_set(
            actor=personas.user(role),
            position=personas.staff_position,
            levels={managerial[0].pk: 2},
        )
    assert not PositionStandard.objects.exists()


def test_assessment_refusals_write_nothing(personas, managerial):
    with pytest.raises(ValidationError) as exc:
        services.assessment_record(
            actor=personas.admin,
            employee=personas.employee,
            date=dt.date(2026, 1, 10),
            method="cact",
            assessor="UPT Penilaian Kompetensi",
            levels={managerial[0].pk: 0},
            potential_score=150,
        )
    errors = exc.value.message_dict
    assert "levels" in errors and "potential_score" in errors
    assert not Assessment.objects.exists()
    with pytest.raises(ValidationError):
        services.assessment_record(
            actor=personas.admin,
            employee=personas.employee,
            date=dt.date(2026, 1, 10),
            method="palmistry",
            assessor="",
            levels={managerial[0].pk: 3},
        )
    assert not Assessment.objects.exists()


def test_assessment_by_non_admin_is_denied(personas, managerial):
    with pytest.raises(PermissionDenied):
        services.assessment_record(
            actor=personas.supervisor.user,
            employee=personas.employee,
            date=dt.date(2026, 1, 10),
            method="360",
            assessor="Atasan",
            levels={managerial[0].pk: 3},
        )
    assert not Assessment.objects.exists()


def test_assessments_keep_history(personas, managerial):
    for date, level in ((dt.date(2024, 5, 1), 2), (dt.date(2025, 5, 1), 3)):
        services.assessment_record(
            actor=personas.admin,
            employee=personas.employee,
            date=date,
            method="assessment_centre",
            assessor="BKN",
            levels={managerial[0].pk: level},
            potential_score="72.5",
        )
    assert Assessment.objects.filter(employee=personas.employee).count() == 2
    assert AssessmentResult.objects.count() == 2
    assert Assessment.objects.first().recorded_by == personas.admin


def test_competency_create_requires_admin_and_valid_kind(personas):
    with pytest.raises(PermissionDenied):
        services.competency_create(
            actor=personas.operator, code="T1", name="Surveilans", kind="technical"
        )
    with pytest.raises(ValidationError):
        services.competency_create(actor=personas.admin, code="T1", name="X", kind="magic")
    c = services.competency_create(
        actor=personas.admin,
        code="T1",
        name="Surveilans Epidemiologi",
        kind="technical",
        descriptors={1: "Memahami dasar surveilans."},
    )
    assert c.levels.get().level == 1
    services.competency_update(actor=personas.admin, competency=c, name="Surveilans")
    c.refresh_from_db()
    assert c.name == "Surveilans"
