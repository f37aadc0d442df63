#!/usr/bin/env python
"""Profiles the two hottest writes of the season in-process (cProfile, Django's test Client,
the real middleware stack, DEBUG off) on the season database: the public complaint (API) and an
SKP realisation post with an evidence file. Prints the queries per request and the top functions
by own time and by cumulative time; writes var/season/profile-<kind>.prof.

    DATABASE_URL=postgres://…/abdi_season .venv/bin/python bench/season_profile.py var/season/plan-one_server.json 300

The plan is the one `season_load.py prepare` wrote (it names the users and their SKPs).
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "season-bench-key-" + "x7Jq9" * 10)

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from abdi.accounts.models import User  # noqa: E402

EVIDENCE = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def complaint(client: Client, plan: dict, i: int):
    body = {
        "kind": "complaint",
        "title": f"Profil {i}",
        "description": "Antrian layanan terlalu lama; mohon ditindaklanjuti. " * 3,
        "org_unit": plan["units"][i % len(plan["units"])],
        "is_anonymous": True,
    }
    r = client.post(
        "/api/v1/public/complaints/",
        json.dumps(body),
        content_type="application/json",
        REMOTE_ADDR=f"10.9.{(i >> 8) & 255}.{i & 255}",
    )
    assert r.status_code == 201, (r.status_code, r.content[:300])


def realisation_factory(plan: dict):
    people = plan["employees"]
    clients = []
    for person in people[:50]:
        c = Client()
        c.force_login(User.objects.get(username=person["username"]))
        clients.append((c, person))

    def realisation(_client: Client, _plan: dict, i: int):
        c, person = clients[i % len(clients)]
        data = {}
        for ind in person["indicators"]:
            data[f"ind-{ind}-value"] = f"{(ind + i) % 97 + 1}.00"
            data[f"ind-{ind}-self_assessment"] = f"Profil {i}"
        first = person["indicators"][0]
        data[f"ind-{first}-evidence"] = SimpleUploadedFile(
            f"bukti-{i}.pdf", EVIDENCE, content_type="application/pdf"
        )
        r = c.post(f"/performance/skp/{person['skp']}/realisations/{plan['period']}/", data)
        assert r.status_code == 302, (r.status_code, r.content[:500])

    return realisation


def skp_page_factory(plan: dict):
    """An employee opens their own SKP (the read that comes with every realisation post)."""
    people = plan["employees"]
    clients = []
    for person in people[:50]:
        c = Client()
        c.force_login(User.objects.get(username=person["username"]))
        clients.append((c, person))

    def skp_page(_client: Client, _plan: dict, i: int):
        c, person = clients[i % len(clients)]
        r = c.get(f"/performance/skp/{person['skp']}/")
        assert r.status_code == 200, (r.status_code, r.content[:500])

    return skp_page


def profile(kind: str, fn, plan: dict, n: int) -> dict:
    client = Client()
    for i in range(5):  # warm-up
        fn(client, plan, 100000 + i)
    with CaptureQueriesContext(connection) as ctx:
        fn(client, plan, 200000)
    queries = [q["sql"][:160] for q in ctx.captured_queries]
    cpu0, t_plain = time.process_time(), time.perf_counter()
    for i in range(n):  # unprofiled: the CPU time of this process per request
        fn(client, plan, 300000 + i)
    cpu_ms = (time.process_time() - cpu0) / n * 1000
    wall_ms = (time.perf_counter() - t_plain) / n * 1000
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    for i in range(n):
        fn(client, plan, i)
    prof.disable()
    wall = (time.perf_counter() - t0) / n * 1000
    out = ROOT / "var" / "season" / f"profile-{kind}.prof"
    out.parent.mkdir(parents=True, exist_ok=True)
    prof.dump_stats(str(out))
    for order in ("tottime", "cumulative"):
        s = io.StringIO()
        pstats.Stats(prof, stream=s).sort_stats(order).print_stats(28)
        print(f"===== {kind} by {order}\n{s.getvalue()}")
    print(f"===== {kind}: {len(queries)} queries per request")
    for q in queries:
        print("   ", q)
    return {
        "app_cpu_ms_per_request": round(cpu_ms, 2),
        "wall_ms_per_request": round(wall_ms, 1),
        "wall_ms_per_request_profiled": round(wall, 1),
        "queries": len(queries),
    }


def main() -> None:
    plan = json.loads(Path(sys.argv[1]).read_text())
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    kinds = (
        sys.argv[3].split(",") if len(sys.argv) > 3 else ["complaint", "realisation", "skp_page"]
    )
    result = {}
    if "complaint" in kinds:
        result["complaint"] = profile("complaint", complaint, plan, n)
    if "realisation" in kinds:
        result["realisation"] = profile("realisation", realisation_factory(plan), plan, n)
    if "skp_page" in kinds:
        result["skp_page"] = profile("skp_page", skp_page_factory(plan), plan, n)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
