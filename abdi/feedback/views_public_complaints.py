"""Placeholder: being built (issue 5)."""

from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("todo", status=501)


complaint_form = _todo
complaint_sent = _todo
track_form = _todo
track_detail = _todo
track_act = _todo
