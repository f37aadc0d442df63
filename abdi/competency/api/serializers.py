from rest_framework import serializers

from abdi.competency.models import Competency, CompetencyLevel


class CompetencyLevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = CompetencyLevel
        fields = ["level", "descriptor"]


class CompetencySerializer(serializers.ModelSerializer):
    levels = CompetencyLevelSerializer(many=True, read_only=True)

    class Meta:
        model = Competency
        fields = ["id", "code", "name", "kind", "description", "levels"]


class StandardRowSerializer(serializers.Serializer):
    competency = serializers.IntegerField()
    competency_name = serializers.CharField()
    required_level = serializers.IntegerField()


class PositionStandardSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    is_default = serializers.BooleanField(help_text="Standar bawaan menurut jenis jabatan.")
    standards = StandardRowSerializer(many=True)


class PositionStandardWriteSerializer(serializers.Serializer):
    levels = serializers.DictField(
        child=serializers.IntegerField(allow_null=True),
        help_text="{id kompetensi: level 1–5}; null menghapus kompetensi dari standar.",
    )


class GapRowSerializer(serializers.Serializer):
    competency = serializers.IntegerField()
    competency_name = serializers.CharField()
    # The API's field name shadows DRF's Field.required; the documented response keeps it.
    required = serializers.IntegerField()  # type: ignore[assignment]
    actual = serializers.IntegerField(allow_null=True)
    gap = serializers.IntegerField(help_text="standar − capaian; positif = di bawah standar")


class CompetencyGapsSerializer(serializers.Serializer):
    position = serializers.IntegerField(allow_null=True)
    jpm = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    band = serializers.CharField(allow_null=True)
    gaps = GapRowSerializer(many=True)
