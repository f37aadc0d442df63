"""Serializers of the survey API: shapes only; abdi.feedback.services.surveys enforces the rules."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from abdi.feedback.choices import AgeBand, RespondentEducation, RespondentOccupation, RespondentSex
from abdi.feedback.models import SatisfactionSurvey
from abdi.feedback.rules import surveys as rules
from abdi.feedback.services.surveys import ResponseInput


class SurveySerializer(serializers.ModelSerializer):
    service_name = serializers.CharField(source="service.name", read_only=True)
    org_unit = serializers.IntegerField(source="service.org_unit_id", read_only=True)
    respondents = serializers.SerializerMethodField()
    public_url = serializers.SerializerMethodField()

    class Meta:
        model = SatisfactionSurvey
        fields = [
            "id",
            "code",
            "service",
            "service_name",
            "org_unit",
            "title",
            "period_start",
            "period_end",
            "population",
            "questions",
            "is_open",
            "respondents",
            "public_url",
        ]
        read_only_fields = fields

    def get_respondents(self, obj) -> int:
        value = getattr(obj, "respondents", None)
        return value if value is not None else obj.responses.count()

    def get_public_url(self, obj) -> str:
        path = reverse("public:survey_form", args=[obj.code])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class SurveyCreateSerializer(serializers.Serializer):
    service = serializers.IntegerField(help_text=_("ID layanan publik."))
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    population = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    questions = serializers.DictField(
        child=serializers.CharField(max_length=500),
        required=False,
        help_text=_('Kalimat pertanyaan per unsur, mis. {"U1": "…"}; default baku.'),
    )


class ProfileSerializer(serializers.Serializer):
    age_band = serializers.ChoiceField(AgeBand.choices, required=False, allow_blank=True)
    sex = serializers.ChoiceField(RespondentSex.choices, required=False, allow_blank=True)
    education = serializers.ChoiceField(
        RespondentEducation.choices, required=False, allow_blank=True
    )
    occupation = serializers.ChoiceField(
        RespondentOccupation.choices, required=False, allow_blank=True
    )


class ResponseSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.IntegerField(allow_null=True),
        help_text=_('Jawaban 1–4 per unsur: {"U1": 4, …, "U9": 3}.'),
    )
    profile = ProfileSerializer(required=False)
    suggestion = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    def to_input(self) -> ResponseInput:
        return response_input(self.validated_data)


def response_input(data: dict) -> ResponseInput:
    profile = data.get("profile") or {}
    return ResponseInput(
        answers=dict(data.get("answers") or {}),
        age_band=profile.get("age_band", ""),
        sex=profile.get("sex", ""),
        education=profile.get("education", ""),
        occupation=profile.get("occupation", ""),
        suggestion=data.get("suggestion", ""),
    )


class PublicResponseCreatedSerializer(serializers.Serializer):
    accepted = serializers.BooleanField()
    device_token = serializers.CharField(
        help_text=_("Kirim lagi di header X-Device-Token pada jawaban berikutnya.")
    )


class PaperResponsesCreatedSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    respondents = serializers.IntegerField()


class SurveyResultSerializer(serializers.Serializer):
    respondents = serializers.IntegerField()
    nrr = serializers.DictField(
        child=serializers.DecimalField(
            max_digits=5, decimal_places=3, allow_null=True, coerce_to_string=False
        )
    )
    ikm = serializers.DecimalField(
        max_digits=5, decimal_places=3, allow_null=True, coerce_to_string=False
    )
    ikm_100 = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, coerce_to_string=False
    )
    mutu = serializers.ChoiceField(choices=["A", "B", "C", "D"], allow_null=True)
    kinerja = serializers.CharField(allow_null=True)
    sample_required = serializers.IntegerField(allow_null=True)
    sample_sufficient = serializers.BooleanField(allow_null=True)
    priorities = serializers.ListField(child=serializers.CharField())

    @staticmethod
    def from_result(result) -> dict:
        return {
            "respondents": result.respondents,
            "nrr": {
                e.code: (None if e.nrr is None else rules.to_decimal(e.nrr, 3))
                for e in result.elements
            },
            "ikm": result.ikm_display,
            "ikm_100": result.ikm_100,
            "mutu": result.grade.grade if result.grade else None,
            "kinerja": result.grade.performance_label if result.grade else None,
            "sample_required": result.sample_required,
            "sample_sufficient": result.sample_sufficient,
            "priorities": [e.code for e in result.priorities],
        }
