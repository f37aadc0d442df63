"""`{% load money %}` … `{{ amount|rupiah }}`: see abdi.core.money."""

from django import template

from abdi.core import money

register = template.Library()


@register.filter
def rupiah(value) -> str:
    return money.rupiah(value)
