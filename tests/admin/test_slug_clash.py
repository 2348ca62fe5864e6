"""A page slug already taken in the same section (often by an autosaved draft) is explained in
Vietnamese with a free slug to use instead."""

import pytest
from django.utils import translation
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.models import Page

from common.page_forms import VietnamesePageForm
from common.slugs import free_slug
from portal.models import HomePage, NewsIndexPage, NewsPage
from tests.factories import UserFactory
from tests.portal.factories import make_news

pytestmark = pytest.mark.django_db


def form_for(parent, data, instance=None):
    form_class = (
        ObjectList([FieldPanel("title"), FieldPanel("slug")], base_form_class=VietnamesePageForm)
        .bind_to_model(NewsPage)
        .get_form_class()
    )
    return form_class(
        data,
        instance=instance or NewsPage(),
        parent_page=parent,
        for_user=UserFactory(is_superuser=True),
    )


@pytest.fixture
def news():
    home = Page.get_first_root_node().add_child(instance=HomePage(title="Trang chủ", slug="tc"))
    return home.add_child(instance=NewsIndexPage(title="Tin tức", slug="tin-tuc"))


def test_a_clash_with_a_draft_suggests_the_next_free_slug(news):
    make_news(news, title="Hội nghị tổng kết", publish=False)  # an autosaved draft
    make_news(news, title="Hội nghị tổng kết 2")
    with translation.override("vi"):
        form = form_for(news, {"title": "Hội nghị tổng kết", "slug": "hoi-nghi-tong-ket"})
        assert not form.is_valid()
        (message,) = form.errors["slug"]
    assert "bản nháp" in message
    assert "'hoi-nghi-tong-ket-3'" in message


def test_a_free_slug_passes(news):
    make_news(news, title="Hội nghị tổng kết")
    form = form_for(news, {"title": "Tin khác", "slug": "tin-khac"})
    assert "slug" not in form.errors


def test_free_slug_counts_up():
    taken = {"a", "a-2"}
    assert free_slug("a", taken.__contains__) == "a-3"
    assert free_slug("b", taken.__contains__) == "b"
