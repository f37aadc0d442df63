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
