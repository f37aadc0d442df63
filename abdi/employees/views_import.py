"""Placeholder: being built (issue 2)."""

from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("todo", status=501)


import_start = _todo
import_template = _todo
import_detail = _todo
import_confirm = _todo
import_progress = _todo
