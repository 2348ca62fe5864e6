"""Request checks that apply to every view."""

from functools import lru_cache

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, get_resolver
from django.utils import translation

from .views import bad_request


class RejectNullCharactersMiddleware:
    """Answer 400 to an address whose path or query string holds a NUL character.

    No page has a use for one, and PostgreSQL refuses it inside text, so a search or filter that
    passed it on would end in a database error (a 500). Form fields already refuse it (Django's
    CharField validator); this covers the query strings that views read directly.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return bad_request(request)
        return self.get_response(request)


class VietnameseFirstMiddleware:
    """Serve Vietnamese unless the reader chose English with the language switch.

    Many civil servants use a browser or an operating system set to English; negotiating on the
    browser's Accept-Language would hand them an English portal they never asked for. The choice
    made with the language switch (a cookie) still wins. Goes before PageLanguageMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class PageLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with one change: only pages take their language from the address.

    The site's pages come in two trees: Vietnamese at unprefixed addresses (as they always were)
    and English under /en/ (`i18n_patterns(..., prefix_default_language=False)` around Wagtail's
    URLs). Django would then force Vietnamese on every unprefixed address, so the courses,
    contests and account screens could no longer follow the reader's language switch (a
    cookie). Here an unprefixed address is Vietnamese only when it is a page; every other screen
    keeps the reader's choice, as before.
    """

    def process_request(self, request):
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        language = translation.get_language_from_path(request.path_info)
        if not language:
            if self._is_page(request.path_info, urlconf):
                language = settings.LANGUAGE_CODE
            else:
                language = translation.get_language_from_request(request, check_path=False)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    @staticmethod
    def _is_page(path, urlconf):
        # Django resolves the address again once the language is set; a page's address goes
        # through every pattern before Wagtail's catch-all, so the answer is remembered.
        with translation.override(settings.LANGUAGE_CODE):
            return resolved_view_name(path, urlconf) == "wagtail_serve"


#: Longer addresses are resolved each time rather than remembered (a bounded memory).
REMEMBERED_PATH_LENGTH = 512


def resolved_view_name(path, urlconf=None):
    """The name of the view `path` resolves to in the active language ("namespace:name"), or
    None when no pattern matches. Remembered per address, language and resolver: the answer
    depends on the patterns alone, and a new resolver (URLs reloaded, another urlconf in a test)
    is a new key. The page cache reads it to serve a copy before Django resolves the address."""
    resolver = get_resolver(urlconf)
    language = translation.get_language()
    if len(path) > REMEMBERED_PATH_LENGTH:
        return _view_name.__wrapped__(path, language, resolver)
    return _view_name(path, language, resolver)


@lru_cache(maxsize=4096)  # addresses come from anyone: bounded
def _view_name(path, language, resolver):
    with translation.override(language):
        try:
            return resolver.resolve(path).view_name
        except Resolver404:
            return None
