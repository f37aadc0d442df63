"""Serializers of the credit API (output shapes for the schema)."""

from __future__ import annotations

from rest_framework import serializers


class CertificateVerificationSerializer(serializers.Serializer):
    code = serializers.CharField()
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=["valid", "revoked"])
    valid = serializers.BooleanField()
    name = serializers.CharField(help_text="Nama sebagaimana tercetak pada sertifikat.")
    nip = serializers.CharField(help_text="NIP yang disamarkan, mis. 1985**********0001.")
    programme = serializers.CharField()
    provider = serializers.CharField()
    completed_on = serializers.DateField()
    issued_on = serializers.DateField()
    jp = serializers.IntegerField()
    revoked_on = serializers.DateField(allow_null=True)
    revoke_reason = serializers.CharField(allow_blank=True)


class JpLineSerializer(serializers.Serializer):
    date = serializers.DateField()
    jp = serializers.IntegerField()
    # The API's field name shadows DRF's Field.source; the documented response keeps it.
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=["training", "elearning", "external"]
    )
    title = serializers.CharField()
    certificate_code = serializers.CharField(allow_null=True)


class EmployeeJpSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    jp_total = serializers.IntegerField()
    target = serializers.IntegerField()
    maximum = serializers.IntegerField(allow_null=True)
    entries = JpLineSerializer(many=True)


class MessageSerializer(serializers.Serializer):
    detail = serializers.CharField()
