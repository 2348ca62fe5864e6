from django import template

from contests import formatting

register = template.Library()


@register.filter
def formatted(value):
    """A question's or choice's text as sanitised HTML (see contests.formatting)."""
    return formatting.render(value)


@register.filter
def formatted_inline(value):
    """The same, for a <legend> or <label>: paragraphs and lists become line breaks."""
    return formatting.render(value, inline=True)


@register.filter
def plain(value):
    return formatting.plain_text(value)
