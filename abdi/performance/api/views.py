"""Placeholder: being built (issue 3)."""

from rest_framework.views import APIView


class SKPCreateView(APIView):
    pass


class SKPDetailView(APIView):
    pass


class WorkResultCreateView(APIView):
    pass


class IndicatorCreateView(APIView):
    pass


class SKPTransitionView(APIView):
    pass


class EvaluationCreateView(APIView):
    pass


class PredikatDistributionView(APIView):
    pass
