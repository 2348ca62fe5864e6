from django import template

from common import vietnamese

register = template.Library()


@register.filter
def article_datetime(value):
    return vietnamese.article_datetime(value) if value else ""


@register.filter
def weekday(value):
    return vietnamese.weekday_name(value) if value else ""


@register.filter
def vn_number(value, decimals=0):
    try:
        return vietnamese.format_number(value, int(decimals))
    except (TypeError, ValueError):
        return value


@register.filter
def money(value):
    return vietnamese.format_money(value) if value is not None else ""


@register.filter
def masked_cccd(value):
    return vietnamese.mask_cccd(value)


@register.simple_tag
def place_date(place, value):
    return vietnamese.place_date_line(place, value)


@register.filter
def duration(milliseconds, precise=False):
    """{{ attempt.duration_ms|duration }} -> "12 phút 05 giây"."""
    return vietnamese.format_duration(milliseconds, precise=bool(precise))
