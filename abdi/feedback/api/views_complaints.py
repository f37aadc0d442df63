"""Placeholder: being built (issue 5)."""

from rest_framework.views import APIView


class PublicComplaintCreateView(APIView):
    pass


class PublicComplaintTrackView(APIView):
    pass


class ComplaintListView(APIView):
    pass


class ComplaintDetailView(APIView):
    pass


class ComplaintActionView(APIView):
    pass
