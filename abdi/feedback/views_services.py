"""Placeholder: being built (issue 5)."""

from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("todo", status=501)


service_list = _todo
service_create = _todo
service_edit = _todo
