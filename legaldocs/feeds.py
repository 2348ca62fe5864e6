import copy

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from . import public

FEED_SIZE = 20


class NewDocumentsFeed(Feed):
    """The documents most recently added to the register (an old document added today is news
    to a subscriber too), newest first."""

    feed_type = Rss201rev2Feed
    language = "vi"
    title = _("New legal and steering documents")
    description = _("Documents the province has added to its register of legal documents.")

    def __call__(self, request, *args, **kwargs):
        # One feed object serves every request; each gets its own copy (see portal's feeds).
        return Feed.__call__(copy.copy(self), request, *args, **kwargs)

    def get_object(self, request):
        self.request = request

    def link(self):
        # Absolute here: Django would otherwise prefix the sites framework's placeholder domain.
        return self.request.build_absolute_uri(reverse("legaldocs:register"))

    def feed_url(self):
        return self.request.build_absolute_uri()

    def items(self):
        return (
            public.published()
            .select_related("issuer")
            .defer("search_folded")
            .order_by("-created_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.number}: {item.title}"

    def item_description(self, item):
        return item.summary or item.title

    def item_link(self, item):
        return self.request.build_absolute_uri(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.issuer.name

    def item_categories(self, item):
        return [str(item.get_doc_type_display())]
