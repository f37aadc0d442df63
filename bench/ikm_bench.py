"""IKM result speed: a survey with N responses (bulk_create), then time the result computation
(one SQL aggregate for NRR/IKM, plus the profile breakdown and the trend as the result page
does). Called by bench/run.py as `run(n) -> dict`; standalone:
`DATABASE_URL=... python bench/ikm_bench.py 100000`.

Needs a migrated database (the IKM elements and grades come from a data migration). Everything
runs in one transaction that is rolled back at the end, so the database is left as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path


def _setup_django() -> None:
    import django
    from django.apps import apps

    if not apps.ready:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        django.setup()


class _Rollback(Exception):
    pass


def _fixtures():
    from abdi.accounts.models import User
    from abdi.feedback.models import PublicService, SatisfactionSurvey
    from abdi.org.models import Agency, OrgUnit

    user = User.objects.create_user(username=f"ikm-bench-{time.time_ns()}")
    unit = OrgUnit.objects.filter(is_active=True).first()
    if unit is None:
        agency = Agency.objects.first() or Agency.objects.create(code="BENCH", name="Bench")
        unit = OrgUnit.objects.add_root(
            {"agency": agency, "code": f"BENCH-{time.time_ns()}", "name": "Bench", "kind": "opd"}
        )
    service = PublicService.objects.create(org_unit=unit, name=f"IKM bench {time.time_ns()}")
    survey = SatisfactionSurvey.objects.create(
        service=service,
        code=f"bench{time.time_ns() % 10**12}",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        population=250_000,
        created_by=user,
    )
    return user, survey


def run(n: int = 100_000, *, seed: int = 14) -> dict:
    _setup_django()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from abdi.feedback.models import SurveyResponse
    from abdi.feedback.selectors import surveys as sel

    rnd = random.Random(seed)
    out: dict = {"responses": n, "database": connection.vendor}
    try:
        with transaction.atomic():
            user, survey = _fixtures()
            start = time.perf_counter()
            batch = []
            sexes, bands = ("m", "f", ""), ("20_29", "30_39", "40_49", "50_59", "")
            for i in range(n):
                answers = {f"u{k}": rnd.choice((2, 3, 3, 3, 4, 4)) for k in range(1, 10)}
                if i % 50 == 0:
                    answers["u9"] = None  # paper forms with a blank element
                batch.append(
                    SurveyResponse(
                        survey=survey,
                        channel="paper",
                        sex=rnd.choice(sexes),
                        age_band=rnd.choice(bands),
                        entered_by=user,
                        **answers,
                    )
                )
                if len(batch) == 5000:
                    SurveyResponse.objects.bulk_create(batch)
                    batch = []
            SurveyResponse.objects.bulk_create(batch)
            out["insert_s"] = round(time.perf_counter() - start, 3)

            timings = []
            for _i in range(3):
                start = time.perf_counter()
                with CaptureQueriesContext(connection) as ctx:
                    result = sel.survey_result(survey)
                timings.append(time.perf_counter() - start)
            out["result_s_best"] = round(min(timings), 4)
            out["result_s_runs"] = [round(t, 4) for t in timings]
            out["result_queries"] = len(ctx.captured_queries)
            out["respondents"] = result.respondents
            out["ikm_100"] = str(result.ikm_100)
            out["mutu"] = result.grade.grade if result.grade else None

            start = time.perf_counter()
            sel.profile_breakdown(survey, result.respondents)
            out["profile_s"] = round(time.perf_counter() - start, 4)
            start = time.perf_counter()
            sel.survey_trend(survey, user=_superuser(user))
            out["trend_s"] = round(time.perf_counter() - start, 4)
            raise _Rollback
    except _Rollback:
        pass
    return out


def _superuser(user):
    user.is_superuser = True
    return user


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000))
