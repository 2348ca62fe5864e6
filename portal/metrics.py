"""What the portal offers the PAR index: the number of news items each unit gave the portal in
a year (criterion "số tin bài CCHC đăng trên cổng"). Registered in wagtail_hooks; the PAR index
reads it through its metric registry without importing the portal."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count


def news_by_unit(unit_ids, year):
    """{unit id: live public articles whose source unit is the unit, dated in `year`}."""
    from .models import NewsPage

    rows = (
        NewsPage.objects.live()
        .public()
        .filter(source_unit_id__in=list(unit_ids), date__year=year)
        .order_by()  # pages come ordered by their tree path, which would split the groups
        .values("source_unit_id")
        .annotate(n=Count("pk"))
        .values_list("source_unit_id", "n")
    )
    return dict(rows)


def news_of_unit(unit_id, year):
    """The articles behind `news_by_unit` for one unit: [{"title", "url", "date"}], newest
    first. One query (page URLs come from Wagtail's cached site root paths)."""
    from .models import NewsPage

    pages = (
        NewsPage.objects.live()
        .public()
        .filter(source_unit_id=unit_id, date__year=year)
        .order_by("-date", "-pk")
    )
    return [{"title": page.title, "url": page.get_url(), "date": page.date} for page in pages]


@dataclass(frozen=True)
class NewsMetric:
    code: str = "news"
    counts: Callable = news_by_unit
    share: bool = False
    details: Callable = news_of_unit
