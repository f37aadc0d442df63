"""Shapes of the SKP-cycle endpoints an API-only client needs besides the SKP itself: the SKP
list, the BerAKHLAK values and expectations, the appraiser's work results (the cascade),
activities with evidence and realisations. Shapes only; the services enforce the rules."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from abdi.performance.choices import Approach, SKPStatus, WorkResultKind
from abdi.performance.models.execution import Activity, Realisation
from abdi.performance.models.planning import SKP, WorkResult


class SKPPersonSerializer(serializers.Serializer):
    nip = serializers.CharField()
    name = serializers.CharField(source="full_name")


class SKPListSerializer(serializers.ModelSerializer):
    employee = SKPPersonSerializer()
    year = serializers.IntegerField(source="performance_year.year")
    status = serializers.ChoiceField(choices=SKPStatus.choices)
    approach = serializers.ChoiceField(choices=Approach.choices)
    position = serializers.CharField(source="position.name", allow_null=True, default=None)
    org_unit = serializers.CharField(source="org_unit.name")
    appraiser = SKPPersonSerializer(allow_null=True)

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
        ]


class BehaviourValueSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    guides = serializers.CharField()


class ExpectationSerializer(serializers.Serializer):
    behaviour_value = BehaviourValueSerializer()
    expectation = serializers.CharField()


class ExpectationInputSerializer(serializers.Serializer):
    behaviour_value = serializers.IntegerField(help_text=_("Id nilai BerAKHLAK."))
    expectation = serializers.CharField(
        allow_blank=True, help_text=_("Kosong menghapus ekspektasi nilai ini.")
    )


class ExpectationsSetSerializer(serializers.Serializer):
    expectations = ExpectationInputSerializer(many=True, allow_empty=False, max_length=20)  # type: ignore[call-arg]  # many=True makes a ListSerializer


class CascadeWorkResultSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=WorkResultKind.choices)
    skp = serializers.IntegerField(source="skp_id")

    class Meta:
        model = WorkResult
        fields = ["id", "skp", "kind", "title"]


# `has_evidence` and `evidence_url` of a row with an evidence file, downloaded through the page
# named `evidence_route`. A comment, not a docstring: the schema would show a docstring as the
# description of each serializer that mixes this in.
class EvidenceFields:
    evidence_route = ""

    def get_has_evidence(self, obj) -> bool:
        return bool(obj.evidence)

    def get_evidence_url(self, obj) -> str:
        if not obj.evidence:
            return ""
        return reverse(self.evidence_route, args=[obj.pk])


class ActivitySerializer(EvidenceFields, serializers.ModelSerializer):
    work_result = serializers.IntegerField(source="work_result_id")
    has_evidence = serializers.SerializerMethodField()
    evidence_url = serializers.SerializerMethodField(
        help_text=_("Unduhan berkas bukti (sesi masuk), kosong bila tidak ada berkas.")
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            "work_result",
            "date",
            "description",
            "output",
            "evidence_link",
            "has_evidence",
            "evidence_url",
        ]

    evidence_route = "performance:activity_evidence"


class ActivityCreateSerializer(serializers.Serializer):
    work_result = serializers.IntegerField(help_text=_("Id RHK dari SKP ini."))
    date = serializers.DateField()
    description = serializers.CharField(max_length=5000)
    output = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")
    evidence = serializers.FileField(required=False, allow_null=True, default=None)
    evidence_link = serializers.CharField(
        max_length=200, allow_blank=True, required=False, default=""
    )


class RealisationSerializer(EvidenceFields, serializers.ModelSerializer):
    indicator = serializers.IntegerField(source="indicator_id")
    period = serializers.CharField(source="period.code")
    value = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, coerce_to_string=False
    )
    has_evidence = serializers.SerializerMethodField()
    evidence_url = serializers.SerializerMethodField()

    class Meta:
        model = Realisation
        fields = [
            "id",
            "indicator",
            "period",
            "value",
            "description",
            "self_assessment",
            "evidence_link",
            "has_evidence",
            "evidence_url",
        ]

    evidence_route = "performance:realisation_evidence"


class RealisationCreateSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(help_text=_("Id indikator dari SKP ini."))
    period = serializers.CharField(
        max_length=10, help_text=_('Kode periode: "2026-Q1", "2026-03", "2026-S1" atau "2026".')
    )
    value = serializers.DecimalField(
        max_digits=14, decimal_places=2, allow_null=True, required=False, default=None
    )
    description = serializers.CharField(
        max_length=5000, allow_blank=True, required=False, default=""
    )
    self_assessment = serializers.CharField(
        max_length=5000, allow_blank=True, required=False, default=""
    )
    evidence = serializers.FileField(required=False, allow_null=True, default=None)
    evidence_link = serializers.CharField(
        max_length=200, allow_blank=True, required=False, default=""
    )
