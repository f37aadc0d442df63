from __future__ import annotations

from rest_framework import serializers

from abdi.careers.models import CHECKLISTS, Proposal, ProposalKind, ProposalStep


class DueQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ProposalKind.choices)
    # `from` is a Python keyword: the field is declared under another name and renamed below.
    date_from = serializers.DateField(required=False)
    to = serializers.DateField(required=False)
    unit = serializers.IntegerField(required=False)

    def to_internal_value(self, data):
        data = data.copy()
        if "from" in data:
            data["date_from"] = data.get("from")
        return super().to_internal_value(data)


class DueRowSerializer(serializers.Serializer):
    nip = serializers.CharField(source="employee.nip")
    name = serializers.CharField(source="employee.full_name")
    unit = serializers.CharField(source="employee.org_unit.name")
    kind = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    detail = serializers.CharField()
    eligible = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    open_proposal = serializers.SerializerMethodField()

    def get_open_proposal(self, row) -> int | None:
        return row.open_proposal.pk if row.open_proposal else None


class ProposalStepSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username")

    class Meta:
        model = ProposalStep
        fields = ["action", "status", "actor", "at", "note"]


class ProposalSerializer(serializers.ModelSerializer):
    nip = serializers.CharField(source="employee.nip")
    name = serializers.CharField(source="employee.full_name")
    unit = serializers.CharField(source="batch.org_unit.name")
    current_rank = serializers.CharField(source="current_rank.code", default=None)
    proposed_rank = serializers.CharField(source="proposed_rank.code", default=None)
    grade = serializers.CharField(source="grade.name", default=None)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "batch",
            "kind",
            "status",
            "nip",
            "name",
            "unit",
            "due_date",
            "current_rank",
            "proposed_rank",
            "grade",
            "checklist",
            "technical_number",
            "technical_date",
            "decree_number",
            "decree_date",
            "decree_effective_from",
            "basic_salary",
            "refusal_reason",
            "created_at",
        ]


class ProposalDetailSerializer(ProposalSerializer):
    steps = ProposalStepSerializer(many=True, read_only=True)

    class Meta(ProposalSerializer.Meta):
        fields = [*ProposalSerializer.Meta.fields, "steps"]


class BatchCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ProposalKind.choices)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    org_unit = serializers.IntegerField(help_text="Id unit pengusul (OPD).")
    nips = serializers.ListField(child=serializers.CharField(max_length=18), allow_empty=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


_CHECK_KEYS = sorted({key for items in CHECKLISTS.values() for key, _label in items})


class ProposalVerifySerializer(serializers.Serializer):
    checklist = serializers.DictField(
        child=serializers.BooleanField(),
        help_text=(
            "Each document of the proposal kind's checklist, ticked (true) when present: "
            + ", ".join(_CHECK_KEYS)
            + ". Every document of the kind must be ticked."
        ),
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ProposalTechnicalApprovalSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=100, help_text="BKN's technical approval number.")
    date = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ProposalDecreeSerializer(serializers.Serializer):
    decree_number = serializers.CharField(max_length=100)
    decree_date = serializers.DateField()
    effective_from = serializers.DateField(
        help_text="TMT: KP on a promotion period not before the due date; BUP the retirement date."
    )
    basic_salary = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2_000_000_000, default=None
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ProposalRefuseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
