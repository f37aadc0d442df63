"""The Content-Security-Policy allows scripts from this site's files only: no template may carry
an inline <script> body or an on…= event handler, or the page silently loses that behaviour."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)


def test_no_template_has_inline_scripts_or_event_handlers():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(TEMPLATES)}:{line}")
    assert offenders == []
