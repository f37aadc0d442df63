"""Placeholder: being built (issue 2)."""

from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("todo", status=501)


correction_list = _todo
correction_create = _todo
correction_detail = _todo
correction_document = _todo
correction_approve = _todo
correction_reject = _todo
