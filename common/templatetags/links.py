from django import template

from common.validators import is_http_url

register = template.Library()


@register.filter
def http_link(value):
    """The link to put in an href, or "" when it is not http(s) or a path on this site.

    Validators refuse such links when they are entered; this also keeps rows saved before the
    validators existed (or written around the forms) from ever rendering as a script link.
    """
    return value.strip() if is_http_url(value, site_paths=True) else ""
