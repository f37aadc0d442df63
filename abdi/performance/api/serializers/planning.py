"""Shapes of the performance endpoints. The serializers check the input's shape; the rules (the
cascade, targets, who may act, one evaluation per period) are enforced by
abdi/performance/services/."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from abdi.core.choices import Predikat
from abdi.performance.choices import (
    Approach,
    EvaluationStatus,
    IndicatorAspect,
    OrgPredikat,
    Rating,
    SKPStatus,
    WorkResultKind,
)
from abdi.performance.models.evaluation import Evaluation
from abdi.performance.models.planning import SKP, Indicator, WorkResult


class PersonSerializer(serializers.Serializer):
    """An employee as an SKP names them: NIP, name, rank, position, unit."""

    nip = serializers.CharField()
    name = serializers.CharField(source="full_name")
    rank = serializers.SerializerMethodField()
    position = serializers.SerializerMethodField()
    org_unit = serializers.SerializerMethodField()

    def get_rank(self, obj) -> str | None:
        return obj.rank.code if obj.rank_id else None

    def get_position(self, obj) -> str | None:
        return obj.position.name if obj.position_id else None

    def get_org_unit(self, obj) -> str | None:
        return obj.org_unit.name if obj.org_unit_id else None


class IndicatorSerializer(serializers.ModelSerializer):
    aspect = serializers.ChoiceField(choices=IndicatorAspect.choices)
    target_value = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, coerce_to_string=False
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            "aspect",
            "description",
            "target_value",
            "target_unit",
            "target_description",
        ]


class WorkResultSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=WorkResultKind.choices)
    supports: serializers.PrimaryKeyRelatedField[WorkResult] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )
    indicators = IndicatorSerializer(many=True, read_only=True)

    class Meta:
        model = WorkResult
        fields = ["id", "kind", "title", "supports", "indicators"]


class SKPSerializer(serializers.ModelSerializer):
    employee = PersonSerializer()
    year = serializers.IntegerField(source="performance_year.year")
    status = serializers.ChoiceField(choices=SKPStatus.choices)
    approach = serializers.ChoiceField(choices=Approach.choices)
    position = serializers.CharField(source="position.name", allow_null=True, default=None)
    org_unit = serializers.CharField(source="org_unit.name")
    appraiser = PersonSerializer(allow_null=True)
    appraiser_superior = PersonSerializer(allow_null=True)
    work_results = WorkResultSerializer(many=True, read_only=True)

    class Meta:
        model = SKP
        fields = [
            "id",
            "employee",
            "year",
            "version",
            "status",
            "approach",
            "position",
            "org_unit",
            "appraiser",
            "appraiser_superior",
            "from_performance_agreement",
            "submitted_at",
            "approved_at",
            "work_results",
        ]


class SKPCreateSerializer(serializers.Serializer):
    employee = serializers.CharField(help_text=_("NIP pegawai pemilik SKP."))
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    approach = serializers.ChoiceField(
        choices=Approach.choices, default=Approach.QUANTITATIVE, required=False
    )


class WorkResultCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=500)
    kind = serializers.ChoiceField(choices=WorkResultKind.choices, default=WorkResultKind.MAIN)
    supports = serializers.IntegerField(
        allow_null=True,
        required=False,
        default=None,
        help_text=_("Id RHK atasan yang diintervensi (wajib untuk RHK utama)."),
    )


class IndicatorCreateSerializer(serializers.Serializer):
    aspect = serializers.ChoiceField(choices=IndicatorAspect.choices)
    description = serializers.CharField(max_length=500)
    target_value = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, required=False, default=None
    )
    target_unit = serializers.CharField(max_length=60, allow_blank=True, required=False, default="")
    target_description = serializers.CharField(allow_blank=True, required=False, default="")


class TransitionSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, required=False, default="")


class EvaluationCreateSerializer(serializers.Serializer):
    period = serializers.CharField(
        max_length=10, help_text=_('Kode periode: "2026-Q1", "2026-03", "2026-S1" atau "2026".')
    )
    work_result_rating = serializers.ChoiceField(choices=Rating.choices)
    behaviour_rating = serializers.ChoiceField(choices=Rating.choices)
    notes = serializers.CharField(allow_blank=True, required=False, default="")


class EvaluationSerializer(serializers.ModelSerializer):
    skp = serializers.IntegerField(source="skp_id")
    period = serializers.CharField(source="period.code")
    work_result_rating = serializers.ChoiceField(choices=Rating.choices)
    behaviour_rating = serializers.ChoiceField(choices=Rating.choices)
    predikat = serializers.ChoiceField(choices=Predikat.choices)
    status = serializers.ChoiceField(choices=EvaluationStatus.choices)
    evaluator = PersonSerializer()
    credit_points = serializers.DecimalField(
        max_digits=8, decimal_places=3, allow_null=True, coerce_to_string=False
    )

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "skp",
            "period",
            "work_result_rating",
            "work_result_from_org_predikat",
            "behaviour_rating",
            "predikat",
            "status",
            "evaluator",
            "credit_points",
            "notes",
        ]


class LimitSerializer(serializers.Serializer):
    predikats = serializers.ListField(child=serializers.ChoiceField(choices=Predikat.choices))
    min_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, coerce_to_string=False
    )
    max_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, coerce_to_string=False
    )
    min_count = serializers.IntegerField(allow_null=True)
    max_count = serializers.IntegerField(allow_null=True)
    count = serializers.IntegerField()
    share = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, coerce_to_string=False
    )
    note = serializers.CharField()
    violated = serializers.BooleanField()
    kind = serializers.CharField(
        help_text=_('Untuk batas yang dilanggar: "too_few" atau "too_many"; selain itu kosong.')
    )


class DistributionUnitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PredikatCountsSerializer(serializers.Serializer):
    sangat_baik = serializers.IntegerField()
    baik = serializers.IntegerField()
    butuh_perbaikan = serializers.IntegerField()
    kurang = serializers.IntegerField()
    sangat_kurang = serializers.IntegerField()


class PredikatSharesSerializer(serializers.Serializer):
    sangat_baik = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=False
    )
    baik = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=False
    )
    butuh_perbaikan = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=False
    )
    kurang = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=False
    )
    sangat_kurang = serializers.DecimalField(
        max_digits=4, decimal_places=1, allow_null=True, coerce_to_string=False
    )


class DistributionSerializer(serializers.Serializer):
    unit = DistributionUnitSerializer()
    period = serializers.CharField()
    total = serializers.IntegerField()
    counts = PredikatCountsSerializer()
    shares = PredikatSharesSerializer(help_text=_("Persen dari jumlah yang dinilai."))
    org_predikat = serializers.ChoiceField(choices=OrgPredikat.choices, allow_null=True)
    org_predikat_unit = DistributionUnitSerializer(
        allow_null=True, help_text=_("Unit yang predikatnya berlaku (unit ini atau induknya).")
    )
    rounding = serializers.CharField()
    limits = LimitSerializer(many=True)
    violations = LimitSerializer(many=True)
