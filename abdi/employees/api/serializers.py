"""Shapes of the employee endpoints. The serializers check the input's shape; the rules (NIP,
sex vs NIP, dates, scope, warnings) are enforced by abdi/employees/services.py."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from abdi.core.choices import EmployeeKind
from abdi.core.models import EducationLevel, Rank
from abdi.core.selectors import ReferenceTables
from abdi.employees.choices import EmploymentStatus, Sex
from abdi.employees.models import Employee
from abdi.employees.permissions import can_see_personal_data
from abdi.employees.selectors.employees import EmployeeFacts, employee_facts, retirement_for
from abdi.org.models import OrgUnit, Position

PERSONAL_FIELDS = ("nik", "address", "phone", "email")


class RankBriefSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()


class PositionBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()


class OrgUnitBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class EducationBriefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class PersonBriefSerializer(serializers.Serializer):
    nip = serializers.CharField()
    name = serializers.CharField(source="full_name")


class YearsOfServiceSerializer(serializers.Serializer):
    years = serializers.IntegerField()
    months = serializers.IntegerField()
    decimal = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        coerce_to_string=False,
        help_text=_("Masa kerja dalam tahun, mis. 14.25 untuk 14 tahun 3 bulan."),
    )


@extend_schema_field(
    {"type": "string", "description": "Data pribadi: hanya untuk pegawai ybs. dan admin."}
)
class PersonalDataField(serializers.CharField):
    """Present only for those who may see it, so not `required` in the schema. (Declared as
    an optional field rather than read-only, which the schema would mark required; the detail
    serializer is never used for input.)"""

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)


class _FactsMixin(serializers.BaseSerializer):
    """Derived facts need the reference tables and today's date; the view passes both in the
    context (`today`, `tables`) so that a list loads them once, not once per row."""

    def _today(self) -> dt.date:
        return self.context["today"]

    def _tables(self) -> ReferenceTables:
        return self.context["tables"]


class EmployeeListSerializer(_FactsMixin, serializers.ModelSerializer):
    """One list row: only what selectors.employee_list loads in its single query."""

    rank = RankBriefSerializer(allow_null=True, read_only=True)
    position = PositionBriefSerializer(allow_null=True, read_only=True)
    org_unit = OrgUnitBriefSerializer(read_only=True)
    retirement_date = serializers.SerializerMethodField()

    class Meta:
        model = Employee
        fields = [
            "nip",
            "front_title",
            "name",
            "back_title",
            "full_name",
            "kind",
            "status",
            "sex",
            "birth_date",
            "rank",
            "position",
            "org_unit",
            "is_active",
            "retirement_date",
        ]
        read_only_fields = fields

    def get_retirement_date(self, obj: Employee) -> dt.date:
        return retirement_for(obj, self._tables(), self._today())[1]


class EmployeeDetailSerializer(_FactsMixin, serializers.ModelSerializer):
    """The full record with its derived facts. `nik`, `address`, `phone` and `email` are present
    only for the employee themself and BKPSDM admins (as on the page)."""

    rank = RankBriefSerializer(allow_null=True, read_only=True)
    position = PositionBriefSerializer(allow_null=True, read_only=True)
    org_unit = OrgUnitBriefSerializer(read_only=True)
    education_level = EducationBriefSerializer(allow_null=True, read_only=True)
    nik = PersonalDataField()
    address = PersonalDataField()
    phone = PersonalDataField()
    # Not an EmailField: an employee without an address has "", which `format: email` refuses.
    email = PersonalDataField(help_text="Alamat e-mail; kosong bila tidak ada.")
    age = serializers.SerializerMethodField()
    years_of_service = serializers.SerializerMethodField()
    retirement_age = serializers.SerializerMethodField()
    retirement_date = serializers.SerializerMethodField()
    rank_promotion_due = serializers.SerializerMethodField()
    rank_promotion_blockers = serializers.SerializerMethodField()
    next_kgb_date = serializers.SerializerMethodField()
    supervisor = serializers.SerializerMethodField()

    class Meta:
        model = Employee
        fields = [
            "nip",
            "kind",
            "status",
            "front_title",
            "name",
            "back_title",
            "full_name",
            "birth_place",
            "birth_date",
            "sex",
            "nik",
            "address",
            "phone",
            "email",
            "tmt_cpns",
            "tmt_pns",
            "appointment_date",
            "rank",
            "rank_effective_from",
            "position",
            "position_effective_from",
            "org_unit",
            "education_level",
            "last_kgb_date",
            "is_active",
            "age",
            "years_of_service",
            "retirement_age",
            "retirement_date",
            "rank_promotion_due",
            "rank_promotion_blockers",
            "next_kgb_date",
            "supervisor",
        ]
        read_only_fields = fields

    def _facts(self, obj: Employee) -> EmployeeFacts:
        cache = self.context.setdefault("_facts", {})
        if obj.pk not in cache:
            cache[obj.pk] = employee_facts(obj, today=self._today(), tables=self._tables())
        return cache[obj.pk]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not can_see_personal_data(request.user, instance):
            for key in PERSONAL_FIELDS:
                data.pop(key, None)
        return data

    def get_age(self, obj) -> int:
        return self._facts(obj).age

    @extend_schema_field(YearsOfServiceSerializer(allow_null=True))
    def get_years_of_service(self, obj):
        duration = self._facts(obj).years_of_service
        if duration is None:
            return None
        decimal = (Decimal(duration.years) + Decimal(duration.months) / 12).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
        return {"years": duration.years, "months": duration.months, "decimal": float(decimal)}

    def get_retirement_age(self, obj) -> int:
        return self._facts(obj).retirement_age

    def get_retirement_date(self, obj) -> dt.date:
        return self._facts(obj).retirement_date

    @extend_schema_field(OpenApiTypes.DATE)
    def get_rank_promotion_due(self, obj) -> dt.date | None:
        promotion = self._facts(obj).promotion
        return promotion.due_date if promotion else None

    def get_rank_promotion_blockers(self, obj) -> list[str]:
        promotion = self._facts(obj).promotion
        if promotion is None:
            return [str(_("PPPK tidak mengenal kenaikan pangkat reguler."))]
        return [str(r) for r in promotion.reasons]

    @extend_schema_field(OpenApiTypes.DATE)
    def get_next_kgb_date(self, obj) -> dt.date | None:
        return self._facts(obj).next_kgb_date

    @extend_schema_field(PersonBriefSerializer(allow_null=True))
    def get_supervisor(self, obj):
        supervisor = self._facts(obj).supervisor
        return PersonBriefSerializer(supervisor).data if supervisor else None


class EmployeeWriteSerializer(serializers.Serializer):
    """Create (POST) or update (PUT/PATCH) an employee. Fields left out of a PUT or PATCH keep
    their current value."""

    nip = serializers.CharField(max_length=30, help_text=_("NIP PNS atau NI PPPK, 18 digit."))
    name = serializers.CharField(max_length=150)
    birth_date = serializers.DateField()
    sex = serializers.ChoiceField(choices=Sex.choices)
    status = serializers.ChoiceField(choices=EmploymentStatus.choices)
    org_unit: serializers.PrimaryKeyRelatedField[OrgUnit] = serializers.PrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all()
    )
    front_title = serializers.CharField(max_length=40, required=False, allow_blank=True)
    back_title = serializers.CharField(max_length=60, required=False, allow_blank=True)
    birth_place = serializers.CharField(max_length=100, required=False, allow_blank=True)
    nik = serializers.CharField(max_length=16, required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    tmt_cpns = serializers.DateField(required=False, allow_null=True)
    tmt_pns = serializers.DateField(required=False, allow_null=True)
    appointment_date = serializers.DateField(required=False, allow_null=True)
    rank = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Rank.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Kode golongan, mis. III/a (PNS) atau PPPK-IX (PPPK)."),
    )
    rank_effective_from = serializers.DateField(required=False, allow_null=True)
    position = serializers.PrimaryKeyRelatedField(
        queryset=Position.objects.all(), required=False, allow_null=True
    )
    position_effective_from = serializers.DateField(required=False, allow_null=True)
    education_level = serializers.SlugRelatedField(
        slug_field="code", queryset=EducationLevel.objects.all(), required=False, allow_null=True
    )
    last_kgb_date = serializers.DateField(required=False, allow_null=True)
    confirm_warnings = serializers.BooleanField(
        required=False,
        default=False,
        write_only=True,
        help_text=_("Kirim true untuk menyimpan walau ada peringatan (confirmation_required)."),
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        max_length=200,
        help_text=_("Alasan perubahan, dicatat di riwayat (hanya untuk ubah)."),
    )


class NipCheckSerializer(serializers.Serializer):
    value = serializers.CharField(help_text=_("Nilai yang diperiksa, tanpa spasi."))
    valid = serializers.BooleanField()
    kind = serializers.ChoiceField(choices=EmployeeKind.choices, allow_null=True)
    birth_date = serializers.DateField(allow_null=True)
    tmt_cpns = serializers.DateField(
        required=False, allow_null=True, help_text=_("Hanya untuk NIP PNS.")
    )
    appointment_year = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Hanya untuk NI PPPK.")
    )
    contract_frequency = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Hanya untuk NI PPPK.")
    )
    sex = serializers.ChoiceField(choices=Sex.choices, allow_null=True)
    sequence = serializers.IntegerField(allow_null=True)
    # The field, not Serializer.errors: DRF takes declared fields off the class.
    errors = serializers.ListField(child=serializers.CharField())  # type: ignore[assignment]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for key in ("tmt_cpns", "appointment_year", "contract_frequency"):
            if key not in instance:
                data.pop(key, None)
        return data
