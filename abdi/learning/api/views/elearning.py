"""E-learning read endpoints: published courses (for learners and BKPSDM admins, as the course
page; others 403) with the caller's progress, and the caller's own enrolments (a login without
an employee record has none)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from abdi.core.api import ApiViewMixin
from abdi.employees.permissions import own_employee
from abdi.learning.api.serializers.elearning import (
    CourseQuerySerializer,
    CourseSerializer,
    EnrolmentQuerySerializer,
    EnrolmentSerializer,
)
from abdi.learning.models import Course, Enrolment
from abdi.learning.permissions.elearning import can_browse_courses
from abdi.learning.selectors.elearning import learner_courses
from abdi.learning.selectors.enrolments import own_enrolments


class CourseListView(ApiViewMixin, generics.ListAPIView):
    """Published e-learning courses (of active programmes) by title, with my progress."""

    serializer_class = CourseSerializer
    queryset = Course.objects.none()  # the schema's model; the rows come from learner_courses
    filter_backends: list = []

    @extend_schema(parameters=[CourseQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        if not can_browse_courses(request.user):
            raise PermissionDenied
        query = CourseQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = learner_courses(
            own_employee(request.user), search=query.validated_data.get("q", "").strip()
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class EnrolmentListView(ApiViewMixin, generics.ListAPIView):
    """My e-learning enrolments, newest first, with progress."""

    serializer_class = EnrolmentSerializer
    filter_backends: list = []

    @extend_schema(parameters=[EnrolmentQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enrolment.objects.none()
        query = EnrolmentQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        enrolments = own_enrolments(own_employee(self.request.user))
        completed = query.validated_data.get("completed")
        if completed is not None:
            enrolments = enrolments.filter(completed_at__isnull=not completed)
        return enrolments
