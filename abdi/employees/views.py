# Placeholder views: the pages are being built (see issue 2).
from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("todo")


employee_list = my_profile = import_start = correction_list = audit_log = employee_detail = _todo
