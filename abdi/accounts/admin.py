"""Admin for logins and their roles. Roles are given and taken back through accounts.services,
so the matching Group and staff status follow, and scoping rules hold."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from abdi.accounts import services
from abdi.accounts.models import RoleAssignment, User
from abdi.accounts.roles import SCOPED_ROLES, Role


class RoleAssignmentForm(forms.ModelForm):
    class Meta:
        model = RoleAssignment
        fields = ("role", "org_unit")

    def clean(self):
        data = super().clean()
        role, unit = data.get("role"), data.get("org_unit")
        if role and unit is not None and role not in SCOPED_ROLES:
            raise ValidationError(
                {
                    "org_unit": _(
                        "Peran %(role)s selalu berlaku untuk seluruh instansi, tanpa lingkup unit."
                    )
                    % {"role": Role(role).label}
                }
            )
        return data


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    form = RoleAssignmentForm
    extra = 0
    autocomplete_fields = ("org_unit",)
    fk_name = "user"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = (RoleAssignmentInline,)
    list_display = (
        "username",
        "first_name",
        "last_name",
        "email",
        "roles",
        "is_staff",
        "is_active",
    )
    list_filter = ("is_staff", "is_superuser", "is_active", "role_assignments__role")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("role_assignments")

    @admin.display(description=_("peran"))
    def roles(self, obj):
        return ", ".join(sorted({a.get_role_display() for a in obj.role_assignments.all()})) or "—"

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            # Groups and staff status follow the roles; only a superuser makes superusers.
            readonly += ["is_superuser", "is_staff", "groups", "user_permissions"]
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for assignment in formset.deleted_objects:
            services.role_revoke(actor=request.user, assignment=assignment)
        for assignment, _changed in formset.changed_objects:
            old = RoleAssignment.objects.get(pk=assignment.pk)
            services.role_revoke(actor=request.user, assignment=old)
            services.role_assign(
                actor=request.user,
                user=form.instance,
                role=assignment.role,
                org_unit=assignment.org_unit,
            )
        for assignment in formset.new_objects:
            services.role_assign(
                actor=request.user,
                user=form.instance,
                role=assignment.role,
                org_unit=assignment.org_unit,
            )
