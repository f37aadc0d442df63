"""Placeholder: being built (issue 2)."""

from rest_framework.views import APIView


class EmployeeImportView(APIView):
    pass
