"""Shared pieces of every screen: `{% pagination page_obj %}` and `{% bar_chart chart %}`."""

from django import template

from common.pagination import PAGE_PARAM, query_without_page

register = template.Library()


@register.inclusion_tag("includes/pagination.html", takes_context=True)
def pagination(context, page_obj):
    request = context.get("request")
    return {
        "page_obj": page_obj,
        "param": PAGE_PARAM,
        "query": query_without_page(request) if request is not None else "",
    }


@register.inclusion_tag("includes/bar_chart.html")
def bar_chart(chart):
    """`chart` from `common.charts.bar_chart(...)`."""
    return {"chart": chart}
