"""The printable report of a set's results: a document in the layout of Decree 30/2020/NĐ-CP
(national title top right, issuing body top left, number, place and date, bold capital title;
A4 portrait, margins 20/20/30/15 mm, a Times-like serif at 13 pt) with the appendix tables:
the ranking and the score by area per unit.

WeasyPrint reads only the serif fonts we ship (`local:static/fonts/…`); nothing else is
fetched. A published report is cached under the set's publication time, and warmed by a task
right after publication; the organizers' preview before publication is rendered each time.
"""

import logging
import posixpath
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max
from django.template.loader import render_to_string
from django.utils import timezone, translation

from common.vietnamese import format_number, place_date_line

from . import public_pages

logger = logging.getLogger(__name__)

SCHEME = "local"
FONTS = {
    "regular": "fonts/LiberationSerif-Regular.ttf",
    "bold": "fonts/LiberationSerif-Bold.ttf",
    "italic": "fonts/LiberationSerif-Italic.ttf",
    "bold_italic": "fonts/LiberationSerif-BoldItalic.ttf",
}
CACHE_SECONDS = 60 * 60 * 24 * 30
#: The national title and motto of every administrative document (Decree 30/2020, appendix I).
NATIONAL_HEADING = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@lru_cache(maxsize=8)
def _font_bytes(path):
    with open(finders.find(path), "rb") as handle:
        return handle.read()


def _fetcher():
    import weasyprint

    class FontsOnlyFetcher(weasyprint.URLFetcher):
        """Serves our serif fonts and refuses any other address (no file://, no network)."""

        def __init__(self):
            super().__init__(fail_on_errors=False)

        def fetch(self, url, headers=None):
            scheme, _sep, path = url.partition(":")
            path = posixpath.normpath(path)
            if scheme != SCHEME or path not in {f"static/{p}" for p in FONTS.values()}:
                logger.warning("The PAR index report refused a resource outside its fonts")
                raise ValueError("refused")
            body = _font_bytes(path.removeprefix("static/"))
            return weasyprint.urls.URLFetcherResponse(url, body, {"Content-Type": "font/ttf"})

    return FontsOnlyFetcher()


def report_html(index_set, today=None):
    """The report's HTML: the frozen ranking once published, the current results before."""
    today = today or timezone.localdate()
    if index_set.is_published:
        areas, rows = public_pages.ranking(index_set)
    else:
        areas, rows = public_pages.preview_ranking(index_set)
    place = getattr(settings, "PROVINCE_PLACE_NAME", "")
    with translation.override("vi"):
        return render_to_string(
            "parindex/report.html",
            {
                "title": str(index_set),
                "national_heading": NATIONAL_HEADING,
                "motto": MOTTO,
                "summary": _summary(rows, index_set),
                "index_set": index_set,
                "areas": areas,
                "rows": rows,
                "published": index_set.is_published,
                "parent_body": f"UBND tỉnh {place}" if place else "",
                "agency": settings.AGENCY_NAME,
                "symbol": getattr(settings, "PARINDEX_REPORT_SYMBOL", "BC-SNV"),
                "place_date": place_date_line(place, today),
                "fonts": {key: f"{SCHEME}:static/{path}" for key, path in FONTS.items()},
            },
        )


def _summary(rows, index_set):
    indexes = [
        row["assessment"].index_value for row in rows if row["assessment"].index_value is not None
    ]
    if not indexes:
        return None
    best, worst = rows[0]["assessment"], rows[-1]["assessment"]
    bands = sorted(index_set.bands.all(), key=lambda band: band.min_index, reverse=True)
    counts = {band.label: 0 for band in bands}
    for row in rows:
        if row["assessment"].band in counts:
            counts[row["assessment"].band] += 1
    return {
        "average": format_number(sum(indexes) / len(indexes), 2),
        "best_name": best.unit.name,
        "best_index": format_number(best.index_value, 2),
        "worst_name": worst.unit.name,
        "worst_index": format_number(worst.index_value, 2),
        "bands": list(counts.items()),
    }


def render_report(index_set, today=None) -> bytes:
    import weasyprint

    html = report_html(index_set, today=today)
    return weasyprint.HTML(string=html, base_url=None, url_fetcher=_fetcher()).write_pdf()


def inline_units():
    """Up to this many units the report is rendered on the request (a few seconds); above, by a
    task, while the reader is asked to come back (WeasyPrint takes minutes for thousands)."""
    return getattr(settings, "PARINDEX_REPORT_INLINE_UNITS", 150)


def cache_key(index_set):
    """The published report is keyed by its publication; a preview by the latest change of any
    score, so an old preview is never shown after a correction."""
    if index_set.is_published:
        return f"parindex:report:{index_set.pk}:{index_set.published_at.timestamp()}"
    from .models import Score

    latest = Score.objects.filter(assessment__index_set=index_set).aggregate(
        last=Max("updated_at"), n=Count("pk")
    )
    stamp = latest["last"].timestamp() if latest["last"] else 0
    return f"parindex:report:{index_set.pk}:preview:{latest['n']}:{stamp}"


def render_and_store(index_set):
    """Render the report (dated on the publication day once published) and cache it."""
    today = timezone.localdate(index_set.published_at) if index_set.is_published else None
    data = render_report(index_set, today=today)
    cache.set(cache_key(index_set), data, CACHE_SECONDS)
    return data


def ready_report(index_set):
    """The report's bytes when they are ready (cached, or quick to render for a small level);
    None when a task has been asked to render it."""
    from . import tasks

    key = cache_key(index_set)
    data = cache.get(key)
    if data is not None:
        return data
    if index_set.assessments.count() <= inline_units():
        return render_and_store(index_set)
    if cache.add(f"{key}:pending", 1, 600):
        pk = index_set.pk
        transaction.on_commit(lambda: tasks.render_report_task.enqueue(pk))
    return None
