"""Display helpers of the selection pages (labels only; no rules here)."""

from django import template

from abdi.careers.models.selection import RuleKind, StageKind

register = template.Library()


@register.filter
def rule_label(value: str) -> str:
    return str(RuleKind(value).label) if value in RuleKind.values else value


@register.filter
def stage_label(value: str) -> str:
    return str(StageKind(value).label) if value in StageKind.values else value


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
