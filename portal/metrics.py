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


@dataclass(frozen=True)
class NewsMetric:
    code: str = "news"
    counts: Callable = news_by_unit
    share: bool = False
