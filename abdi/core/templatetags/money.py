"""`{% load money %}` … `{{ amount|rupiah }}`: see abdi.core.money."""

from django import template

from abdi.core.money import rupiah as _rupiah

register = template.Library()


@register.filter
def rupiah(value) -> str:
    return _rupiah(value)
