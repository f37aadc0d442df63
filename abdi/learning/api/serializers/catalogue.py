"""Shapes of the catalogue endpoints (read only). Derived values (state, seats, the next open
session) are attached by selectors_catalogue before serialising."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from abdi.learning.choices import ProgrammeCategory, ProgrammeMode, SessionApproval
from abdi.learning.models import Programme, ProgrammeCompetency, TrainingSession
from abdi.learning.selectors.catalogue import SessionState
from abdi.org.models import OrgUnit


class ProviderRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()


class CompetencyTargetSerializer(serializers.ModelSerializer):
    competency = serializers.IntegerField(source="competency_id")
    name = serializers.CharField(source="competency.name")
    target_level = serializers.IntegerField(
        allow_null=True, help_text="Level yang dicapai (1–5); null: tanpa level."
    )

    class Meta:
        model = ProgrammeCompetency
        fields = ["competency", "name", "target_level"]


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrgUnit
        fields = ["id", "code", "name"]


class ProgrammeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = ["id", "code", "title"]


class SessionSerializer(serializers.ModelSerializer):
    """A session with its state today and its seats."""

    programme = ProgrammeRefSerializer()
    state = serializers.ChoiceField(choices=SessionState.choices)
    state_label = serializers.CharField()
    seats_taken = serializers.IntegerField(source="taken")
    seats_left = serializers.IntegerField()
    waitlisted = serializers.IntegerField(help_text="Pendaftar di daftar tunggu.")
    approval = serializers.ChoiceField(choices=SessionApproval.choices)
    eligible_employee_kinds = serializers.ListField(
        child=serializers.CharField(), help_text="Kosong: semua jenis ASN."
    )
    eligible_position_kinds = serializers.ListField(
        child=serializers.CharField(), help_text="Kosong: semua jenis jabatan."
    )
    eligible_units = UnitRefSerializer(
        many=True, help_text="Beserta sub-unitnya; kosong: semua unit."
    )

    class Meta:
        model = TrainingSession
        fields = [
            "id",
            "programme",
            "name",
            "registration_opens",
            "registration_closes",
            "start_date",
            "end_date",
            "is_online",
            "location",
            "quota",
            "seats_taken",
            "seats_left",
            "waitlisted",
            "state",
            "state_label",
            "approval",
            "contact",
            "eligible_employee_kinds",
            "eligible_position_kinds",
            "eligible_units",
            "is_cancelled",
        ]


class NextSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    registration_closes = serializers.DateField()
    seats_left = serializers.IntegerField()


class ProgrammeSerializer(serializers.ModelSerializer):
    mode = serializers.ChoiceField(choices=ProgrammeMode.choices)
    mode_label = serializers.CharField(source="get_mode_display")
    category = serializers.ChoiceField(choices=ProgrammeCategory.choices)
    category_label = serializers.CharField(source="get_category_display")
    provider = ProviderRefSerializer()
    competencies = CompetencyTargetSerializer(source="competency_targets", many=True)
    next_open_session = serializers.SerializerMethodField(
        help_text="Sesi terdekat yang pendaftarannya dibuka hari ini; null bila tidak ada."
    )

    class Meta:
        model = Programme
        fields = [
            "id",
            "code",
            "title",
            "description",
            "mode",
            "mode_label",
            "category",
            "category_label",
            "provider",
            "jp",
            "gives_certificate",
            "is_active",
            "competencies",
            "next_open_session",
        ]

    @extend_schema_field(NextSessionSerializer(allow_null=True))
    def get_next_open_session(self, obj):
        session = getattr(obj, "next_session", None)
        if session is None:
            return None
        return NextSessionSerializer(
            {
                "id": session.pk,
                "name": session.name,
                "start_date": session.start_date,
                "end_date": session.end_date,
                "registration_closes": session.registration_closes,
                "seats_left": obj.next_session_seats_left,
            }
        ).data


class ProgrammeDetailSerializer(ProgrammeSerializer):
    sessions = SessionSerializer(
        source="session_rows", many=True, help_text="Semua sesinya, terbaru dahulu."
    )

    class Meta(ProgrammeSerializer.Meta):
        fields = [*ProgrammeSerializer.Meta.fields, "sessions"]
