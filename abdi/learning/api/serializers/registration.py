"""Shapes of the registration endpoints."""

from __future__ import annotations

from rest_framework import serializers

from abdi.learning.choices import RegistrationStatus
from abdi.learning.models import Registration, RegistrationStep
from abdi.learning.selectors.registration import waitlist_position


class RegistrationStepSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)

    class Meta:
        model = RegistrationStep
        fields = ["action", "actor", "at", "note"]


class RegistrationSerializer(serializers.ModelSerializer):
    nip = serializers.CharField(source="employee.nip")
    name = serializers.CharField(source="employee.name")
    programme = serializers.CharField(source="session.programme.title")
    status = serializers.ChoiceField(choices=RegistrationStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    waitlist_position = serializers.SerializerMethodField(
        help_text="1 = berikutnya; null bila tidak di daftar tunggu."
    )
    steps = RegistrationStepSerializer(many=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "session",
            "programme",
            "nip",
            "name",
            "status",
            "status_label",
            "motivation",
            "plan_item",
            "nominated_by",
            "waitlisted_at",
            "waitlist_position",
            "confirmed_at",
            "pre_test_score",
            "post_test_score",
            "score",
            "completed_at",
            "steps",
        ]

    def get_waitlist_position(self, obj) -> int | None:
        return waitlist_position(obj)


class RegistrationListSerializer(serializers.ModelSerializer):
    """A registration as a list row: no steps or waiting-list position (one query per page);
    `GET /api/v1/registrations/{id}/` has them."""

    nip = serializers.CharField(source="employee.nip")
    name = serializers.CharField(source="employee.name")
    programme = serializers.CharField(source="session.programme.title")
    start_date = serializers.DateField(source="session.start_date")
    status = serializers.ChoiceField(choices=RegistrationStatus.choices)
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = Registration
        fields = [
            "id",
            "session",
            "programme",
            "start_date",
            "nip",
            "name",
            "status",
            "status_label",
            "confirmed_at",
            "completed_at",
        ]


class RegistrationCreateSerializer(serializers.Serializer):
    nip = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=18,
        help_text="Kosong: mendaftar sendiri. Diisi: mengusulkan pegawai itu (atasan atau BKPSDM).",
    )
    motivation = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    plan_item = serializers.IntegerField(
        required=False, allow_null=True, help_text="Id butir rencana pengembangan pegawai itu."
    )


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class CompleteSerializer(serializers.Serializer):
    passed = serializers.BooleanField(help_text="true: selesai (JP dan sertifikat); false: tidak.")
    score = serializers.DecimalField(
        max_digits=6, decimal_places=2, required=False, allow_null=True, help_text="0–100"
    )
