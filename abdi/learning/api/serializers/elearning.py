"""Shapes of the e-learning read endpoints: published courses and the caller's enrolments."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from abdi.learning.api.serializers.catalogue import ProgrammeRefSerializer


class CourseQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=100, help_text="Cari judul atau uraian."
    )


class MyProgressSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField()
    modules_done = serializers.IntegerField()
    percent = serializers.IntegerField()
    completed_at = serializers.DateTimeField(allow_null=True)


class CourseSerializer(serializers.Serializer):
    """A row of selectors_elearning.learner_courses."""

    id = serializers.IntegerField(source="course.pk")
    programme = ProgrammeRefSerializer(source="course.programme")
    description = serializers.CharField(source="course.programme.description")
    jp = serializers.IntegerField(source="course.programme.jp")
    module_count = serializers.IntegerField()
    my_progress = serializers.SerializerMethodField(
        help_text="Kemajuan pemanggil; null bila belum terdaftar di kursus ini."
    )

    @extend_schema_field(MyProgressSerializer(allow_null=True))
    def get_my_progress(self, row):
        if row.enrolment is None:
            return None
        return {
            "enrolment": row.enrolment.pk,
            "modules_done": row.done,
            "percent": row.percent,
            "completed_at": row.enrolment.completed_at,
        }


class EnrolmentQuerySerializer(serializers.Serializer):
    completed = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="true: yang sudah selesai; false: yang masih berjalan.",
        error_messages={"invalid": _("Isi true atau false.")},
    )


class EnrolmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    course = serializers.IntegerField(source="course_id")
    programme = ProgrammeRefSerializer(source="course.programme")
    jp = serializers.IntegerField(source="course.programme.jp")
    enrolled_at = serializers.DateTimeField(source="created_at")
    last_module = serializers.IntegerField(source="last_module_id", allow_null=True)
    module_count = serializers.IntegerField()
    modules_done = serializers.IntegerField(source="done")
    percent = serializers.SerializerMethodField()
    completed_at = serializers.DateTimeField(allow_null=True)
    completion_confirmed_at = serializers.DateTimeField(
        allow_null=True, help_text="Dikonfirmasi atasan (bila perlu)."
    )

    def get_percent(self, obj) -> int:
        return round(100 * obj.done / obj.module_count) if obj.module_count else 0
