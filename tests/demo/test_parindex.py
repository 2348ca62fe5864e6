"""The demo seeds both sets with 100 points each, in every status, twice without duplicates."""

import pytest
from django.core.management import call_command

from parindex import services
from parindex.models import Assessment, IndexSet


@pytest.mark.django_db
def test_seed_demo_parindex_twice():
    from io import StringIO

    from demo.seeders import accounts as accounts_demo
    from demo.seeders import parindex as demo

    call_command("setup_roles", stdout=StringIO())
    accounts_demo.seed()
    demo.seed()
    demo.seed()
    assert IndexSet.objects.count() == 4
    for index_set in IndexSet.objects.all():
        assert services.maxima_problems(index_set) == []
        assert 35 <= index_set.subs.count() <= 60
        assert 7 <= index_set.areas.count() <= 8
        news = index_set.subs.get(metric="news")
        assert (news.method, news.max_points) == ("computed", 1)
        assert news.area.number == "I"
    published = IndexSet.objects.filter(published_at__isnull=False)
    assert published.count() == 2
    assert not Assessment.objects.filter(index_set__in=published, rank__isnull=True).exists()
    current = IndexSet.objects.filter(published_at__isnull=True)
    statuses = set(
        Assessment.objects.filter(index_set__in=current).values_list("status", flat=True)
    )
    assert statuses == set(Assessment.Status.values)
