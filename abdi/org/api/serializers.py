"""Shapes of the organisation endpoints. Serializers check the input's shape only; the rules
(unique codes, closed parents, reporting cycles) live in abdi/org/services.py."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from abdi.core.choices import PositionKind
from abdi.org.choices import OrgUnitKind
from abdi.org.models import Agency, OrgUnit, Position


class OrgUnitSerializer(serializers.ModelSerializer):
    # The API's field name shadows DRF's Field.parent; the documented response keeps it.
    parent: serializers.PrimaryKeyRelatedField[OrgUnit] = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        read_only=True, allow_null=True
    )
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = OrgUnit
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "kind_label",
            "agency",
            "parent",
            "depth",
            "is_active",
            "closed_on",
        ]
        read_only_fields = fields


class OrgUnitCreateSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=OrgUnitKind.choices)
    # The API's field name shadows DRF's Field.parent; the documented response keeps it.
    parent: serializers.PrimaryKeyRelatedField[OrgUnit] = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=OrgUnit.objects.all(), allow_null=True, required=False, default=None
    )
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(),
        required=False,
        default=None,
        allow_null=True,
        help_text=_("Boleh dikosongkan: diambil dari unit induk, atau instansi satu-satunya."),
    )

    def validate(self, attrs):
        if attrs.get("agency") is None:
            if attrs.get("parent") is not None:
                attrs["agency"] = attrs["parent"].agency
            else:
                agencies = list(Agency.objects.all()[:2])
                if len(agencies) != 1:
                    raise serializers.ValidationError({"agency": [_("Instansi wajib diisi.")]})
                attrs["agency"] = agencies[0]
        return attrs


class OrgUnitUpdateSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40)
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=OrgUnitKind.choices)


class OrgUnitMoveSerializer(serializers.Serializer):
    # The API's field name shadows DRF's Field.parent; the documented response keeps it.
    parent: serializers.PrimaryKeyRelatedField[OrgUnit] = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=OrgUnit.objects.all(),
        allow_null=True,
        help_text=_("Unit induk yang baru; null menjadikannya unit teratas."),
    )


class OrgUnitCloseSerializer(serializers.Serializer):
    closed_on = serializers.DateField()


class PositionSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=PositionKind.choices)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    org_unit: serializers.PrimaryKeyRelatedField[OrgUnit] = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all()
    )
    org_unit_name = serializers.CharField(source="org_unit.name", read_only=True)
    reports_to = serializers.PrimaryKeyRelatedField(
        queryset=Position.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Position
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "kind_label",
            "class_grade",
            "org_unit",
            "org_unit_name",
            "reports_to",
            "posts",
            "is_unit_head",
            "retirement_age_override",
            "is_active",
        ]
        # Uniqueness and the reporting chain are checked by services.position_save.
        extra_kwargs: dict[str, dict[str, list[object]]] = {"code": {"validators": []}}
        validators: list = []
