"""Services of merit selection: every rule and refusal, nothing written on bad input, a step row
for every state change."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from abdi.accounts.models import RoleAssignment
from abdi.careers.models import (
    Application,
    ApplicationState,
    PanelMember,
    Score,
    ScoreRevision,
    SelectionStage,
    SelectionState,
)
from abdi.careers.services import selection as services
from abdi.careers.testing_selection import (
    build_selection_world,
    close_registration,
    documents,
    good_predikats,
    open_selection,
    panel_inputs,
)
from abdi.employees.models import DisciplineRecord

pytestmark = pytest.mark.django_db


def test_create_prefills_requirements_and_stages_from_reference_data(personas):
    s = open_selection(personas)
    assert set(s.requirements.values_list("rule", flat=True)) == {
        "min_education",
        "position_experience",
        "total_experience",
        "max_age",
        "predikat",
        "no_discipline",
    }
    weights = dict(s.stages.values_list("kind", "weight"))
    assert weights == {
        "administrative": 0,
        "written_test": 20,
        "competency_assessment": 25,
        "interview": 35,
        "track_record": 20,
    }
    assert list(s.steps.values_list("action", flat=True)) == ["created", "announced"]
    assert s.state == SelectionState.OPEN
    # REGULATIONS §8: 5 years of cumulative position experience for JPT Pratama, with its source.
    from abdi.careers.models import SelectionRequirementDefault

    assert s.requirements.get(rule="total_experience").params == {"years": 5}
    default = SelectionRequirementDefault.objects.get(
        position_kind="jpt_pratama", rule="total_experience"
    )
    assert "Permen PANRB 15/2019" in default.source
    assert set(
        SelectionRequirementDefault.objects.filter(rule="total_experience").values_list(
            "position_kind", "params__years"
        )
    ) == {("jpt_utama", 10), ("jpt_madya", 7), ("jpt_pratama", 5)}


def test_weights_not_summing_to_100_are_refused_and_nothing_changes(personas):
    from abdi.careers.services.selection import selection_create

    s = selection_create(
        actor=personas.admin,
        title="Uji",
        kind="administrator",
        positions=[personas.supervisor_position],
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + dt.timedelta(days=5),
    )
    before = list(s.stages.values_list("kind", "weight"))
    with pytest.raises(ValidationError) as exc:
        services.stages_set(
            actor=personas.admin,
            selection=s,
            weights={"administrative": 0, "written_test": 30, "interview": 40, "track_record": 20},
        )
    assert "90%" in str(exc.value)
    assert list(s.stages.values_list("kind", "weight")) == before
    services.stages_set(
        actor=personas.admin,
        selection=s,
        weights={"administrative": 0, "written_test": 40, "interview": 40, "track_record": 20},
    )
    assert sum(s.stages.values_list("weight", flat=True)) == 100


def test_only_admin_creates(personas):
    with pytest.raises(PermissionDenied):
        services.selection_create(
            actor=personas.operator,
            title="x",
            kind="open_jpt",
            positions=[personas.head_position_b],
            opens_on=timezone.localdate(),
            closes_on=timezone.localdate(),
        )


def test_panel_composition_refused_with_numbers(personas):
    s = open_selection(personas)
    _users, inputs = panel_inputs(personas, n=5, internal=3)
    with pytest.raises(ValidationError) as exc:
        services.panel_set(actor=personas.admin, selection=s, members=inputs)
    assert "3 dari 5" in str(exc.value)
    assert not PanelMember.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.panel_set(actor=personas.admin, selection=s, members=inputs[:4])
    assert "genap" in str(exc.value)


def test_panel_members_get_the_scoped_role(personas):
    s = open_selection(personas)
    users, inputs = panel_inputs(personas)
    services.panel_set(actor=personas.admin, selection=s, members=inputs)
    assert users[0].groups.filter(name="selection_panel").exists()
    assert not RoleAssignment.objects.filter(user=users[0]).exists()
    # a new panel without the first member: that user's role goes
    from abdi.careers.services.selection import PanelInput
    from abdi.testing import make_user

    extra = make_user("pansel6")
    members = inputs[1:] + [PanelInput(user=extra, name="Pansel 6", is_internal=False)]
    services.panel_set(actor=personas.admin, selection=s, members=members)
    assert not users[0].groups.filter(name="selection_panel").exists()
    assert extra.groups.filter(name="selection_panel").exists()


def test_eligible_employee_applies_with_documents(personas):
    w = build_selection_world(personas)
    app = w.application
    assert app.state == ApplicationState.SUBMITTED
    assert app.documents.count() == 2
    assert list(app.steps.values_list("action", flat=True)) == ["submitted"]


def test_second_application_refused(personas):
    w = build_selection_world(personas)
    with pytest.raises(ValidationError) as exc:
        services.application_submit(
            actor=personas.supervisor.user, selection=w.selection, documents=documents()
        )
    assert "sudah melamar" in str(exc.value)
    assert Application.objects.count() == 1


def test_ineligible_employee_refused_with_reasons(personas):
    s = open_selection(personas)
    good_predikats(personas.employee)
    with pytest.raises(ValidationError) as exc:
        services.application_submit(
            actor=personas.employee.user, selection=s, documents=documents()
        )
    assert "Lama menduduki jenis jabatan" in str(exc.value)
    assert not Application.objects.exists()


def test_wrong_document_type_refused(personas):
    s = open_selection(personas)
    good_predikats(personas.supervisor)
    docs = documents()
    docs["Surat lamaran"] = SimpleUploadedFile("lamaran.pdf", b"bukan pdf sama sekali")
    with pytest.raises(ValidationError) as exc:
        services.application_submit(actor=personas.supervisor.user, selection=s, documents=docs)
    assert "tidak diizinkan" in str(exc.value)
    assert not Application.objects.exists()
    docs = documents()
    del docs["SKP dua tahun terakhir"]
    with pytest.raises(ValidationError) as exc:
        services.application_submit(actor=personas.supervisor.user, selection=s, documents=docs)
    assert "wajib diunggah" in str(exc.value)


def test_discipline_in_force_blocks(personas):
    s = open_selection(personas)
    good_predikats(personas.supervisor)
    DisciplineRecord.objects.create(
        employee=personas.supervisor,
        severity="moderate",
        sanction="Penurunan jabatan",
        decided_on=timezone.localdate() - dt.timedelta(days=100),
        effective_from=timezone.localdate() - dt.timedelta(days=90),
        effective_until=timezone.localdate() + dt.timedelta(days=300),
    )
    with pytest.raises(ValidationError) as exc:
        services.application_submit(
            actor=personas.supervisor.user, selection=s, documents=documents()
        )
    assert "hukuman disiplin" in str(exc.value)


def test_withdraw_before_closing_only(personas):
    w = build_selection_world(personas)
    with pytest.raises(PermissionDenied):
        services.application_withdraw(actor=personas.employee.user, application=w.application)
    services.application_withdraw(actor=personas.supervisor.user, application=w.application)
    w.application.refresh_from_db()
    assert w.application.state == ApplicationState.WITHDRAWN
    assert w.application.steps.last().action == "withdrawn"


def test_withdraw_after_closing_refused(personas):
    w = build_selection_world(personas)
    close_registration(w.selection)
    with pytest.raises(ValidationError):
        services.application_withdraw(actor=personas.supervisor.user, application=w.application)


def external(nip="199001012015031001"):
    from abdi.core.models import EducationLevel, Rank

    return services.ExternalApplicant(
        name="Dr. Rahmat Luar",
        nip=nip,
        agency="Pemerintah Kabupaten Tetangga",
        position="Kepala Bagian Umum",
        position_kind="administrator",
        position_since=dt.date(2019, 1, 2),
        birth_date=dt.date(1975, 6, 1),
        education=EducationLevel.objects.get(code="S2"),
        rank=Rank.objects.get(code="IV/a"),
    )


def test_external_applicant_needs_overrides_for_unknown_data(personas):
    w = build_selection_world(personas)
    app = services.application_register(
        actor=personas.admin, selection=w.selection, documents=documents(), external=external()
    )
    with pytest.raises(ValidationError):
        services.application_register(
            actor=personas.admin, selection=w.selection, documents=documents(), external=external()
        )
    close_registration(w.selection)
    services.selection_close(actor=personas.admin, selection=w.selection)
    with pytest.raises(ValidationError) as exc:
        services.administrative_result(actor=personas.admin, application=app, passed=True)
    assert "Predikat" in str(exc.value) and "hukuman" in str(exc.value).lower()
    for req in w.selection.requirements.filter(rule__in=["predikat", "no_discipline"]):
        with pytest.raises(ValidationError):
            services.eligibility_override(
                actor=personas.admin, application=app, requirement=req, reason="  "
            )
        services.eligibility_override(
            actor=personas.admin,
            application=app,
            requirement=req,
            reason="SKP 2024–2025 Baik dan surat bebas hukuman dari instansi asal dilampirkan.",
        )
    services.administrative_result(actor=personas.admin, application=app, passed=True)
    app.refresh_from_db()
    assert app.state == ApplicationState.ADMIN_PASSED
    assert [s.action for s in app.steps.all()] == [
        "registered",
        "override",
        "override",
        "admin_passed",
    ]


def test_objection_once_within_days_and_decided(personas):
    w = build_selection_world(personas)
    close_registration(w.selection)
    services.selection_close(actor=personas.admin, selection=w.selection)
    app = w.application
    with pytest.raises(ValidationError):
        services.administrative_result(actor=personas.admin, application=app, passed=False)
    services.administrative_result(
        actor=personas.admin, application=app, passed=False, reason="Ijazah tidak dilegalisasi."
    )
    with pytest.raises(PermissionDenied):
        services.objection_file(actor=personas.employee.user, application=app, reason="x")
    objection = services.objection_file(
        actor=personas.supervisor.user, application=app, reason="Legalisasi terlampir."
    )
    with pytest.raises(ValidationError) as exc:
        services.objection_file(actor=personas.supervisor.user, application=app, reason="lagi")
    assert "satu kali" in str(exc.value)
    services.objection_decide(
        actor=personas.admin, objection=objection, accept=True, note="Legalisasi sah."
    )
    app.refresh_from_db()
    assert app.state == ApplicationState.ADMIN_PASSED
    assert [s.action for s in app.steps.all()][-3:] == [
        "admin_failed",
        "objection_filed",
        "objection_accepted",
    ]


def test_objection_after_the_days_refused(personas):
    w = build_selection_world(personas)
    close_registration(w.selection)
    services.selection_close(actor=personas.admin, selection=w.selection)
    services.administrative_result(
        actor=personas.admin, application=w.application, passed=False, reason="Tidak lengkap."
    )
    Application.objects.filter(pk=w.application.pk).update(
        admin_decided_on=timezone.localdate() - dt.timedelta(days=4)
    )
    w.application.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.objection_file(
            actor=personas.supervisor.user, application=w.application, reason="x"
        )
    assert "berakhir" in str(exc.value)


def interview(selection):
    return SelectionStage.objects.get(selection=selection, kind="interview")


def test_scores_range_conflict_and_revision(personas):
    w = build_selection_world(personas, scoring=True)
    app, stage = w.application, interview(w.selection)
    m1, m2 = w.panel_users[0], w.panel_users[1]
    for bad in ("101", "-1", "abc", "80.123"):
        with pytest.raises(ValidationError):
            services.score_submit(actor=m1, application=app, stage=stage, value=bad)
    assert not Score.objects.exists()
    services.score_submit(actor=m1, application=app, stage=stage, value="80")
    with pytest.raises(ValidationError):
        services.score_submit(actor=m1, application=app, stage=stage, value="85")
    services.score_submit(actor=m1, application=app, stage=stage, value="85", reason="Salah ketik.")
    revision = ScoreRevision.objects.get()
    assert (revision.old_value, revision.new_value) == (Decimal(80), Decimal(85))
    services.conflict_declare(actor=m2, application=app, reason="Kakak ipar pelamar.")
    with pytest.raises(PermissionDenied):
        services.score_submit(actor=m2, application=app, stage=stage, value="90")
    with pytest.raises(PermissionDenied):
        services.score_submit(actor=personas.admin, application=app, stage=stage, value="90")


def test_stage_score_is_the_mean_over_members_without_conflict(personas):
    from abdi.careers.selectors.selection import stage_scores

    w = build_selection_world(personas, scoring=True)
    app, stage = w.application, interview(w.selection)
    # members 1–4 score 80, 85, 90, 70; member 5 scored 10 then declared a conflict.
    for user, value in zip(w.panel_users, ("80", "85", "90", "70", "10"), strict=True):
        services.score_submit(actor=user, application=app, stage=stage, value=value)
    services.conflict_declare(actor=w.panel_users[4], application=app, reason="Atasan langsung.")
    # (80 + 85 + 90 + 70) / 4 = 81.25
    assert stage_scores(w.selection)[app.pk]["interview"] == Decimal("81.25")


def test_track_record_prefilled_and_adjusted_with_reason(personas):
    w = build_selection_world(personas, scoring=True)
    record = w.application.track_record
    # Predikat Baik in each of the 3 years before the closing year: 80; no awards, no sanctions.
    assert record.suggested == Decimal("80.00")
    assert len(record.facts) == 3
    with pytest.raises(ValidationError):
        services.track_record_adjust(
            actor=w.panel_users[0], application=w.application, value="85", reason=""
        )
    services.track_record_adjust(
        actor=w.panel_users[0], application=w.application, value="85", reason="Inovasi daerah 2025."
    )
    record.refresh_from_db()
    assert record.value == Decimal(85)


def score_all(w, app, values):
    for kind, value in values.items():
        stage = SelectionStage.objects.get(selection=w.selection, kind=kind)
        for user in w.panel_users:
            services.score_submit(actor=user, application=app, stage=stage, value=value)


def test_ranking_top_three_and_appointment_changes_position(personas):
    w = build_selection_world(personas, scoring=True)
    panel = {"written_test": "80", "competency_assessment": "70", "interview": "90"}
    with pytest.raises(ValidationError) as exc:
        services.ranking_propose(actor=personas.admin, selection=w.selection)
    assert "belum lengkap" in str(exc.value)
    score_all(w, w.application, panel)
    entries = services.ranking_propose(actor=personas.admin, selection=w.selection)
    # 0.20·80 + 0.25·70 + 0.35·90 + 0.20·80 = 16 + 17.5 + 31.5 + 16 = 81.00
    assert [(e.rank, e.total, e.proposed) for e in entries] == [(1, Decimal("81.00"), True)]
    with pytest.raises(ValidationError):
        services.appointment_decide(
            actor=personas.admin,
            application=w.application,
            position=w.position,
            decree_number="",
            effective_from=timezone.localdate(),
        )
    services.appointment_decide(
        actor=personas.admin,
        application=w.application,
        position=w.position,
        decree_number="821/001/BKD/2026",
        effective_from=timezone.localdate(),
    )
    sup = personas.supervisor
    sup.refresh_from_db()
    assert sup.position_id == w.position.pk
    assert sup.position_history.filter(decree_number="821/001/BKD/2026").exists()
    w.selection.refresh_from_db()
    assert w.selection.state == SelectionState.DECIDED
    assert [s.action for s in w.selection.steps.all()][-2:] == ["ranked", "decided"]


def test_ranking_refused_until_every_member_without_conflict_scored_every_stage(personas):
    w = build_selection_world(personas, scoring=True)
    first, *others = w.panel_users
    # Every panel stage scored by one member only: the mean exists, but the panel has not judged.
    for kind in ("written_test", "competency_assessment", "interview"):
        s = SelectionStage.objects.get(selection=w.selection, kind=kind)
        services.score_submit(actor=first, application=w.application, stage=s, value="80")
    with pytest.raises(ValidationError) as exc:
        services.ranking_propose(actor=personas.admin, selection=w.selection)
    message = str(exc.value)
    missing_member = PanelMember.objects.get(selection=w.selection, user=others[0])
    assert missing_member.name in message
    assert "Wawancara" in message
    assert not w.selection.ranking.exists()
    # A member with a declared conflict is not waited for.
    services.conflict_declare(actor=others[0], application=w.application, reason="Saudara kandung")
    for user in others[1:]:
        for kind in ("written_test", "competency_assessment", "interview"):
            s = SelectionStage.objects.get(selection=w.selection, kind=kind)
            services.score_submit(actor=user, application=w.application, stage=s, value="80")
    entries = services.ranking_propose(actor=personas.admin, selection=w.selection)
    assert [e.rank for e in entries] == [1]


def test_written_test_taken_as_an_abdi_quiz_scores_the_stage(personas):
    """The written test linked to an e-learning quiz taken once: the stage score is the
    applicant's first quiz attempt started after registration closed; the panel does not
    score it."""
    from django.utils import timezone as tz

    from abdi.careers.testing_selection import DOCUMENTS, vacant_jpt_post
    from abdi.learning.models import Enrolment, QuizAttempt
    from abdi.learning.testing import build_learning_world

    lw = build_learning_world(personas)
    today = tz.localdate()
    s = services.selection_create(
        actor=personas.admin,
        title="Seleksi Terbuka dengan ujian tertulis daring",
        kind="open_jpt",
        positions=[vacant_jpt_post(personas)],
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=10),
        announcement="Dibuka seleksi terbuka.",
        objection_days=3,
        required_documents=DOCUMENTS,
    )
    weights = {
        "administrative": 0,
        "written_test": 20,
        "competency_assessment": 25,
        "interview": 35,
        "track_record": 20,
    }
    with pytest.raises(ValidationError):  # a quiz without a written test stage
        services.stages_set(
            actor=personas.admin,
            selection=s,
            weights={**weights, "written_test": None, "interview": 55},
            quiz=lw.quiz,
        )
    # A quiz that may be retaken is refused: a retake could push the score up.
    lw.quiz.max_attempts = 3
    lw.quiz.save()
    with pytest.raises(ValidationError) as error:
        services.stages_set(actor=personas.admin, selection=s, weights=weights, quiz=lw.quiz)
    assert "satu kali" in error.value.message_dict["quiz"][0]
    lw.quiz.max_attempts = 1
    lw.quiz.save()
    # A written test taken as a quiz opens and closes on its window: it must have one.
    with pytest.raises(ValidationError) as error:
        services.stages_set(actor=personas.admin, selection=s, weights=weights, quiz=lw.quiz)
    assert "kuis Abdi" in error.value.message_dict["stages"][0]
    after_closing = services.registration_ends_at(s)
    window = {"written_test": (after_closing, after_closing + dt.timedelta(days=2))}
    services.stages_set(
        actor=personas.admin, selection=s, weights=weights, quiz=lw.quiz, windows=window
    )
    s = services.selection_announce(actor=personas.admin, selection=s)
    written = SelectionStage.objects.get(selection=s, kind="written_test")
    assert written.quiz == lw.quiz and not written.is_panel_scored
    _users, inputs = panel_inputs(personas)
    members = services.panel_set(actor=personas.admin, selection=s, members=inputs)
    good_predikats(personas.supervisor)
    app = services.application_submit(
        actor=personas.supervisor.user, selection=s, documents=documents()
    )
    enrolment = Enrolment.objects.create(course=lw.course, employee=personas.supervisor)
    now = tz.now()
    # Practice before the closing date does not count.
    QuizAttempt.objects.create(
        enrolment=enrolment, quiz=lw.quiz, number=1, started_at=now, submitted_at=now, score=99
    )
    close_registration(s)
    QuizAttempt.objects.filter(enrolment=enrolment).update(started_at=now - dt.timedelta(days=30))
    # Time has passed: the test is held from today 00:00 (registration closed yesterday).
    services.stage_schedule_set(
        actor=personas.admin,
        selection=s,
        windows={"written_test": (services.registration_ends_at(s), now + dt.timedelta(hours=3))},
    )
    services.selection_close(actor=personas.admin, selection=s)
    services.administrative_result(actor=personas.admin, application=app, passed=True)
    services.selection_start_scoring(actor=personas.admin, selection=s)
    # The first attempt after the closing date is the test (70); a retake granted later (85)
    # does not replace it.
    for number, score in ((2, 70), (3, 85)):
        QuizAttempt.objects.create(
            enrolment=enrolment,
            quiz=lw.quiz,
            number=number,
            started_at=now + dt.timedelta(minutes=number),
            submitted_at=now + dt.timedelta(minutes=number + 1),
            score=score,
        )
    with pytest.raises(ValidationError):  # the panel does not score a quiz stage
        services.score_submit(actor=members[0].user, application=app, stage=written, value="60")
    for stage in SelectionStage.objects.filter(
        selection=s, kind__in=["competency_assessment", "interview"]
    ):
        for member in members:
            services.score_submit(actor=member.user, application=app, stage=stage, value="80")
    from abdi.careers.selectors.selection import stage_scores

    assert stage_scores(s)[app.pk]["written_test"] == Decimal("70.00")
    entries = services.ranking_propose(actor=personas.admin, selection=s)
    assert entries[0].stage_scores["written_test"] == "70.00"
