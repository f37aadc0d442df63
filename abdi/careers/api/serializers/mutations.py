from __future__ import annotations

from rest_framework import serializers

from abdi.careers.models import RotationMove, RotationPlan, TransferRequest, TransferStep


class TransferStepSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username")

    class Meta:
        model = TransferStep
        fields = ["action", "status", "actor", "at", "note"]


class TransferSerializer(serializers.ModelSerializer):
    nip = serializers.CharField(source="employee.nip")
    name = serializers.CharField(source="employee.full_name")
    home_unit = serializers.CharField(source="home_unit.name")
    destination_unit = serializers.CharField(source="destination_unit.name", default=None)
    destination_position = serializers.CharField(source="destination_position.name", default=None)

    class Meta:
        model = TransferRequest
        fields = [
            "id",
            "kind",
            "status",
            "nip",
            "name",
            "home_unit",
            "destination_unit",
            "destination_position",
            "destination_agency",
            "reason",
            "decree_number",
            "decree_date",
            "decree_effective_from",
            "created_at",
        ]


class TransferDetailSerializer(TransferSerializer):
    steps = TransferStepSerializer(many=True, read_only=True)

    class Meta(TransferSerializer.Meta):
        fields = [*TransferSerializer.Meta.fields, "steps"]


class RotationMoveSerializer(serializers.ModelSerializer):
    nip = serializers.CharField(source="employee.nip")
    name = serializers.CharField(source="employee.full_name")
    from_position = serializers.CharField(source="from_position.name", default=None)
    target_position = serializers.CharField(source="target_position.name")
    target_position_code = serializers.CharField(source="target_position.code")

    class Meta:
        model = RotationMove
        fields = [
            "id",
            "nip",
            "name",
            "from_position",
            "target_position",
            "target_position_code",
            "decree_number",
        ]


class RotationPlanSerializer(serializers.ModelSerializer):
    moves = RotationMoveSerializer(many=True, read_only=True)

    class Meta:
        model = RotationPlan
        fields = [
            "id",
            "title",
            "effective_from",
            "status",
            "checked_at",
            "check_report",
            "applied_at",
            "moves",
        ]


class TransferDecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField(
        help_text="true: the approval of the stage the request waits at; false: a rejection."
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text="Required (the reason) when rejecting.",
    )


class TransferDecreeSerializer(serializers.Serializer):
    decree_number = serializers.CharField(max_length=100)
    decree_date = serializers.DateField()
    effective_from = serializers.DateField()
    position = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text="Destination position id (within the agency), when not the requested one.",
    )
