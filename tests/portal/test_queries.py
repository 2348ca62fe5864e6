"""Home, index and article pages run the same number of queries however much content exists."""

import pytest

from portal.cache import purge_all

from .factories import PollFactory, make_many_news


def count_queries(client, url, django_assert_max_num_queries, limit=40):
    client.get(url)  # warm: renditions and settings are created and cached once
    purge_all()
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert response["X-Portal-Cache"] == "miss"
    return len(captured.captured_queries)


@pytest.mark.parametrize("url", ["/", "/tin-tuc/", "/tin-tuc/?chuyen-muc=dich-vu-cong", "ARTICLE"])
def test_query_count_is_constant_as_content_grows(
    client, news_index, category, url, django_assert_max_num_queries
):
    PollFactory()
    pages = make_many_news(news_index, 3, category=category, comments=1)
    target = pages[0].url if url == "ARTICLE" else url
    small = count_queries(client, target, django_assert_max_num_queries)
    make_many_news(news_index, 20, category=category, start=3, comments=3)
    # More comments on the article itself, too.
    from portal.models import Comment

    for index in range(10):
        Comment.objects.create(
            page=pages[0],
            name=f"Người {index}",
            email="a@example.com",
            body="Hay",
            status=Comment.Status.APPROVED,
        )
    large = count_queries(client, target, django_assert_max_num_queries)
    assert large == small, f"{target}: {small} queries with 3 articles, {large} with 23"
