import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import (
    HttpResponseBadRequest,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.i18n import LANGUAGE_QUERY_PARAMETER

from .context_processors import site

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """Liveness for load balancers: 200 when the database and the cache answer, 503 otherwise."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:
        logger.exception("Health check: database unavailable")
        checks["database"] = "error"
    try:
        cache.set("healthz", "1", 5)
        checks["cache"] = "ok" if cache.get("healthz") == "1" else "error"
    except Exception:
        logger.exception("Health check: cache unavailable")
        checks["cache"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503
    )


def too_many_requests(request, message, retry_after, title=None):
    """The 429 page of our own rate limits, with the app's message and a Retry-After header."""
    response = render(
        request,
        "429.html",
        {"title": title or _("Too many requests"), "message": message},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def bad_request(request, exception=None):
    if isinstance(exception, DisallowedHost):
        # Every context processor that builds a URL or finds the Wagtail site asks the request
        # for its host and would raise again (a 500); render without the request instead.
        return HttpResponseBadRequest(loader.render_to_string("400.html", site(None)))
    return render(request, "400.html", status=400)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the form expired or cookies are off. Django's `reason` is English
    developer text, so it goes to the log, not to the person."""
    logger.info("CSRF failure on %s: %s", request.path, reason)
    return render(request, "403_csrf.html", status=403)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request: context processors may need the database that just failed.
    # The nonce (a random value, no database) lets the page's own <style> pass the CSP.
    nonce = str(getattr(request, "csp_nonce", ""))
    return HttpResponseServerError(loader.get_template("500.html").render({"csp_nonce": nonce}))


@require_POST
def set_language(request):
    """Remember the reader's language (a cookie) and go on to the address for that language.

    Django's own view rewrites the `next` address through the URL patterns, which would turn a
    page's address into a made-up one (/tin-tuc/x/ into /en/tin-tuc/x/): pages are translated by
    editors, with their own slugs. So the form names the address for each language itself
    (`next_vi`, `next_en`: the page's translation, or that language's home page), falling back on
    `next`, the address the reader is on.
    """
    language = request.POST.get(LANGUAGE_QUERY_PARAMETER, "")
    target = request.POST.get(f"next_{language}") or request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if language and check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
