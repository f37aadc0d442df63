"""Employee endpoints. Thin adapters over the same selectors, FilterSet, services and
permissions as the pages: an employee outside the user's scope is a 404, an action the user may
not take on a visible employee a 403, bad input a 400 `{"errors": {field: [messages]}}`."""

from __future__ import annotations

import dataclasses
from typing import cast

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from abdi.accounts.models import User
from abdi.core.api import ApiViewMixin
from abdi.core.selectors import reference_tables
from abdi.employees import read_log, rules
from abdi.employees.api.serializers import (
    EmployeeDetailSerializer,
    EmployeeListSerializer,
    EmployeeWriteSerializer,
    NipCheckSerializer,
)
from abdi.employees.filtersets import EmployeeFilterSet
from abdi.employees.permissions import (
    can_edit_employee,
    can_manage_employees,
    can_see_personal_data,
)
from abdi.employees.selectors.employees import (
    EmployeePaginator,
    employee_detail_queryset,
    employee_list,
)
from abdi.employees.services import employees as services

# The shared FilterSet's `unit` filter takes a unit id: say so in the schema.
extend_schema_field(OpenApiTypes.INT)(EmployeeFilterSet.filter_unit)

INPUT_FIELDS = tuple(f.name for f in dataclasses.fields(services.EmployeeInput))
TRUE_VALUES = {"1", "true", "yes", "on"}

_confirm_param = OpenApiParameter(
    "confirm_warnings",
    OpenApiTypes.BOOL,
    description="Sama dengan field confirm_warnings di body.",
    required=False,
)


class EmployeePagination(PageNumberPagination):
    """Pages of the employee list: ids first, then the rows (selectors.EmployeePaginator);
    `page_size` up to 200 (default 50)."""

    django_paginator_class = EmployeePaginator
    page_size_query_param = "page_size"
    max_page_size = 200


@extend_schema_view(
    create=extend_schema(
        request=EmployeeWriteSerializer,
        responses={201: EmployeeDetailSerializer},
        parameters=[_confirm_param],
    ),
    update=extend_schema(
        request=EmployeeWriteSerializer,
        responses=EmployeeDetailSerializer,
        parameters=[_confirm_param],
    ),
    partial_update=extend_schema(
        request=EmployeeWriteSerializer,
        responses=EmployeeDetailSerializer,
        parameters=[_confirm_param],
    ),
)
class EmployeeViewSet(
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Pegawai, looked up by NIP. The list takes the same filters as the employee list page."""

    lookup_field = "nip"
    filterset_class = EmployeeFilterSet
    pagination_class = EmployeePagination
    serializer_class = EmployeeDetailSerializer

    def get_queryset(self):
        if self.action == "list":
            return employee_list(user=self.request.user)
        return employee_detail_queryset(user=self.request.user)

    def filter_queryset(self, queryset):
        # The list's filters do not apply to a record fetched by its NIP.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def get_serializer_class(self):
        return EmployeeListSerializer if self.action == "list" else EmployeeDetailSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["today"] = timezone.localdate()
        context["tables"] = reference_tables()
        return context

    def retrieve(self, request, *args, **kwargs):
        employee = self.get_object()
        response = Response(self.get_serializer(employee).data)
        if can_see_personal_data(request.user, employee):
            # The detail carries NIK, address, phone and e-mail for this reader: record it.
            read_log.personal_data_read_record(
                reader=request.user, employee=employee, channel="api", path=request.get_full_path()
            )
        return response

    def create(self, request, *args, **kwargs):
        if not can_manage_employees(request.user):
            raise PermissionDenied
        data = self._valid_input(request)
        employee = services.employee_create(
            actor=request.user,
            data=services.EmployeeInput(**self._input_fields(data)),
            confirm_warnings=self._confirm(request, data),
        )
        return self._detail(employee, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        employee = self.get_object()
        if not can_edit_employee(request.user, employee):
            raise PermissionDenied
        data = self._valid_input(request, partial=kwargs.get("partial", False))
        current = {name: getattr(employee, name) for name in INPUT_FIELDS}
        employee = services.employee_update(
            actor=request.user,
            employee=employee,
            data=services.EmployeeInput(**{**current, **self._input_fields(data)}),
            confirm_warnings=self._confirm(request, data),
            reason=data.get("reason", ""),
        )
        return self._detail(employee, status.HTTP_200_OK)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def _valid_input(self, request, *, partial: bool = False) -> dict:
        serializer = EmployeeWriteSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @staticmethod
    def _input_fields(data: dict) -> dict:
        return {k: v for k, v in data.items() if k in INPUT_FIELDS}

    @staticmethod
    def _confirm(request, data: dict) -> bool:
        from_query = request.query_params.get("confirm_warnings", "").lower() in TRUE_VALUES
        return bool(data.get("confirm_warnings")) or from_query

    def _detail(self, employee, status_code: int) -> Response:
        # The view's permission classes let only a signed-in user through.
        user = cast(User, self.request.user)
        employee = employee_detail_queryset(user=user).get(pk=employee.pk)
        serializer = EmployeeDetailSerializer(employee, context=self.get_serializer_context())
        return Response(serializer.data, status=status_code)


class NipCheckView(ApiViewMixin, APIView):
    """Read a NIP (PNS) or NI PPPK: what it says and what is wrong with it. Always 200; an
    invalid number has `valid: false` and the reasons in `errors`."""

    serializer_class = NipCheckSerializer

    @extend_schema(responses=NipCheckSerializer)
    def get(self, request, value: str):
        info = rules.parse_nip(value, min_appointment_age=services.min_appointment_age())
        body = {
            "value": info.value,
            "valid": info.valid,
            "kind": info.kind,
            "birth_date": info.birth_date,
            "sex": info.sex,
            "sequence": info.sequence,
            "errors": list(info.errors),
        }
        if info.kind == "pns":
            body["tmt_cpns"] = info.tmt_cpns
        elif info.kind == "pppk":
            body["appointment_year"] = info.appointment_year
            body["contract_frequency"] = info.contract_frequency
        return Response(NipCheckSerializer(body).data)
