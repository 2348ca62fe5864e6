"""The page's versions in the site's languages: hreflang alternates, the language switch's
targets, the sitemap's alternates. Pages are linked to their translations by Wagtail's
`translation_key` (see docs/translation.md)."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from .models import page_language


def home_url(language: str) -> str:
    """The home page's address in `language`: / for Vietnamese, /en/ for English."""
    with translation.override(language):
        return reverse("wagtail_serve", args=("",))


def translations(page, request=None) -> dict:
    """{language code: address} of the live, public versions of `page`, itself included
    (Vietnamese first). One query, remembered on the page for the rest of the response."""
    cached = getattr(page, "_portal_translations", None)
    if cached is not None:
        return cached
    if request is not None:
        from . import cache

        # Kept between renders of the page for the cache until any page changes (the tree tag,
        # not recorded on the page: its translations never purged it).
        result = cache.fragment(
            request,
            "translations",
            [page.translation_key],
            lambda: _translations(page, request),
            own_tags=(cache.TREE_TAG,),
        )
    else:
        result = _translations(page, request)
    page._portal_translations = result
    return result


def _translations(page, request):
    versions = (
        Page.objects.live()
        .public()
        .filter(translation_key=page.translation_key)
        .only("id", "url_path", "path", "depth", "locale_id", "translation_key")
    )
    found = {}
    for version in versions:
        url = version.get_url(request)
        if url:
            found[page_language(version)] = url
    order = [code for code, _name in settings.LANGUAGES]
    return dict(sorted(found.items(), key=lambda item: order.index(item[0])))


def switch_targets(page, request=None) -> dict:
    """{language code: address} for the language switch on `page`: its translation where there
    is one, else that language's home page."""
    versions = translations(page, request) if page is not None else {}
    return {code: versions.get(code) or home_url(code) for code, _name in settings.LANGUAGES}


def news_index_url(language: str) -> str:
    """The address of the news section in `language` ("" when there is none), for the menu on
    every screen: cached until the next purge of any cached page (the purge sequence)."""
    from django.core.cache import cache as django_cache

    from . import cache as page_cache
    from .models import NewsIndexPage

    key = f"portal:news-index-url:{page_cache.current_sequence()}:{language}"
    url = django_cache.get(key)
    if url is None:
        index = (
            NewsIndexPage.objects.live()
            .filter(locale__language_code=language)
            .order_by("path")
            .first()
        )
        url = (index.get_url() or "") if index is not None else ""
        django_cache.set(key, url, page_cache.timeout())
    return url
