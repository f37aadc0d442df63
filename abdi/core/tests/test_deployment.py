"""Finding 5 of issue 14: security headers, the secret key, and `check --deploy`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "DJANGO_SECRET_KEY": "x" * 20 + "a-long-random-test-value-for-check-deploy-0123456789",
    "DJANGO_ALLOWED_HOSTS": "abdi.example.go.id",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://abdi.example.go.id",
    "DJANGO_SECURE_COOKIES": "1",
    "DJANGO_HSTS_PRELOAD": "1",
    "ABDI_TRUSTED_PROXIES": "1",
}


# DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' conftest in the same pytest process.
def _manage(
    *args,
    env_extra: dict,
    drop=("DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"),
):
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_extra)
    # A temporary working directory so no .env file is read; manage.py by absolute path.
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )


def test_start_up_fails_without_a_secret_key_when_debug_is_off():
    result = _manage("check", env_extra={"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr and "DJANGO_DEBUG=1" in result.stderr


def test_the_published_example_key_is_refused_too():
    result = _manage("check", env_extra={"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "change-me"})
    assert result.returncode != 0 and "DJANGO_SECRET_KEY" in result.stderr


def test_debug_runs_without_a_key():
    assert _manage("check", env_extra={"DJANGO_DEBUG": "1"}).returncode == 0


def test_check_deploy_is_clean_with_the_production_variables():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_extra=PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_readme_lists_the_production_variables():
    readme = (ROOT / "README.md").read_text()
    for name in PRODUCTION:
        assert name in readme
        assert name in (ROOT / ".env.example").read_text()


@pytest.mark.django_db
def test_every_page_has_csp_and_permissions_policy():
    response = Client().get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "'unsafe-inline'" not in csp.split("style-src")[0]
    assert "frame-ancestors 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_SSL_REDIRECT=False)
def test_hsts_over_tls():
    response = Client().get("/accounts/login/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_inline_script_or_event_handler_in_templates():
    import re

    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        for match in re.finditer(r"<script(?P<attrs>[^>]*)>", text):
            attrs = match.group("attrs")
            if "src=" not in attrs and "application/json" not in attrs:
                offenders.append(f"{path}: inline <script>")
        if re.search(r"\son(click|change|submit|load|input)=", text):
            offenders.append(f"{path}: inline event handler")
    assert not offenders, "\n".join(offenders)
