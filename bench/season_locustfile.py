"""Locust users of the evaluation season (run by bench/season_load.py, never on its own).

Runs in the bench virtualenv (.venv-bench: locust, no Django). It reads the plan written by
`season_load.py prepare` (SEASON_PLAN: who logs in, which SKP, which indicators, whom a supervisor
rates, the survey code) and appends every accepted write with the identifier the server answered
(tracking code, evaluation id, indicator + value) to SEASON_WRITES (JSON lines) when the test
stops, for the exactly-once check.

SEASON_HOSTS is a comma-separated list of base URLs: every request goes to the next one
(round-robin per user), so a session opened on one server is used on the other.

The public requests carry an X-Forwarded-For address of their own (the servers run with
ABDI_TRUSTED_PROXIES=1, as behind one reverse proxy): each simulated citizen is one address, so the
complaint throttle works at its real limit instead of being switched off.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import uuid

from locust import FastHttpUser, between, events, task

PLAN = json.loads(open(os.environ["SEASON_PLAN"]).read())  # noqa: SIM115 - read once at import
HOSTS = [h.rstrip("/") for h in os.environ["SEASON_HOSTS"].split(",")]
WRITES: list[dict] = []
REQUESTS: list[dict] = []
# Think time of every user is multiplied by this (SEASON_THINK, default 1).
THINK = float(os.environ.get("SEASON_THINK", "1"))
EMPLOYEES = itertools.count()
SUPERVISORS = itertools.count()
ADMINS = itertools.count()
CITIZENS = itertools.count(1)
CSRF_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
PASSWORD = PLAN["password"]
PERIOD = PLAN["period"]
# A small, valid PDF: the evidence file of each realisation.
EVIDENCE = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def multipart(
    fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]
) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = []
    for name, value in fields.items():
        out.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content, ctype) in files.items():
        out.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, start_time=None,
            **_kw):  # fmt: skip
    REQUESTS.append(
        {"t": start_time, "name": name, "ms": round(response_time, 2), "ok": exception is None}
    )


@events.test_stop.add_listener
def _dump(environment, **_kw):
    for var, rows in (("SEASON_WRITES", WRITES), ("SEASON_REQUESTS", REQUESTS)):
        path = os.environ.get(var)
        if path:
            with open(path, "w") as fh:
                for row in rows:
                    fh.write(json.dumps(row) + "\n")


class RoundRobin(FastHttpUser):
    abstract = True
    host = HOSTS[0]
    # Connections are closed by gunicorn's keep-alive timeout; a POST is never retried.
    max_retries = 0

    def on_start(self) -> None:
        self._next = random.randrange(len(HOSTS))
        self.csrf = ""

    def url(self, path: str) -> str:
        self._next = (self._next + 1) % len(HOSTS)
        return HOSTS[self._next] + path

    def form_headers(self, ctype: str = "application/x-www-form-urlencoded") -> dict:
        return {"Content-Type": ctype, "X-CSRFToken": self.csrf, "Referer": HOSTS[0] + "/"}

    def csrf_from_cookie(self) -> str:
        for cookie in self.client.cookiejar:
            if cookie.name == "csrftoken":
                return cookie.value
        return ""

    def login(self, username: str) -> bool:
        page = self.client.get(self.url("/accounts/login/"), name="login page")
        match = CSRF_RE.search(page.content or b"")
        self.csrf = match.group(1).decode() if match else self.csrf_from_cookie()
        body = f"csrfmiddlewaretoken={self.csrf}&username={username}&password={PASSWORD}"
        with self.client.post(
            self.url("/accounts/login/"),
            data=body,
            headers=self.form_headers(),
            name="login",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"login {r.status_code}")
                return False
        self.csrf = self.csrf_from_cookie() or self.csrf
        return True


class Employee(RoundRobin):
    """Logs in, opens their SKP, posts the quarter's realisation with an evidence file."""

    weight = 6
    wait_time = between(2 * THINK, 6 * THINK)

    def on_start(self) -> None:
        super().on_start()
        people = PLAN["employees"]
        self.me = people[next(EMPLOYEES) % len(people)]
        self.round = 0
        self.ok = self.login(self.me["username"])

    @task(1)
    def my_skp(self) -> None:
        self.client.get(self.url(f"/performance/skp/{self.me['skp']}/"), name="my skp")

    @task(3)
    def realisation(self) -> None:
        if not self.ok:
            return
        self.round += 1
        values = {
            str(ind): f"{(ind * 7 + self.round) % 97 + 1}.00" for ind in self.me["indicators"]
        }
        fields = {"csrfmiddlewaretoken": self.csrf}
        for ind, value in values.items():
            fields[f"ind-{ind}-value"] = value
            fields[f"ind-{ind}-self_assessment"] = f"Realisasi putaran {self.round}."
        first = self.me["indicators"][0]
        body, ctype = multipart(
            fields,
            {f"ind-{first}-evidence": (f"bukti-{self.round}.pdf", EVIDENCE, "application/pdf")},
        )
        path = f"/performance/skp/{self.me['skp']}/realisations/{PERIOD}/"
        with self.client.post(
            self.url(path),
            data=body,
            headers=self.form_headers(ctype),
            name="realisation",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            if r.status_code == 302 and "/realisations/" in (r.headers.get("Location") or ""):
                WRITES.append({"kind": "realisation", "skp": self.me["skp"], "values": values})
            else:
                r.failure(f"realisation {r.status_code}")


class Supervisor(RoundRobin):
    """Opens the team monitor (and its refresh) and rates the quarter of a team member."""

    weight = 2
    wait_time = between(2 * THINK, 6 * THINK)

    def on_start(self) -> None:
        super().on_start()
        people = PLAN["supervisors"]
        self.me = people[next(SUPERVISORS) % len(people)]
        # Two users never share a supervisor's queue: the rest of the plan is split by index.
        self.queue = list(self.me["skps"])
        self.ok = self.login(self.me["username"])

    @task(2)
    def team_monitor(self) -> None:
        self.client.get(self.url("/performance/monitor/"), name="team monitor")

    @task(1)
    def team_refresh(self) -> None:
        self.client.get(
            self.url("/performance/monitor/team/"),
            headers={"HX-Request": "true"},
            name="team monitor refresh",
        )

    @task(2)
    def rate(self) -> None:
        if not self.ok or not self.queue:
            return
        skp = self.queue.pop()
        body = (
            f"csrfmiddlewaretoken={self.csrf}&work_result_rating=meets"
            f"&behaviour_rating=meets&notes=Beban+uji"
        )
        with self.client.post(
            self.url(f"/performance/skp/{skp}/evaluate/{PERIOD}/"),
            data=body,
            headers=self.form_headers(),
            name="rate",
            allow_redirects=False,
            catch_response=True,
        ) as r:
            match = re.search(r"/performance/evaluations/(\d+)/", r.headers.get("Location") or "")
            if r.status_code == 302 and match:
                WRITES.append({"kind": "evaluation", "skp": skp, "pk": int(match.group(1))})
            else:
                r.failure(f"rate {r.status_code}")


class Bkpsdm(RoundRobin):
    """The unit monitor's refresh and a few agency dashboards."""

    weight = 1
    wait_time = between(3 * THINK, 8 * THINK)

    def on_start(self) -> None:
        super().on_start()
        people = PLAN["admins"]
        self.ok = self.login(people[next(ADMINS) % len(people)])

    @task(3)
    def unit_monitor(self) -> None:
        self.client.get(self.url("/performance/monitor/units/"), name="unit monitor")

    @task(1)
    def insights(self) -> None:
        self.client.get(self.url("/insights/"), name="dashboard insights")

    @task(1)
    def performance_home(self) -> None:
        self.client.get(self.url("/performance/"), name="dashboard performance")

    @task(1)
    def complaints_inbox(self) -> None:
        self.client.get(self.url("/complaints/"), name="dashboard complaints")


class Citizen(RoundRobin):
    """A member of the public: a complaint through the API, or a survey answer."""

    weight = 3
    wait_time = between(1 * THINK, 3 * THINK)

    def on_start(self) -> None:
        super().on_start()
        self.sent = 0

    def headers(self) -> dict:
        # Each request is a citizen of their own, with an address from 10.0.0.0/8 (never a real
        # client): the per-address limits (10 complaints an hour) apply as they would.
        n = next(CITIZENS)
        self.address = f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"
        return {"Content-Type": "application/json", "X-Forwarded-For": self.address}

    @task(2)
    def complaint(self) -> None:
        self.sent += 1
        headers = self.headers()
        body = {
            "kind": random.choice(["complaint", "aspiration", "information"]),
            "title": f"Uji beban {self.address} #{self.sent}",
            "description": "Antrian layanan terlalu lama; mohon ditindaklanjuti. " * 3,
            "org_unit": random.choice(PLAN["units"]),
            "is_anonymous": True,
        }
        with self.client.post(
            self.url("/api/v1/public/complaints/"),
            data=json.dumps(body),
            headers=headers,
            name="complaint",
            catch_response=True,
        ) as r:
            code = ""
            if r.status_code == 201:
                try:
                    code = r.json().get("tracking_code", "")
                except ValueError:
                    code = ""
            if code:
                WRITES.append({"kind": "complaint", "code": code})
            else:
                r.failure(f"complaint {r.status_code}")

    @task(1)
    def survey(self) -> None:
        # A new respondent: no device cookie from an earlier answer (one answer per device a day).
        self.client.cookiejar.clear()
        answers = {f"U{i}": random.randint(1, 4) for i in range(1, 10)}
        token = str(uuid.uuid4())
        with self.client.post(
            self.url(f"/api/v1/public/surveys/{PLAN['survey']}/responses/"),
            data=json.dumps({"answers": answers, "suggestion": token}),
            headers=self.headers(),
            name="survey answer",
            catch_response=True,
        ) as r:
            if r.status_code == 201:
                WRITES.append({"kind": "survey", "token": token})
            else:
                r.failure(f"survey {r.status_code}")
