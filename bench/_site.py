"""What the HTTP benchmarks share: a throwaway test database around the run, and the portal's
home page with its news index (the tree every portal benchmark grows its articles under)."""

from django.conf import settings
from django.db import connection


def in_test_database(urlconf, run):
    """Serve `urlconf` (the benchmark module, with its trivial baseline view) on any host and
    call `run()` inside a test database that is destroyed afterwards; returns what run returns."""
    settings.ROOT_URLCONF = urlconf
    settings.ALLOWED_HOSTS = ["*"]
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        return run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def news_site():
    """A published home page as the default site's root and a news index under it: (home,
    index). The cache starts empty."""
    from django.core.cache import cache
    from wagtail.models import Page, Site

    from portal.models import HomePage, NewsIndexPage

    cache.clear()
    root = Page.get_first_root_node()
    home = HomePage(title="Trang chủ", slug="trang-chu")
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    index = NewsIndexPage(title="Tin tức", slug="tin-tuc")
    home.add_child(instance=index)
    index.save_revision().publish()
    return home, index
