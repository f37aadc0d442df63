"""Serializers of merit selection (read-only; writes go through the pages' services)."""

from rest_framework import serializers

from abdi.careers.models.selection import Application, Selection


class PositionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class StageSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField(source="get_kind_display")  # type: ignore[assignment]  # the field, not Field.label
    weight = serializers.IntegerField()


class RequirementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    rule = serializers.CharField()
    label = serializers.CharField(source="get_rule_display")  # type: ignore[assignment]  # the field, not Field.label
    params = serializers.JSONField()


class SelectionListSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="open_jpt, administrator, pengawas, jf_level_up")
    state = serializers.CharField(
        help_text="draft, open, screening, scoring, ranked, decided, cancelled"
    )
    kind_label = serializers.CharField(source="get_kind_display")
    state_label = serializers.CharField(source="get_state_display")
    positions = PositionRefSerializer(many=True)

    class Meta:
        model = Selection
        fields = [
            "id",
            "title",
            "kind",
            "kind_label",
            "state",
            "state_label",
            "opens_on",
            "closes_on",
            "positions",
        ]


class SelectionDetailSerializer(SelectionListSerializer):
    stages = StageSerializer(many=True)
    requirements = RequirementSerializer(many=True)

    class Meta(SelectionListSerializer.Meta):
        fields = [
            *SelectionListSerializer.Meta.fields,
            "announcement",
            "objection_days",
            "required_documents",
            "results_announced_on",
            "stages",
            "requirements",
        ]


class PublicResultSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    name = serializers.CharField(source="application.applicant_name")
    appointed = serializers.SerializerMethodField()

    def get_appointed(self, entry) -> bool:
        return entry.application.state == "appointed"


class ApplicationSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="applicant_name")
    nip = serializers.CharField(source="applicant_nip")
    is_external = serializers.BooleanField()
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")

    class Meta:
        model = Application
        fields = [
            "id",
            "name",
            "nip",
            "is_external",
            "external_agency",
            "state",
            "state_label",
            "admin_reason",
            "created_at",
        ]


class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    application = serializers.IntegerField(source="application.pk")
    name = serializers.CharField(source="application.applicant_name")
    total = serializers.DecimalField(max_digits=6, decimal_places=2)
    scores = serializers.DictField(
        child=serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    )
    proposed = serializers.BooleanField()


class RuleResultSerializer(serializers.Serializer):
    requirement = serializers.IntegerField()
    rule = serializers.CharField()
    status = serializers.ChoiceField(choices=["pass", "fail", "unknown"])
    data = serializers.CharField()  # type: ignore[assignment]  # the field, not Serializer.data
    reason = serializers.CharField()


class EligibilitySerializer(serializers.Serializer):
    selection = serializers.IntegerField()
    nip = serializers.CharField()
    eligible = serializers.BooleanField()
    results = RuleResultSerializer(many=True)
