from __future__ import annotations

from rest_framework import serializers

from abdi.insights.models import IpAsnScore


class IpAsnScoreSerializer(serializers.ModelSerializer):
    nip = serializers.CharField(source="employee.nip", read_only=True)
    name = serializers.CharField(source="employee.full_name", read_only=True)
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    # Plain strings (their labels are beside them): no enum components that would collide
    # with other apps' "category" choices in the OpenAPI schema.
    category = serializers.CharField(read_only=True)
    position_group = serializers.CharField(read_only=True)

    class Meta:
        model = IpAsnScore
        fields = [
            "nip",
            "name",
            "year",
            "org_unit",
            "org_unit_name",
            "position_group",
            "education_code",
            "jp",
            "leadership_training",
            "functional_training",
            "seminar",
            "predikat",
            "sanction",
            "qualification",
            "competency",
            "performance",
            "discipline",
            "total",
            "category",
            "category_label",
            "computed_at",
        ]


class EmployeeIpAsnSerializer(IpAsnScoreSerializer):
    suggestions = serializers.SerializerMethodField()

    class Meta(IpAsnScoreSerializer.Meta):
        fields = [*IpAsnScoreSerializer.Meta.fields, "suggestions"]

    def get_suggestions(self, obj) -> list[str]:
        return self.context["suggestions"].get(obj.pk, [])


# --- merit self-assessment ------------------------------------------------------------------


class MeritAnswerSerializer(serializers.Serializer):
    aspect = serializers.CharField(source="indicator.aspect.code", read_only=True)
    aspect_name = serializers.CharField(source="indicator.aspect.name", read_only=True)
    code = serializers.CharField(source="indicator.code", read_only=True)
    indicator = serializers.CharField(source="indicator.text", read_only=True)
    measure = serializers.CharField(source="indicator.measure", read_only=True)
    proposed = serializers.DecimalField(
        max_digits=5, decimal_places=4, read_only=True, allow_null=True
    )
    evidence = serializers.CharField(read_only=True)
    score = serializers.DecimalField(
        max_digits=5, decimal_places=4, read_only=True, allow_null=True
    )
    reason = serializers.CharField(read_only=True)
    has_document = serializers.SerializerMethodField()

    def get_has_document(self, obj) -> bool:
        return bool(obj.document)


class MeritAspectResultSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    weight = serializers.DecimalField(max_digits=5, decimal_places=4, read_only=True)
    mean = serializers.DecimalField(max_digits=5, decimal_places=4, read_only=True)


class MeritAssessmentSerializer(serializers.Serializer):
    year = serializers.IntegerField(read_only=True)
    status = serializers.CharField(read_only=True)
    status_label = serializers.CharField(read_only=True)
    maturity = serializers.DecimalField(max_digits=6, decimal_places=4, read_only=True)
    engagement = serializers.DecimalField(
        max_digits=5, decimal_places=4, read_only=True, allow_null=True
    )
    index = serializers.DecimalField(max_digits=6, decimal_places=4, read_only=True)
    level = serializers.CharField(read_only=True)
    aspects = MeritAspectResultSerializer(many=True, read_only=True)


class MeritAssessmentDetailSerializer(MeritAssessmentSerializer):
    answers = MeritAnswerSerializer(many=True, read_only=True)


# --- policy monitoring and evaluation -------------------------------------------------------


class PolicyTargetSerializer(serializers.Serializer):
    year = serializers.IntegerField(read_only=True)
    target = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)


class PolicyValueSerializer(serializers.Serializer):
    year = serializers.IntegerField(read_only=True)
    value = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    evidence = serializers.CharField(read_only=True)
    measured = serializers.BooleanField(read_only=True)


class PolicyIndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    unit_label = serializers.CharField(read_only=True)
    measure = serializers.CharField(read_only=True)
    measure_param = serializers.CharField(read_only=True)
    baseline = serializers.DecimalField(
        max_digits=14, decimal_places=2, read_only=True, allow_null=True
    )
    higher_is_better = serializers.BooleanField(read_only=True)
    targets = PolicyTargetSerializer(many=True, read_only=True)
    values = PolicyValueSerializer(many=True, read_only=True)


class PolicyBudgetSerializer(serializers.Serializer):
    year = serializers.IntegerField(read_only=True)
    planned = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)
    spent = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)


class PolicyFollowUpSerializer(serializers.Serializer):
    at = serializers.DateTimeField(read_only=True)
    note = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)


class PolicyRecommendationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)
    finding = serializers.IntegerField(source="finding_id", read_only=True, allow_null=True)
    owner = serializers.CharField(source="owner.username", read_only=True)
    due_on = serializers.DateField(read_only=True)
    status = serializers.CharField(read_only=True)
    closed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    follow_ups = PolicyFollowUpSerializer(many=True, read_only=True)


class PolicyFindingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    year = serializers.IntegerField(read_only=True)
    text = serializers.CharField(read_only=True)


class PolicyProgrammeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    org_unit = serializers.IntegerField(source="org_unit_id", read_only=True)
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    start_year = serializers.IntegerField(read_only=True)
    end_year = serializers.IntegerField(read_only=True)
    status = serializers.CharField(read_only=True)
    indicators = PolicyIndicatorSerializer(many=True, read_only=True)
    budgets = PolicyBudgetSerializer(many=True, read_only=True)
    findings = PolicyFindingSerializer(many=True, read_only=True)
    recommendations = PolicyRecommendationSerializer(many=True, read_only=True)


# --- unit service score ---------------------------------------------------------------------


class ServiceComponentSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    name = serializers.CharField(source="label", read_only=True)
    value = serializers.DecimalField(
        max_digits=6, decimal_places=2, read_only=True, allow_null=True
    )
    weight = serializers.DecimalField(max_digits=5, decimal_places=4, read_only=True)
    evidence = serializers.CharField(read_only=True)


class ServiceScoreSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    year = serializers.IntegerField(read_only=True)
    score = serializers.DecimalField(
        max_digits=6, decimal_places=2, read_only=True, allow_null=True
    )
    components = ServiceComponentSerializer(many=True, read_only=True)
