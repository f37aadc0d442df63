"""Placeholder: being built (issue 5)."""

from rest_framework.views import APIView


class SurveyListCreateView(APIView):
    pass


class SurveyPaperResponsesView(APIView):
    pass


class SurveyResultView(APIView):
    pass


class PublicSurveyResponseView(APIView):
    pass
