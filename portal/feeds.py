import copy

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from .models import NewsCategory, NewsIndexPage, default_locale_id, news_queryset

FEED_SIZE = 20


class NewsFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "vi"

    def __call__(self, request, *args, **kwargs):
        # One feed object serves every request (it is built once in urls.py); each request gets
        # its own copy so concurrent requests never read one another's `self.request`.
        return Feed.__call__(copy.copy(self), request, *args, **kwargs)

    def get_object(self, request, slug=None):
        self.request = request
        if slug is None:
            return None
        return get_object_or_404(NewsCategory, slug=slug)

    def title(self, category):
        if category is None:
            return _("Administrative reform news")
        return _("Administrative reform news: %(category)s") % {"category": category.name}

    def link(self, category):
        index = NewsIndexPage.objects.live().filter(locale_id=default_locale_id()).first()
        base = index.url if index else "/"
        link = f"{base}?chuyen-muc={category.slug}" if category else base
        # Absolute here: Django would otherwise prefix the sites framework's placeholder domain.
        return self.request.build_absolute_uri(link)

    def feed_url(self, category):
        return self.request.build_absolute_uri()

    def description(self, category):
        return _("The latest administrative reform news of the province.")

    def items(self, category):
        # The Vietnamese news (the feed says it is in Vietnamese); English articles are on /en/.
        news = news_queryset(default_locale_id())
        if category is not None:
            news = news.filter(category=category)
        return news.defer("body")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return self.request.build_absolute_uri(item.get_url(request=self.request))

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        return item.last_published_at or item.date

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [item.category.name] if item.category_id else []


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
