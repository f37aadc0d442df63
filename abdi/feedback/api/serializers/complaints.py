"""Serializers of the complaint endpoints. Shapes only; the services enforce the rules."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from abdi.feedback.choices import ComplaintKind, ComplaintStatus
from abdi.feedback.models import Complaint, ComplaintEvent, PublicService
from abdi.feedback.services.complaint_attachments import MAX_ATTACHMENTS
from abdi.org.models import OrgUnit


class PublicComplaintCreateSerializer(serializers.Serializer):
    # Plain strings in the schema (the values are listed): several models have a `kind`.
    kind = serializers.CharField(help_text="complaint | aspiration | information")
    org_unit: serializers.PrimaryKeyRelatedField[OrgUnit] = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.filter(is_active=True), required=False, allow_null=True
    )
    service = serializers.PrimaryKeyRelatedField(
        queryset=PublicService.objects.filter(is_active=True), required=False, allow_null=True
    )
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000)
    incident_date = serializers.DateField(required=False, allow_null=True)
    incident_place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    officer_description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    reporter_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    reporter_email = serializers.EmailField(required=False, allow_blank=True)
    reporter_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    is_anonymous = serializers.BooleanField(required=False, default=False)
    is_confidential = serializers.BooleanField(required=False, default=False)
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=MAX_ATTACHMENTS,
        help_text=_("Foto (JPEG/PNG) atau PDF, diperiksa dari isinya; multipart."),
    )

    def validate_kind(self, value):
        if value not in ComplaintKind.values:
            raise serializers.ValidationError(_("Pilih jenis laporan."))
        return value

    def validate(self, attrs):
        if not attrs.get("org_unit") and not attrs.get("service"):
            raise serializers.ValidationError(
                {"org_unit": [_("Pilih unit atau layanan yang dilaporkan.")]}
            )
        return attrs


class PublicComplaintCreatedSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    status = serializers.CharField()
    verification_due = serializers.DateTimeField()


class PublicEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    label = serializers.CharField()  # type: ignore[assignment]  # the field, not Field.label
    status = serializers.CharField(allow_blank=True)
    status_label = serializers.CharField(allow_blank=True)
    message = serializers.CharField(allow_blank=True)
    from_reporter = serializers.BooleanField()


class PublicComplaintSerializer(serializers.Serializer):
    """What anyone with the tracking code may read: never the reporter's identity."""

    tracking_code = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    unit = serializers.CharField(source="org_unit.name")
    service = serializers.CharField(source="service.name", allow_null=True, default=None)
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    received_at = serializers.DateTimeField()
    verification_due = serializers.DateTimeField()
    follow_up_due = serializers.DateTimeField(allow_null=True)
    rating = serializers.IntegerField(allow_null=True)
    timeline = PublicEventSerializer(many=True)


class UnitBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


STATUS_HELP = " | ".join(ComplaintStatus.values)


class ComplaintListSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="complaint | aspiration | information")
    channel = serializers.CharField(read_only=True, help_text="web | lapor | counter")
    status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    org_unit = UnitBriefSerializer()
    dispatched_unit = UnitBriefSerializer(allow_null=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "id",
            "tracking_code",
            "external_id",
            "kind",
            "channel",
            "title",
            "status",
            "org_unit",
            "service",
            "dispatched_unit",
            "received_at",
            "verification_due",
            "follow_up_due",
            "auto_close_due",
            "closed_at",
            "escalated_at",
            "rating",
            "is_confidential",
            "is_anonymous",
            "overdue",
        ]

    def get_overdue(self, obj) -> str:
        return getattr(obj, "overdue", "")


class ComplaintEventSerializer(serializers.ModelSerializer):
    action = serializers.CharField(read_only=True)
    from_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    to_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)

    class Meta:
        model = ComplaintEvent
        fields = [
            "action",
            "actor",
            "from_status",
            "to_status",
            "public_message",
            "internal_note",
            "created_at",
        ]


class ComplaintDetailSerializer(ComplaintListSerializer):
    events = ComplaintEventSerializer(many=True)
    reporter = serializers.SerializerMethodField()

    class Meta(ComplaintListSerializer.Meta):
        fields = [
            *ComplaintListSerializer.Meta.fields,
            "description",
            "incident_date",
            "incident_place",
            "officer_description",
            "reopen_count",
            "reporter",
            "events",
        ]

    def get_reporter(self, obj) -> dict | None:
        """Name and contact, or null when the user may not see them (confidential)."""
        if not self.context.get("show_reporter"):
            return None
        return {"name": obj.reporter_name, "email": obj.reporter_email, "phone": obj.reporter_phone}


class ComplaintActionSerializer(serializers.Serializer):
    """One body for every action; each action reads the fields it needs."""

    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    public_message = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    internal_note = serializers.CharField(required=False, allow_blank=True, max_length=4000)
    unit: serializers.PrimaryKeyRelatedField[OrgUnit] = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.filter(is_active=True),
        required=False,
        help_text=_("dispatch: unit penindak lanjut"),
    )
    employee_nip = serializers.CharField(required=False, help_text=_("link_employee: NIP pegawai"))
