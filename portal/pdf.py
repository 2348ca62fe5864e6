"""Articles as PDF ("Lưu PDF"), rendered by WeasyPrint and cached per published revision."""

import hashlib
import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation

PDF_CACHE_SECONDS = 60 * 60 * 24 * 7
BASE_URL = "https://portal.invalid/"


class LocalOnlyFetcher:
    """Serves only our static and media files to WeasyPrint: no file://, no network.

    Anything else raises, which WeasyPrint logs and skips.
    """

    _fail_on_errors = False

    def __call__(self, url, headers=None):
        return self.fetch(url, headers)

    def fetch(self, url, headers=None):
        from weasyprint.urls import URLFetcherResponse

        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
            raise ValueError(f"refused: {url}")
        path = unquote(parts.path)
        if ".." in path.split("/"):
            raise ValueError(f"refused: {url}")
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if path.startswith(settings.STATIC_URL):
            found = finders.find(path.removeprefix(settings.STATIC_URL))
            if not found:
                raise FileNotFoundError(path)
            with open(found, "rb") as handle:
                data = handle.read()
        elif path.startswith(settings.MEDIA_URL):
            with default_storage.open(path.removeprefix(settings.MEDIA_URL), "rb") as handle:
                data = handle.read()
        else:
            raise ValueError(f"refused: {url}")
        return URLFetcherResponse(url, data, {"Content-Type": content_type})


def cache_key(page):
    # The agency's name is printed on every page: a renamed agency gets new files.
    names = hashlib.sha256("|".join(identity().values()).encode()).hexdigest()[:8]
    return f"portal:pdf:{page.pk}:{page.live_revision_id or page.latest_revision_id}:{names}"


def identity():
    """Whose article it is: the portal's name and the agency's, as the site header shows them."""
    from .context_processors import agency_name

    return {"SITE_NAME": settings.WAGTAIL_SITE_NAME, "AGENCY_NAME": agency_name()}


def render_article(page, request=None) -> bytes:
    import weasyprint

    with translation.override("vi"):
        html = render_to_string(
            "portal/news_page_pdf.html",
            {
                "page": page,
                "page_url": request.build_absolute_uri(page.url) if request else page.full_url,
                **identity(),
            },
        )
    return weasyprint.HTML(
        string=html, base_url=BASE_URL, url_fetcher=LocalOnlyFetcher()
    ).write_pdf()


def article_pdf(page, request=None) -> bytes:
    key = cache_key(page)
    data = cache.get(key)
    if data is None:
        data = render_article(page, request)
        cache.set(key, data, PDF_CACHE_SECONDS)
    return data
