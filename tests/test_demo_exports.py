"""Every XLSX, CSV and PDF a demo role can reach opens and says what it should.

Each demo role signs in; the test walks its menu, its home and "Tugas saya", and the pages those
link to (two steps deep, a couple of pages per kind), collecting every export link on the way.
Each export is then downloaded as that role and opened — openpyxl for XLSX, the csv module for
CSV, pdftotext for PDF — and must carry a header row and the name of the person, unit, survey or
selection it is about, not merely answer 200."""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import subprocess
from collections import Counter, deque
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from openpyxl import load_workbook

from config.navigation import navigation_for

pytestmark = pytest.mark.django_db

ROLES = (
    "admin",
    "operator.dinkes",
    "pimpinan",
    "auditor",
    "atasan",
    "pegawai",
    "pengaduan",
    "penghubung.puskesmas",
    "admin.layanan",
)
EXPORT = re.compile(r"\.(xlsx|pdf|csv)$|/(xlsx|pdf)/$|/export\.\w+$|/download/$")
HREF = re.compile(r'href="(/[^"#]*)"')
SKIP = ("/admin", "/accounts/", "/static/", "/media/", "/api/", "/i18n/")
PER_KIND = 2  # pages visited per URL pattern (two SKP pages say what two hundred would)
MAX_PAGES = 80  # pages visited per role
DEPTH = 2
# Exports every demo role set must reach (the demo data has them on purpose).
EXPECTED_KINDS = {
    "employees:export",
    "performance:skp_pdf",
    "performance:unit_recap",
    "learning:certificate_pdf",
    "feedback:survey_report",
    "insights:dashboard_xlsx",
    "insights:dashboard_pdf",
}


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", employees=120, seed=42, password="demo-pass-123", stdout=StringIO())


def _name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


def _links(body: str) -> list[str]:
    found = []
    for raw in HREF.findall(body):
        url = html.unescape(raw)
        if url.startswith("//") or url.startswith(SKIP):
            continue
        found.append(url)
    return found


def crawl(client: Client, user) -> dict[str, str]:
    """The export links reachable by the user: {export url: the page that links to it}."""
    starts = ["/", reverse("tasks")] + [
        leaf.url for item in navigation_for(user) for leaf in (item.children or (item,))
    ]
    queue = deque((url, 0) for url in dict.fromkeys(starts) if not url.startswith(SKIP))
    seen: set[str] = set()
    per_kind: Counter = Counter()
    exports: dict[str, str] = {}
    while queue and len(seen) < MAX_PAGES:
        url, depth = queue.popleft()
        path = urlsplit(url).path
        if url in seen or EXPORT.search(path):
            continue
        kind = _name(path)
        if kind is None or per_kind[kind] >= PER_KIND:
            continue
        seen.add(url)
        per_kind[kind] += 1
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link in _links(response.content.decode()):
            if EXPORT.search(urlsplit(link).path):
                exports.setdefault(link, url)
            elif depth < DEPTH:
                queue.append((link, depth + 1))
    return exports


def xlsx_text(content: bytes) -> tuple[list[str], str]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    header: list[str] = []
    cells: list[str] = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            values = [str(v) for v in row if v not in (None, "")]
            if not header and len(values) >= 2:
                header = values
            cells += values
    return header, "\n".join(cells)


def csv_text(content: bytes) -> tuple[list[str], str]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return (rows[0] if rows else []), "\n".join(",".join(r) for r in rows)


def pdf_text(content: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return out.stdout.decode()


def expected_names(url: str, user) -> list[str]:
    """What the file must name: the person, unit, survey or selection it is about."""
    from abdi.careers.models import ProposalBatch, Selection
    from abdi.feedback.models import SatisfactionSurvey
    from abdi.insights.permissions import default_unit
    from abdi.learning.models import Certificate
    from abdi.org.models import OrgUnit
    from abdi.performance.models import SKP, Evaluation

    match = resolve(urlsplit(url).path)
    kind, kwargs = f"{match.namespace}:{match.url_name}", match.kwargs
    query = parse_qs(urlsplit(url).query)
    if kind == "performance:skp_pdf":
        return [SKP.objects.get(pk=kwargs["pk"]).employee.name]
    if kind == "performance:evaluation_pdf":
        return [Evaluation.objects.get(pk=kwargs["pk"]).skp.employee.name]
    if kind == "performance:unit_recap":
        return [OrgUnit.objects.get(pk=kwargs["unit"]).name]
    if kind == "learning:certificate_pdf":
        return [Certificate.objects.get(pk=kwargs["pk"]).employee.name]
    if kind == "feedback:survey_report":
        return [SatisfactionSurvey.objects.get(pk=kwargs["pk"]).service.name]
    if kind == "careers:selection_pdf":
        return [Selection.objects.get(pk=kwargs["pk"]).title]
    if kind == "careers:batch_export":
        batch = ProposalBatch.objects.get(pk=kwargs["pk"])
        return [p.employee.name for p in batch.proposals.select_related("employee")[:1]]
    if kind in ("insights:dashboard_xlsx", "insights:dashboard_pdf"):
        unit = OrgUnit.objects.get(pk=query["unit"][0]) if "unit" in query else default_unit(user)
        return [unit.name] if unit is not None else []
    return []


def test_every_export_a_demo_role_reaches_opens(demo):
    from abdi.accounts.models import User

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    problems: list[str] = []
    kinds_seen: set[str] = set()
    opened = 0
    for username in ROLES:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        for url, source in crawl(client, user).items():
            kind = _name(urlsplit(url).path)
            kinds_seen.add(kind or url)
            where = f"{username}: {url} (from {source})"
            response = client.get(url)
            if response.status_code != 200:
                problems.append(f"{where} → {response.status_code}")
                continue
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
            content_type = response.get("Content-Type", "")
            try:
                if "spreadsheetml" in content_type:
                    header, text = xlsx_text(content)
                elif "csv" in content_type:
                    header, text = csv_text(content)
                elif "pdf" in content_type:
                    text = pdf_text(content)
                    header = [line for line in text.splitlines() if line.strip()][:1]
                else:
                    problems.append(f"{where}: unexpected {content_type}")
                    continue
            except Exception as exc:  # a file that does not open is the failure we look for
                problems.append(f"{where}: does not open ({exc!r})")
                continue
            opened += 1
            if not header:
                problems.append(f"{where}: no header row / no text")
            folded = " ".join(text.split()).casefold()
            for name in expected_names(url, user):
                if " ".join(name.split()).casefold() not in folded:
                    problems.append(f"{where}: does not name {name!r}")
    assert not problems, "\n".join(problems)
    missing = EXPECTED_KINDS - kinds_seen
    assert not missing, f"no demo role reached {sorted(missing)}; found {sorted(kinds_seen)}"
    assert opened >= len(EXPECTED_KINDS)
