"""Shared pieces of every screen: `{% pagination page_obj %}`, `{% bar_chart chart %}`,
`{% column_chart chart %}` and
`{% messages_for messages "place" %}`."""

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


@register.inclusion_tag("includes/column_chart.html")
def column_chart(chart):
    """`chart` from `common.charts.column_chart(...)`."""
    return {"chart": chart}


#: A message meant for a place on the page (``extra_tags="place:comments"``) is shown there,
#: next to what the person just did, not in the banner at the top of the page.
PLACE_PREFIX = "place:"


@register.simple_tag
def messages_for(messages, place=""):
    """The messages for `place` ("" = the banner: those without a place). Reading the messages
    twice in one request is fine: the storage keeps them until the response is sent."""
    wanted = f"{PLACE_PREFIX}{place}" if place else ""
    found = []
    for message in messages or ():
        places = [t for t in message.extra_tags.split() if t.startswith(PLACE_PREFIX)]
        if (wanted in places) if wanted else not places:
            found.append(message)
    return found
