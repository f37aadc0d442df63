"""Placeholder: being built (issue 2)."""

from rest_framework import viewsets
from rest_framework.views import APIView


class EmployeeViewSet(viewsets.ViewSet):
    pass


class NipCheckView(APIView):
    pass
