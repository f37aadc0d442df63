"""Satisfaction surveys over four quarters with online and paper responses."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from abdi.accounts.models import User
from abdi.core.calendar import JAKARTA
from abdi.demo.builders.bulk import bulk_create
from abdi.demo.builders.feedback.common import (
    PUSKESMAS_LIAISON_SCOPE,
    Clock,
    FeedbackStats,
    random_code,
)
from abdi.demo.builders.feedback.texts import (
    SUGGESTIONS,
)
from abdi.feedback.choices import (
    AgeBand,
    RespondentEducation,
    RespondentOccupation,
    RespondentSex,
    ResponseChannel,
)
from abdi.feedback.models import (
    PublicService,
    SatisfactionSurvey,
    SurveyResponse,
)
from abdi.feedback.rules import surveys as rules
from abdi.feedback.services.surveys import (
    CODE_ALPHABET as SURVEY_CODE_ALPHABET,
)
from abdi.feedback.services.surveys import (
    CODE_LENGTH as SURVEY_CODE_LENGTH,
)
from abdi.feedback.services.surveys import (
    ResponseInput,
    device_day_hash,
    paper_responses_enter,
    survey_create,
)
from abdi.org.models import OrgUnit

# --- surveys ------------------------------------------------------------------------------------

# How each element tends to be answered, relative to the service's level (the Permen's order:
# U1 requirements, U2 procedure, U3 completion time, U4 cost, U5 product, U6 competence,
# U7 conduct, U8 facilities, U9 complaint handling): cost (mostly free) scores well; completion
# time and facilities are the usual weak spots.
ELEMENT_BIAS = {"U1": 0.1, "U2": 0.05, "U3": -0.3, "U4": 0.3, "U5": 0.1, "U6": 0.1,
                "U7": 0.15, "U8": -0.25, "U9": -0.1}  # fmt: skip
PROFILE_WEIGHTS: dict[str, tuple[list[str], list[int]]] = {
    "age_band": ([AgeBand.UNDER_20, AgeBand.AGE_20_29, AgeBand.AGE_30_39, AgeBand.AGE_40_49,
                  AgeBand.AGE_50_59, AgeBand.AGE_60_PLUS], [4, 22, 28, 22, 15, 9]),
    "sex": ([RespondentSex.MALE, RespondentSex.FEMALE], [45, 55]),
    "education": ([RespondentEducation.SD, RespondentEducation.SMP, RespondentEducation.SMA,
                   RespondentEducation.DIPLOMA, RespondentEducation.S1,
                   RespondentEducation.S2_PLUS], [10, 15, 40, 10, 21, 4]),
    "occupation": ([RespondentOccupation.CIVIL_SERVANT, RespondentOccupation.PRIVATE,
                    RespondentOccupation.ENTREPRENEUR, RespondentOccupation.STUDENT,
                    RespondentOccupation.OTHER], [12, 25, 28, 10, 25]),
}  # fmt: skip


def quarters(today: dt.date, count: int = 4) -> list[tuple[dt.date, dt.date]]:
    """The last `count` calendar quarters up to and including today's, oldest first."""
    year, q = today.year, (today.month - 1) // 3
    out = []
    for _i in range(count):
        start = dt.date(year, q * 3 + 1, 1)
        end_month = q * 3 + 3
        end = dt.date(year + end_month // 12, end_month % 12 + 1, 1) - dt.timedelta(days=1)
        out.append((start, end))
        q -= 1
        if q < 0:
            q, year = 3, year - 1
    return out[::-1]


def _answer(rng: random.Random, level: float) -> int:
    return max(1, min(4, round(rng.gauss(level, 0.55))))


def _profile(rng: random.Random) -> dict[str, str]:
    return {
        name: rng.choices(values, weights=weights)[0]
        for name, (values, weights) in PROFILE_WEIGHTS.items()
    }


def surveyed_services(catalogue, units) -> list[PublicService]:
    """A handful of services with surveys: two of the liaison's puskesmas, the RSUD, a school,
    the Samsat counter and a permit service of Dinas Kesehatan."""
    wanted: list[PublicService] = []
    by_kind: dict[str, list[tuple[OrgUnit, list[PublicService]]]] = defaultdict(list)
    for unit_id, (kind, services) in sorted(catalogue.items(), key=lambda kv: units[kv[0]].path):
        by_kind[kind].append((units[unit_id], services))
    home = next((s for u, s in by_kind["puskesmas"] if u.code == PUSKESMAS_LIAISON_SCOPE), None)
    if home:
        wanted += home[:2]
    wanted += [s[0] for _u, s in by_kind["hospital"][:1]]
    wanted += [s[1] for _u, s in by_kind["school"][:1]]
    wanted += [s[0] for _u, s in by_kind["samsat"][:1]]
    wanted += [s for u, ss in by_kind["office"] if u.code == "DINKES" for s in ss[:1]]
    return wanted


def build_surveys(
    *,
    rng: random.Random,
    clock: Clock,
    services: list[PublicService],
    unit_admin: User,
    unit_admin_path: str,
    bkpsdm_admin: User,
    stats: FeedbackStats,
) -> list[SatisfactionSurvey]:
    periods = quarters(clock.today)
    surveys: list[SatisfactionSurvey] = []
    online: list[SurveyResponse] = []
    paper_timestamps: list[tuple[int, dt.datetime]] = []
    for service in services:
        in_scope = service.org_unit.path.startswith(unit_admin_path)
        actor = unit_admin if in_scope else bkpsdm_admin
        level = rng.uniform(2.85, 3.45)  # this service's starting level on the 1–4 scale
        drift = rng.choice([0.06, 0.1, -0.05, 0.03])  # better or worse from quarter to quarter
        for index, (start, end) in enumerate(periods):
            current = index == len(periods) - 1
            population = rng.randrange(150, 700, 10)
            survey = survey_create(
                actor=actor,
                service=service,
                period_start=start,
                period_end=end,
                population=population,
                title=f"SKM {service.name} triwulan {(start.month - 1) // 3 + 1} {start.year}",
            )
            survey.code = random_code(rng, SURVEY_CODE_ALPHABET, SURVEY_CODE_LENGTH)
            survey.is_open = current
            surveys.append(survey)
            required = rules.sample_size(population)
            if current:
                elapsed = max(1, (min(clock.today, end) - start).days + 1)
                share = elapsed / ((end - start).days + 1)
                count = max(12, round(required * share * rng.uniform(0.5, 0.9)))
            else:
                count = round(required * rng.uniform(0.55, 1.15))
            period_level = level + drift * index
            last_day = min(end, clock.today)
            n_paper = round(count * rng.uniform(0.25, 0.5))
            rows: list[ResponseInput] = []
            for i in range(count):
                answers: dict[str, int | None] = {
                    code: _answer(rng, period_level + bias) for code, bias in ELEMENT_BIAS.items()
                }
                profile = _profile(rng)
                suggestion = rng.choice(SUGGESTIONS) if rng.random() < 0.15 else ""
                if i < n_paper:
                    if rng.random() < 0.05:  # a respondent skipped one element on paper
                        answers[rng.choice(rules.ELEMENT_CODES)] = None
                    rows.append(ResponseInput(answers=answers, suggestion=suggestion, **profile))
                    continue
                day = start + dt.timedelta(days=rng.randint(0, (last_day - start).days))
                online.append(
                    SurveyResponse(
                        survey=survey,
                        channel=ResponseChannel.ONLINE,
                        device_day_hash=device_day_hash(survey.pk, f"demo-device-{i}", day),
                        suggestion=suggestion,
                        **{c.lower(): v for c, v in answers.items()},
                        **profile,
                    )
                )
            if rows:
                paper_responses_enter(survey=survey, rows=rows, actor=actor)
                stats.responses_paper += len(rows)
                paper_timestamps.append(
                    (survey.pk, dt.datetime.combine(last_day, dt.time(14, 0), tzinfo=JAKARTA))
                )
            stats.responses_online += count - len(rows)
    SatisfactionSurvey.objects.bulk_update(surveys, ["code", "is_open"])
    bulk_create(SurveyResponse, online, batch_size=2000)
    for survey_id, moment in paper_timestamps:  # paper forms are typed in at the period's end
        SurveyResponse.objects.filter(survey_id=survey_id, channel=ResponseChannel.PAPER).update(
            created_at=min(moment, clock.now)
        )
    stats.surveys = len(surveys)
    return surveys
