"""Placeholder: being built (issue 2)."""

from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("todo", status=501)


employee_list = _todo
employee_create = _todo
employee_detail = _todo
employee_edit = _todo
employee_history = _todo
record_create = _todo
my_profile = _todo
audit_log = _todo
