from django import template
from django.utils import timezone
from django.utils.translation import get_language

from common import vietnamese

register = template.Library()

ENGLISH_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@register.filter
def article_datetime(value):
    """ "Thứ Sáu, 03/01/2020 | 16:27"; on English screens the weekday is English (same numbers)."""
    if not value:
        return ""
    if get_language() == "en":
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return f"{ENGLISH_WEEKDAYS[value.weekday()]}, {value:%d/%m/%Y} | {value:%H:%M}"
    return vietnamese.article_datetime(value)


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
