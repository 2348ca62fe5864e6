"""Content images are responsive: a <picture> with WebP sources and a JPEG fallback in several
widths, `sizes` for the layout, and width/height so the page does not jump while they load."""

import io
import re
from datetime import timedelta

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model

from portal.cache import purge_all
from portal.models import NewsPage

from .factories import make_news


def big_image(title="Ảnh lớn", size=(1600, 900)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (11, 79, 156)).save(buffer, "JPEG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name="lon.jpg"))


def pictures(html):
    found = re.findall(r"<picture>.*?</picture>", html, flags=re.S)
    assert found, "no <picture> in the page"
    return found


def assert_responsive(picture, widths):
    webp = re.search(r'<source sizes="([^"]+)" srcset="([^"]+)" type="image/webp">', picture)
    assert webp, picture
    assert webp.group(1)  # sizes
    assert [int(w) for w in re.findall(r"\.webp (\d+)w", webp.group(2))] == widths
    img = re.search(r"<img [^>]*>", picture).group(0)
    assert re.search(r' width="\d+"', img) and re.search(r' height="\d+"', img), img
    assert 'sizes="' in img
    assert [int(w) for w in re.findall(r"\.jpg (\d+)w", img)] == widths, img


def test_article_hero_and_body_images_have_webp_srcset_and_dimensions(client, news_index):
    body_image = big_image("Ảnh trong bài")
    page = make_news(
        news_index,
        title="Bài có nhiều ảnh",
        image=big_image(),
        body=[
            {"type": "paragraph", "value": "<p>Mở đầu.</p>"},
            {"type": "image", "value": {"image": body_image.pk, "caption": "Hội nghị"}},
        ],
    )
    html = client.get(page.url).content.decode()
    hero, block = pictures(html)
    assert_responsive(hero, [480, 960, 1440])
    assert_responsive(block, [480, 960, 1440])
    # The fallback's own size, so the browser reserves the space before it loads.
    assert ' width="480"' in hero and ' height="270"' in hero
    assert 'loading="lazy"' in block and 'loading="lazy"' not in hero
    assert 'alt="Hội nghị"' in block


def test_cards_on_home_and_news_index_have_webp_srcset(client, news_index):
    image = big_image()
    for number in range(6):
        make_news(news_index, title=f"Tin có ảnh {number}", image=image, featured=number < 3)
    home = client.get("/").content.decode()
    cards = pictures(home)
    assert_responsive(cards[0], [640, 960, 1280])  # the large featured card
    assert_responsive(cards[1], [320, 640])
    listing = client.get(news_index.url).content.decode()
    for card in pictures(listing):
        assert_responsive(card, [320, 640])
        assert 'sizes="(max-width: 30rem) 100vw, 12rem"' in card


def count(client, url, django_assert_max_num_queries):
    client.get(url)  # warm: renditions are made once
    purge_all()
    with django_assert_max_num_queries(60) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert url == "/" or "<picture>" in response.content.decode()
    return len(captured.captured_queries)


def test_list_pages_cost_the_same_queries_with_a_hundred_times_the_articles(
    client, news_index, django_assert_max_num_queries
):
    # Two articles (one featured, one not) so that every list on the home page has a row.
    image = big_image()
    make_news(news_index, title="Tin nổi bật đầu tiên", image=image, featured=True)
    make_news(news_index, title="Tin đầu tiên", image=image)
    urls = ["/", news_index.url]
    small = {url: count(client, url, django_assert_max_num_queries) for url in urls}
    shared = big_image("Ảnh dùng chung")
    for number in range(198):
        # Live pages straight into the tree: no revision to publish, to keep the test quick.
        news_index.add_child(
            instance=NewsPage(
                title=f"Tin thêm {number}",
                slug=f"tin-them-{number}",
                lead="Đoạn mở đầu.",
                date=timezone.now() - timedelta(minutes=number + 1),
                hero_image=shared,
                featured=number % 5 == 0,
                live=True,
            )
        )
    large = {url: count(client, url, django_assert_max_num_queries) for url in urls}
    assert large == small, f"queries with 2 articles: {small}, with 200: {large}"
