"""`{% round_charts stats %}`: the score bands and the participation by unit of a round, drawn
by the shared bar chart, for the organizers' results and live screens."""

from django import template

from ..services import round_charts as build

register = template.Library()


@register.inclusion_tag("contests/admin/_round_charts.html")
def round_charts(stats):
    """`stats` from `services.round_statistics()`."""
    band_chart, unit_chart = build(stats)
    return {"band_chart": band_chart, "unit_chart": unit_chart}
