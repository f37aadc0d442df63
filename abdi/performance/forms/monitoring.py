"""The monitoring pages' unit filter (issue 13): a searchable picker (org.widgets.UnitPicker)
over the units the page allows, not a select listing every unit. The views keep reading and
checking `?unit=<pk>` themselves; this form only renders the picker, preselected."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from abdi.employees.permissions import subtree_q
from abdi.org.models import OrgUnit
from abdi.org.widgets import UnitPicker
from abdi.performance.selectors.team import calibratable_unit_paths, watchable_unit_paths

# The picker scopes (registered in PerformanceConfig.ready) and their subtrees for a user.
MONITOR_SCOPES = {
    "monitor": watchable_unit_paths,
    "calibration": calibratable_unit_paths,
}


class MonitorUnitForm(forms.Form):
    """`scope`: "monitor" (unit and team monitors) or "calibration" (calibration, raters).
    Unbound; `initial={"unit": pk}` preselects the unit being shown. The field's id is "unit"
    (auto_id="%s"), the search box's, so the label points at it."""

    unit: forms.ModelChoiceField[OrgUnit] = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=OrgUnit.objects.filter(is_active=True),
        required=False,
        widget=UnitPicker(),
    )

    def __init__(self, *args, user, scope: str, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        within = MONITOR_SCOPES[scope](user)
        widget = self.fields["unit"].widget
        widget.scope = scope
        widget.within = within
        if within is not None:
            # self.fields holds a copy of the declared field, which Form types as a plain Field.
            unit = cast(forms.ModelChoiceField, self.fields["unit"])
            unit.queryset = OrgUnit.objects.filter(subtree_q(within, "path"), is_active=True)
