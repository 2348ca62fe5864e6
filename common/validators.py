"""Links that organizers type (contest rules, an online meeting, the alert banner) may only point
to web pages: http or https, or a path on this site. Anything else (javascript:, data:,
vbscript:, ...) would run script or show forged content when a reader clicks it."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

SCHEMES = ("http", "https")
# Browsers drop ASCII tab and newline anywhere in a URL and C0 controls and spaces at its ends,
# so "java\tscript:" and " javascript:" are still javascript: to them. Judge what they see.
_IGNORED_BY_BROWSERS = re.compile(r"[\x00-\x20\x7f]+")


def is_http_url(value, *, site_paths=False):
    """True when `value` is an absolute http(s) address with a host, or (with `site_paths`) a
    path on this site such as "/the-le/"."""
    if not isinstance(value, str):
        return False
    text = _IGNORED_BY_BROWSERS.sub("", value)
    if site_paths and text.startswith("/"):
        # "//host" and "/\host" leave the site (browsers read "\" as "/"): full addresses only.
        return not text.startswith(("//", "/\\"))
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in SCHEMES and bool(parts.hostname)


@deconstructible
class HttpURLValidator:
    """Refuses anything but http(s) addresses (and, with `site_paths`, paths on this site)."""

    def __init__(self, site_paths=False):
        self.site_paths = site_paths

    def __call__(self, value):
        if value and not is_http_url(value, site_paths=self.site_paths):
            message = (
                _(
                    "Enter an address starting with http:// or https://, or a path on this site starting with /."
                )
                if self.site_paths
                else _("Enter an address starting with http:// or https://.")
            )
            raise ValidationError(message, code="url_scheme")

    def __eq__(self, other):
        return isinstance(other, HttpURLValidator) and other.site_paths == self.site_paths


validate_http_url = HttpURLValidator()
validate_link = HttpURLValidator(site_paths=True)
