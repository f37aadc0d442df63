"""Shapes of the talent API (read-only; writes go through the pages and services)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from abdi.talent.models import (
    ChangeProject,
    Milestone,
    Successor,
    SuccessorAction,
    TalentPlacement,
)


class PlacementSerializer(serializers.ModelSerializer):
    nip = serializers.CharField(source="employee.nip")
    unit = serializers.IntegerField(source="org_unit_id")
    position = serializers.IntegerField(source="position_id", allow_null=True)

    class Meta:
        model = TalentPlacement
        fields = [
            "year", "nip", "name", "unit", "position", "level", "box", "computed_box",
            "performance", "potential", "unmappable", "predikat_previous", "predikat_latest",
            "performance_value", "potential_score", "assessed_on", "jpm", "potential_value",
        ]  # fmt: skip


class ActionSerializer(serializers.ModelSerializer):
    programme = serializers.CharField(source="programme.title", allow_null=True, default=None)
    competency = serializers.CharField(source="competency.name", allow_null=True, default=None)
    position = serializers.CharField(source="successor.position.name")

    class Meta:
        model = SuccessorAction
        fields = ["description", "target_date", "programme", "competency", "position"]


class EmployeeTalentSerializer(serializers.Serializer):
    nip = serializers.CharField()
    box_visible = serializers.BooleanField()
    placements = PlacementSerializer(many=True)
    development_actions = ActionSerializer(many=True)


class SuccessorSerializer(serializers.ModelSerializer):
    """A successor; `box`, `jpm` and `outside_pool_reason` are talent data: null (empty) when
    the successor is outside the caller's talent scope (`talent_visible` false)."""

    nip = serializers.CharField(source="employee.nip")
    name = serializers.CharField(source="employee.name")
    talent_visible = serializers.SerializerMethodField()
    box = serializers.SerializerMethodField()
    jpm = serializers.SerializerMethodField()
    outside_pool_reason = serializers.SerializerMethodField()

    class Meta:
        model = Successor
        fields = [
            "nip", "name", "readiness", "talent_visible", "box", "jpm", "outside_pool_reason",
        ]  # fmt: skip

    def _visible(self, obj: Successor) -> bool:
        visible = self.context.get("talent_visible")
        return bool(visible(obj.employee)) if visible is not None else False

    def get_talent_visible(self, obj: Successor) -> bool:
        return self._visible(obj)

    def get_box(self, obj: Successor) -> int | None:
        return obj.box if self._visible(obj) else None

    @extend_schema_field(serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True))
    def get_jpm(self, obj: Successor):
        if not self._visible(obj) or obj.jpm is None:
            return None
        return serializers.DecimalField(max_digits=6, decimal_places=2).to_representation(obj.jpm)

    def get_outside_pool_reason(self, obj: Successor) -> str:
        return obj.outside_pool_reason if self._visible(obj) else ""


class CriticalPositionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="position.pk")
    code = serializers.CharField(source="position.code")
    name = serializers.CharField(source="position.name")
    unit = serializers.CharField(source="position.org_unit.name")
    incumbent_nip = serializers.CharField(source="incumbent.nip", allow_null=True, default=None)
    retires_on = serializers.DateField(allow_null=True)
    ready_now = serializers.IntegerField()
    at_risk = serializers.BooleanField()
    successors = SuccessorSerializer(many=True, source="position.active_successors")


class MilestoneSerializer(serializers.ModelSerializer):
    confirmed = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = ["term", "title", "due_date", "reported_at", "confirmed", "confirmed_at"]

    def get_confirmed(self, obj) -> bool:
        return obj.confirmed_at is not None


class ChangeProjectSerializer(serializers.ModelSerializer):
    participant_nip = serializers.CharField(source="participant.nip")
    mentor_nip = serializers.CharField(source="mentor.nip")
    unit = serializers.CharField(source="org_unit.name")
    milestones = MilestoneSerializer(many=True)

    class Meta:
        model = ChangeProject
        fields = [
            "id", "title", "training", "cohort", "state", "participant_nip", "mentor_nip",
            "coach", "unit", "service", "started_on", "completed_on", "is_published", "milestones",
        ]  # fmt: skip
