import pytest
from django.contrib.auth.models import Group
from wagtail.models import Locale, Page, Site

from accounts import roles
from portal.models import HomePage, NewsCategory, NewsIndexPage, PortalSettings

from .factories import make_news
from .rendition_files import _close_rendition_files  # noqa: F401


@pytest.fixture
def home(db):
    # A transactional test may run after another one flushed the tables Wagtail's migrations
    # filled (the root page, the default locale).
    Locale.objects.get_or_create(language_code="vi")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = HomePage(title="Trang chủ", slug="trang-chu-test")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


@pytest.fixture
def news_index(home):
    index = NewsIndexPage(title="Tin tức", slug="tin-tuc")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def category(db):
    return NewsCategory.objects.create(name="Dịch vụ công", slug="dich-vu-cong")


@pytest.fixture
def article(news_index, category):
    return make_news(
        news_index,
        title="Tỉnh An Lạc đẩy mạnh cải cách hành chính",
        lead="Năm 2026, tỉnh An Lạc tiếp tục cải cách thủ tục hành chính.",
        category=category,
        tags=["một cửa"],
    )


@pytest.fixture
def groups(db):
    return {
        name: Group.objects.get_or_create(name=name)[0]
        for name in (roles.EDITORS, roles.ORGANIZERS)
    }


@pytest.fixture
def site_settings(db):
    return PortalSettings.load()
