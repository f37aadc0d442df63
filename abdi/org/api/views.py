"""Placeholder: being built (issue 2)."""

from rest_framework import viewsets


class OrgUnitViewSet(viewsets.ViewSet):
    pass


class PositionViewSet(viewsets.ViewSet):
    pass
