"""Survey services and selectors: creation, online responses (closed, bad answers, one per
device per day), paper entry, XLSX import (all-or-nothing with row errors), the result in SQL
aggregates, the trend and the per-unit IKM for the scorecard."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook

from abdi.core.services import today
from abdi.feedback.models import SurveyResponse
from abdi.feedback.selectors import surveys as sel
from abdi.feedback.services import surveys as svc
from abdi.feedback.testing import assign_role, build_feedback_personas
from abdi.testing import make_user

ALL_3 = {f"U{i}": 3 for i in range(1, 10)}


@pytest.fixture
def fp(personas):
    return build_feedback_personas(personas)


def make_survey(fp, *, service=None, actor=None, start=dt.date(2026, 1, 1), population=100):
    return svc.survey_create(
        actor=actor or fp.service_admin,
        service=service or fp.service,
        period_start=start,
        period_end=start.replace(month=6, day=30),
        population=population,
    )


def answer(survey, answers=None, token="device-token-000001", day=dt.date(2026, 2, 2), **profile):
    return svc.survey_response_submit(
        survey=survey,
        data=svc.ResponseInput(answers=dict(answers or ALL_3), **profile),
        device_token=token,
        today=day,
    )


def xlsx(rows, header=svc.IMPORT_COLUMNS) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    buffer = BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "kuesioner.xlsx"
    return buffer


# --- creation ---------------------------------------------------------------------------------


def test_create_survey_with_default_questions_and_unguessable_code(fp):
    survey = make_survey(fp)
    assert set(survey.questions) == {f"U{i}" for i in range(1, 10)}
    assert survey.questions["U3"].startswith("Bagaimana pendapat Saudara tentang kecepatan")
    assert len(survey.code) == 10 and survey.code.isalnum()
    assert survey.is_open
    other = make_survey(fp)
    assert other.code != survey.code


def test_create_survey_with_edited_wording(fp):
    survey = svc.survey_create(
        actor=fp.service_admin,
        service=fp.service,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        questions={"U1": "Apakah syarat berobat mudah dipenuhi?"},
    )
    assert survey.questions["U1"] == "Apakah syarat berobat mudah dipenuhi?"
    assert survey.questions["U2"]  # the others keep the default wording


def test_create_survey_refusals(fp, personas):
    with pytest.raises(PermissionDenied):  # unit B's service, unit A's admin
        make_survey(fp, service=fp.service_b)
    with pytest.raises(PermissionDenied):
        make_survey(fp, actor=personas.leader)
    with pytest.raises(ValidationError) as exc:
        svc.survey_create(
            actor=fp.service_admin,
            service=fp.service,
            period_start=dt.date(2026, 6, 1),
            period_end=dt.date(2026, 1, 1),
            population=0,
        )
    assert set(exc.value.message_dict) == {"period_end", "population"}
    # BKPSDM admin: any unit.
    assert make_survey(fp, service=fp.service_b, actor=personas.admin).pk


def test_open_and_close(fp, personas):
    survey = make_survey(fp)
    svc.survey_set_open(survey=survey, actor=fp.service_admin, is_open=False)
    survey.refresh_from_db()
    assert not survey.is_open
    with pytest.raises(PermissionDenied):
        svc.survey_set_open(survey=survey, actor=personas.leader, is_open=True)


# --- online responses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        (dict(ALL_3, U4=5), "U4"),
        (dict(ALL_3, U1=0), "U1"),
        ({k: v for k, v in ALL_3.items() if k != "U9"}, "U9"),
        (dict(ALL_3, U2="tiga"), "U2"),
        (dict(ALL_3, U10=3), "U10"),
    ],
)
def test_online_answer_outside_1_4_or_missing_is_refused(fp, answers, field):
    survey = make_survey(fp)
    with pytest.raises(ValidationError) as exc:
        answer(survey, answers)
    assert field in exc.value.message_dict
    assert not SurveyResponse.objects.exists()


def test_online_profile_choice_checked(fp):
    survey = make_survey(fp)
    with pytest.raises(ValidationError) as exc:
        answer(survey, sex="x")
    assert "sex" in exc.value.message_dict
    assert not SurveyResponse.objects.exists()


def test_closed_survey_refuses(fp):
    survey = make_survey(fp)
    svc.survey_set_open(survey=survey, actor=fp.service_admin, is_open=False)
    with pytest.raises(svc.SurveyClosed):
        answer(survey)
    assert not SurveyResponse.objects.exists()


def test_one_response_per_device_per_day(fp):
    survey = make_survey(fp)
    first = answer(survey, age_band="30_39", sex="f", education="s1", occupation="private")
    assert first.u1 == 3 and first.channel == "online" and first.sex == "f"
    assert len(first.device_day_hash) == 64
    assert "device-token" not in first.device_day_hash  # only a hash is kept
    with pytest.raises(svc.AlreadyAnswered):
        answer(survey)
    assert SurveyResponse.objects.count() == 1
    answer(survey, day=dt.date(2026, 2, 3))  # the next day
    answer(survey, token="another-device-00002")  # another device the same day
    assert SurveyResponse.objects.count() == 3
    # The same device may answer another survey the same day.
    answer(make_survey(fp))
    assert SurveyResponse.objects.count() == 4


def test_the_agency_day_is_used(fp, settings):
    import zoneinfo

    from django.utils import timezone

    # 23:30 UTC is already the next day in Jakarta (UTC+7).
    moment = dt.datetime(2026, 3, 1, 23, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(timezone, "now", lambda: moment)
        assert today() == dt.date(2026, 3, 2)


# --- paper -------------------------------------------------------------------------------------


def test_paper_entry_not_limited_per_device_and_allows_blank_elements(fp):
    survey = make_survey(fp)
    rows = [svc.ResponseInput(answers=ALL_3) for _i in range(3)]
    rows.append(svc.ResponseInput(answers={"U1": 4, "U2": None}))
    created = svc.paper_responses_enter(survey=survey, rows=rows, actor=fp.service_admin)
    assert len(created) == 4
    saved = SurveyResponse.objects.filter(channel="paper")
    assert saved.count() == 4
    assert {r.entered_by_id for r in saved} == {fp.service_admin.pk}
    assert saved.filter(u2__isnull=True).count() == 1
    assert all(r.device_day_hash is None for r in saved)


def test_paper_entry_all_or_nothing(fp):
    survey = make_survey(fp)
    rows = [svc.ResponseInput(answers=ALL_3), svc.ResponseInput(answers=dict(ALL_3, U5=7))]
    with pytest.raises(ValidationError) as exc:
        svc.paper_responses_enter(survey=survey, rows=rows, actor=fp.service_admin)
    assert "Kuesioner 2, U5" in exc.value.message_dict["responses"][0]
    assert not SurveyResponse.objects.exists()
    with pytest.raises(ValidationError):  # nothing answered at all
        svc.paper_responses_enter(
            survey=survey, rows=[svc.ResponseInput(answers={})], actor=fp.service_admin
        )


def test_paper_entry_needs_a_manager(fp, personas):
    survey = make_survey(fp)
    with pytest.raises(PermissionDenied):
        svc.paper_responses_enter(
            survey=survey, rows=[svc.ResponseInput(answers=ALL_3)], actor=personas.leader
        )


def test_paper_entry_allowed_after_closing(fp):
    survey = make_survey(fp)
    svc.survey_set_open(survey=survey, actor=fp.service_admin, is_open=False)
    svc.paper_responses_enter(
        survey=survey, rows=[svc.ResponseInput(answers=ALL_3)], actor=fp.service_admin
    )
    assert survey.responses.count() == 1


# --- XLSX import -------------------------------------------------------------------------------


def test_xlsx_dry_run_then_import(fp):
    survey = make_survey(fp)
    rows = [
        [4, 4, 3, 4, 3, 3, 4, 3, 3, 34, "P", "SMA", "Wiraswasta", "Antrian rapi"],
        [3, 3, 3, 3, 3, 3, 3, 3, None, "20_29", "L", "s1", "pegawai swasta", None],
        [None] * 14,  # an empty row is skipped
    ]
    outcome = svc.paper_import(survey=survey, actor=fp.service_admin, file=xlsx(rows), dry_run=True)
    assert outcome.ok and len(outcome.rows) == 2 and not outcome.errors
    assert not SurveyResponse.objects.exists()  # a dry run writes nothing
    first = outcome.rows[0]
    assert (first.age_band, first.sex, first.education, first.occupation) == (
        "30_39",
        "f",
        "sma",
        "entrepreneur",
    )
    outcome = svc.paper_import(
        survey=survey, actor=fp.service_admin, file=xlsx(rows), dry_run=False
    )
    assert outcome.created == 2
    assert SurveyResponse.objects.filter(channel="paper").count() == 2
    assert SurveyResponse.objects.filter(u9__isnull=True).count() == 1


def test_xlsx_row_errors_save_nothing(fp):
    survey = make_survey(fp)
    rows = [
        [4] * 9 + [30, "L", "S1", "Lainnya", ""],
        [5] + [3] * 8 + [30, "L", "S1", "Lainnya", ""],  # U1 out of range
        [3] * 9 + [30, "X", "S1", "Lainnya", ""],  # unknown sex
        [None] * 9 + [30, "L", "", "", "tanpa jawaban"],  # nothing answered
    ]
    outcome = svc.paper_import(
        survey=survey, actor=fp.service_admin, file=xlsx(rows), dry_run=False
    )
    assert [e.row for e in outcome.errors] == [3, 4, 5]
    assert "U1" in outcome.errors[0].messages[0]
    assert "JK" in outcome.errors[1].messages[0]
    assert outcome.created == 0
    assert not SurveyResponse.objects.exists()


def test_xlsx_bad_files(fp):
    survey = make_survey(fp)
    with pytest.raises(ValidationError) as exc:
        svc.paper_import(
            survey=survey,
            actor=fp.service_admin,
            file=BytesIO(b"U1,U2\n1,2\n"),
            dry_run=True,
        )
    assert "XLSX" in exc.value.message_dict["file"][0]
    with pytest.raises(ValidationError) as exc:
        svc.paper_import(
            survey=survey, actor=fp.service_admin, file=xlsx([[1, 2]], ("U1", "U2")), dry_run=True
        )
    assert "U3" in exc.value.message_dict["file"][0]


def test_template_round_trips(fp):
    survey = make_survey(fp)
    outcome = svc.paper_import(
        survey=survey,
        actor=fp.service_admin,
        file=BytesIO(svc.paper_import_template()),
        dry_run=True,
    )
    assert outcome.ok and len(outcome.rows) == 1


# --- result -------------------------------------------------------------------------------------


def test_result_hand_computed(fp, django_assert_max_num_queries):
    survey = make_survey(fp, population=100)
    answer(survey, dict(ALL_3, U1=4), token="aaaaaaaaaaaaaaaa1")
    answer(survey, ALL_3, token="aaaaaaaaaaaaaaaa2")
    svc.paper_responses_enter(
        survey=survey, rows=[svc.ResponseInput(answers=ALL_3)], actor=fp.service_admin
    )
    with django_assert_max_num_queries(3):
        result = sel.survey_result(survey)
    assert result.respondents == 3 and result.online == 2 and result.paper == 1
    assert result.elements[0].nrr_display == Decimal("3.333")
    assert result.ikm_display == Decimal("3.037")
    assert result.ikm_100 == Decimal("75.93")
    assert (result.grade.grade, result.grade.performance_label) == ("C", "Kurang Baik")
    assert result.sample_required == 80 and result.sample_sufficient is False
    assert [e.code for e in result.priorities] == ["U2", "U3", "U4"]


def test_result_of_an_empty_survey(fp):
    result = sel.survey_result(make_survey(fp, population=None))
    assert result.respondents == 0 and result.ikm is None and result.grade is None
    assert result.sample_required is None and result.sample_sufficient is None


def test_profile_breakdown(fp):
    survey = make_survey(fp)
    answer(survey, token="bbbbbbbbbbbbbbbb1", sex="f", age_band="20_29")
    answer(survey, token="bbbbbbbbbbbbbbbb2", sex="f")
    answer(survey, token="bbbbbbbbbbbbbbbb3")
    profile = sel.profile_breakdown(survey, 3)
    sex = {r.label: (r.count, r.percent) for r in profile["sex"]}
    assert sex["Perempuan"] == (2, Decimal("66.7"))
    assert sex["Tidak diisi"] == (1, Decimal("33.3"))


def test_trend_and_ikm_by_unit(fp, personas, django_assert_max_num_queries):
    old = make_survey(fp, start=dt.date(2025, 1, 1))
    new = make_survey(fp, start=dt.date(2026, 1, 1))
    answer(old, dict.fromkeys(ALL_3, 2), token="cccccccccccccccc1")
    answer(new, dict.fromkeys(ALL_3, 4), token="cccccccccccccccc1")
    trend = sel.survey_trend(new, user=fp.service_admin)
    assert [(p.period_start.year, p.ikm_100) for p in trend] == [
        (2025, Decimal("50.00")),
        (2026, Decimal("100.00")),
    ]
    # Unit B's survey is not visible to unit A's admin, and has no bearing here.
    other = make_survey(fp, service=fp.service_b, actor=personas.admin)
    answer(other, ALL_3, token="cccccccccccccccc1")
    with django_assert_max_num_queries(4):
        by_unit = sel.ikm_by_unit(user=personas.leader, units=[personas.unit_a, personas.unit_b])
    unit_a = by_unit[personas.unit_a.pk]  # the puskesmas's service is in unit A's subtree
    assert unit_a.latest.ikm_100 == Decimal("100.00") and unit_a.latest.grade == "A"
    assert [p.ikm_100 for p in unit_a.trend] == [Decimal("50.00"), Decimal("100.00")]
    assert by_unit[personas.unit_b.pk].latest.ikm_100 == Decimal("75.00")
    direct = sel.ikm_by_unit(user=fp.service_admin, periods=1)
    assert set(direct) == {fp.puskesmas.pk}  # the admin of unit A sees only unit A's surveys
    assert len(direct[fp.puskesmas.pk].trend) == 1


def test_survey_scoping(fp, personas):
    mine = make_survey(fp)
    theirs = make_survey(fp, service=fp.service_b, actor=personas.admin)
    admin_b = make_user("admin_layanan_disdik")
    assign_role(admin_b, "service_admin", personas.unit_b)
    assert set(sel.survey_list(user=fp.service_admin)) == {mine}
    assert set(sel.survey_list(user=admin_b)) == {theirs}
    assert set(sel.survey_list(user=personas.leader)) == {mine, theirs}
    assert set(sel.survey_list(user=personas.employee.user)) == set()
