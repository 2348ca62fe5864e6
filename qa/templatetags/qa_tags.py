import html
import re

from django import template
from django.utils.html import strip_tags
from wagtail.rich_text import expand_db_html

register = template.Library()

_BREAKS = re.compile(r"</(p|li|ol|ul|h[1-6])>|<br\s*/?>", re.IGNORECASE)
_ITEM = re.compile(r"<li[^>]*>", re.IGNORECASE)
_LINK = re.compile(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', re.IGNORECASE | re.DOTALL)


@register.filter
def answer_text(value) -> str:
    """An answer's rich text as plain text for the email's text part: paragraphs and list items
    on their own lines, links with their address in brackets."""
    expanded = expand_db_html(value or "")
    expanded = _LINK.sub(lambda match: f"{match.group(2)} ({match.group(1)})", expanded)
    expanded = _ITEM.sub("- ", expanded)
    expanded = _BREAKS.sub("\n", expanded)
    lines = [" ".join(html.unescape(strip_tags(line)).split()) for line in expanded.split("\n")]
    return "\n".join(line for line in lines if line)
