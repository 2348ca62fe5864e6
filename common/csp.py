"""Content-Security-Policy on every response (django-csp), strict on the public site and looser
only under the admin prefixes, where Wagtail's own templates carry inline scripts and styles.

The public policy is CONTENT_SECURITY_POLICY in settings; ADMIN_REPLACE swaps a few directives
for the admin. A nonce is only valid in a policy without 'unsafe-inline' (browsers then ignore
'unsafe-inline'), so the admin policy has none.
"""

import json
import logging
from urllib.parse import urlsplit

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from . import ratelimit

logger = logging.getLogger("csp.violations")

# What the Wagtail admin needs beyond the public policy, found by walking its screens in
# Chromium (tests/e2e/test_csp.py): inline <script> in its widget and panel templates (date
# pickers, inline panels, workflow) and inline style attributes (its own and our admin screens'
# bars). Its other needs are settings: no gravatar images, no update check (base.py).
ADMIN_REPLACE = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
}

REPORT_MAX_BYTES = 8 * 1024
REPORT_LIMIT = (30, 60)  # reports per address per minute; a broken page sends a few per view


def is_admin_path(path):
    return path.startswith(tuple(settings.CSP_ADMIN_PATH_PREFIXES))


class PathPolicyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin policy under CSP_ADMIN_PATH_PREFIXES."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and is_admin_path(request.path_info):
            parts.replace = {**ADMIN_REPLACE, **(parts.replace or {})}
            parts.nonce = None
        return parts


def _origin_and_path(value):
    """The part of a reported address that is safe to log: scheme, host and path, no query or
    fragment (they can carry search terms, tokens or ids). Keywords ("inline", "eval") stay."""
    if not isinstance(value, str):
        return ""
    parts = urlsplit(value[:500])
    if not parts.scheme:
        return value[:40]
    if parts.scheme in ("http", "https"):
        return f"{parts.scheme}://{parts.netloc}{parts.path}"
    return f"{parts.scheme}:"


@csrf_exempt
def report(request):
    """Where browsers send CSP violation reports (report-uri): logged for the operators, at most
    REPORT_LIMIT per address, only small bodies, and nothing personal (see _origin_and_path)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not ratelimit.hit_ip(request, "csp-report", *REPORT_LIMIT):
        return HttpResponse(status=429)
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > REPORT_MAX_BYTES:
        return HttpResponse(status=413)
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return HttpResponse(status=400)
    item = body.get("csp-report") if isinstance(body, dict) else None
    if not isinstance(item, dict):
        return HttpResponse(status=400)
    logger.warning(
        "CSP violation: %s blocked %s on %s (%s line %s)",
        str(item.get("effective-directive") or item.get("violated-directive") or "")[:60],
        _origin_and_path(item.get("blocked-uri")),
        _origin_and_path(item.get("document-uri")),
        _origin_and_path(item.get("source-file")),
        str(item.get("line-number") or "")[:10],
    )
    return HttpResponse(status=204)
