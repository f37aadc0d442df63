"""Placeholder: being built (issue 5)."""

from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("todo", status=501)


survey_form = _todo
survey_thanks = _todo
