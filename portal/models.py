import math
from datetime import datetime

from django.conf import settings
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page, PageViewRestriction
from wagtail.search import index

from common.page_forms import VietnamesePageForm
from common.pagination import paginate
from common.validators import validate_http_url, validate_link

from .blocks import BodyBlock

# Readers of Vietnamese news manage about 220 syllables a minute; Vietnamese writes one
# syllable per space-separated token, so counting tokens counts syllables.
SYLLABLES_PER_MINUTE = 220
NEWS_PER_PAGE = 10


def stream_text(body) -> str:
    """The plain text of a StreamField body, for search and reading time: what its blocks give
    Wagtail's search (`get_searchable_content`), one piece per line."""
    if not body:
        return ""
    parts = body.stream_block.get_searchable_content(body)
    return "\n".join(str(part) for part in parts if part)


class CacheablePageMixin:
    """Renders the page once for every reader when the page cache asks for it (see
    portal/cache.py): as an anonymous reader sees it, the personal parts left as markers that
    each response fills in. A page behind a view restriction is rendered for its reader alone."""

    def serve(self, request, *args, **kwargs):
        from . import cache

        if not cache.sharing_requested(request) or self.get_view_restrictions().exists():
            return super().serve(request, *args, **kwargs)
        with cache.shared_render(request):
            cache.tag(request, f"page:{self.pk}")
            response = super().serve(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        response.portal_cacheable = True
        return response

    def route(self, request, path_components):
        if not path_components and getattr(request, "portal_page_cache", None) is not None:
            # Served for the page cache: its restrictions may come from the cache too.
            self._portal_for_page_cache = True
        return super().route(request, path_components)

    def get_view_restrictions(self):
        """Wagtail's check before serving and the page cache's both ask: read once for this
        page object, and not at all while the cache knows no restriction or alias above it."""
        from . import cache

        restrictions = self.__dict__.get("_portal_view_restrictions")
        if restrictions is None:
            if self.__dict__.get("_portal_for_page_cache") and cache.surely_unrestricted(self):
                restrictions = PageViewRestriction.objects.none()
            else:
                restrictions = super().get_view_restrictions()
                len(restrictions)  # evaluated now; exists() and iterating need no query
            self._portal_view_restrictions = restrictions
        return restrictions


class LanguagePageMixin:
    """Renders the page in its own language (its locale): an English page has English chrome
    even when previewed from the Vietnamese admin."""

    @property
    def language_code(self):
        return page_language(self)

    def serve(self, request, *args, **kwargs):
        with translation.override(self.language_code):
            response = super().serve(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        return response


def page_language(page) -> str:
    """The language code of a page's locale, without a query once the locales are known."""
    codes = locale_codes()
    if page.locale_id not in codes:
        codes = _reload_locale_codes()
    return codes.get(page.locale_id, settings.LANGUAGE_CODE)


def default_locale_id():
    """The id of the site's main language's locale (Vietnamese)."""
    for load in (locale_codes, _reload_locale_codes):
        for pk, code in load().items():
            if code == settings.LANGUAGE_CODE:
                return pk
    return None


def locale_codes() -> dict:
    """{locale id: language code}; the list changes only when an administrator adds a language,
    so it is read once per process (and again when an unknown id turns up)."""
    global _LOCALE_CODES
    return _LOCALE_CODES or _reload_locale_codes()


def _reload_locale_codes():
    global _LOCALE_CODES
    _LOCALE_CODES = dict(Locale.objects.values_list("pk", "language_code"))
    return _LOCALE_CODES


def forget_locale_codes(**_kwargs):
    global _LOCALE_CODES
    _LOCALE_CODES = {}


_LOCALE_CODES: dict = {}


# ------------------------------------------------------------------------------------------
# Categories and tags
# ------------------------------------------------------------------------------------------


class NewsCategory(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)
    description = models.CharField(_("description"), max_length=255, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")

    def __str__(self):
        return self.name


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "portal.NewsPage", on_delete=models.CASCADE, related_name="tagged_items"
    )
    #: A copy of the article's date (kept by NewsPage.save), so "the latest articles with this
    #: tag" is read in order from one index instead of sorting every article with the tag.
    date = models.DateTimeField(null=True, editable=False)

    class Meta:
        verbose_name = _("news tag")
        verbose_name_plural = _("news tags")
        indexes = [models.Index(fields=["tag", "-date"], name="portal_newstag_tag_date")]


# ------------------------------------------------------------------------------------------
# Pages
# ------------------------------------------------------------------------------------------


#: How many of an article's tags look for related articles (each costs one bounded index read).
RELATED_TAGS = 5


def related_news_sql(page, limit):
    """The ids of the candidates for `page.related_news`: for the category and for each of the
    page's first RELATED_TAGS tags, the `limit` latest live public articles in the page's
    language, read in order from the (category, date) and (tag, date) indexes."""
    quote = connection.ops.quote_name
    pages, news = quote(Page._meta.db_table), quote(NewsPage._meta.db_table)
    tagged, restrictions = (
        quote(NewsPageTag._meta.db_table),
        quote(PageViewRestriction._meta.db_table),
    )
    # Not in a private section nor below one (Wagtail's public()); paths are [0-9A-Z] only.
    visible = (
        f"p.live = %s AND p.locale_id = %s AND NOT EXISTS (SELECT 1 FROM {restrictions} r"
        f" INNER JOIN {pages} rp ON rp.id = r.page_id WHERE p.path LIKE rp.path || '%%')"
    )
    parts, params = [], []
    if page.category_id:
        parts.append(
            f"SELECT id FROM (SELECT n.page_ptr_id AS id FROM {news} n"
            f" INNER JOIN {pages} p ON p.id = n.page_ptr_id"
            f" WHERE n.category_id = %s AND n.page_ptr_id <> %s AND {visible}"
            f" ORDER BY n.date DESC, n.page_ptr_id DESC LIMIT %s) AS in_category"
        )
        params += [page.category_id, page.pk, True, page.locale_id, limit]
    for number in range(RELATED_TAGS):
        nth_tag = (
            f"(SELECT tag_id FROM {tagged} WHERE content_object_id = %s"
            f" ORDER BY tag_id LIMIT 1 OFFSET {number})"
        )
        parts.append(
            f"SELECT id FROM (SELECT t.content_object_id AS id FROM {tagged} t"
            f" INNER JOIN {pages} p ON p.id = t.content_object_id"
            f" WHERE t.tag_id = {nth_tag} AND t.content_object_id <> %s AND {visible}"
            f" ORDER BY t.date DESC, t.content_object_id DESC LIMIT %s) AS with_tag_{number}"
        )
        params += [page.pk, page.pk, True, page.locale_id, limit]
    return " UNION ALL ".join(parts), params


def news_queryset(locale_id=None):
    """Live public articles, newest first; only those in one language when `locale_id` is given
    (the home page of each language lists its own)."""
    news = NewsPage.objects.live().public()
    if locale_id is not None:
        news = news.filter(locale_id=locale_id)
    return (
        news.select_related("category", "hero_image")
        .prefetch_related("hero_image__renditions")
        .order_by("-date", "-pk")
    )


#: How many untranslated Vietnamese articles the English home page points to.
UNTRANSLATED_SHOWN = 3


class HomePage(LanguagePageMixin, CacheablePageMixin, Page):
    base_form_class = VietnamesePageForm
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    featured_count = models.PositiveSmallIntegerField(
        _("featured news shown"),
        default=3,
        help_text=_("How many featured articles lead the page."),
    )
    latest_count = models.PositiveSmallIntegerField(_("latest news shown"), default=6)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("featured_count"), FieldPanel("latest_count")]),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["portal.NewsIndexPage", "portal.StandardPage", "portal.OrganisationPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def route(self, request, path_components):
        """The section under the home page comes from the cache when rendering for the page
        cache (portal.cache.child_page)."""
        from . import cache

        if path_components and getattr(request, "portal_page_cache", None) is not None:
            child = cache.child_page(self, path_components[0])
            if child is not None:
                return child.route(request, path_components[1:])
        return super().route(request, path_components)

    @property
    def localized(self):
        """Itself when its language is the active one, known without Wagtail's query for the
        active locale (routing starts from here on every request)."""
        from wagtail.coreutils import get_supported_content_language_variant

        try:
            active = get_supported_content_language_variant(translation.get_language())
        except LookupError:
            active = None
        if active is not None and active == page_language(self):
            return self
        return super().localized

    def get_context(self, request, *args, **kwargs):
        from .polls import current_poll
        from .sections import other_app_sections

        context = super().get_context(request, *args, **kwargs)
        news = news_queryset(self.locale_id)
        featured = list(news.filter(featured=True)[: self.featured_count])
        latest = list(news.exclude(pk__in=[page.pk for page in featured])[: self.latest_count])
        from .cache import tag

        tag(request, "news", "polls", "home-sections")
        context.update(
            featured=featured,
            latest=latest,
            untranslated=self.untranslated_news(),
            news_index=NewsIndexPage.objects.live().filter(locale_id=self.locale_id).first(),
            # Polls are asked in Vietnamese: on the Vietnamese pages only.
            poll=current_poll(placement="home") if self.locale_id == default_locale_id() else None,
            app_sections=other_app_sections(request),
        )
        return context

    def untranslated_news(self):
        """On a translated home page (English): the latest articles of the default language that
        have no translation yet, which readers may still want to know about (shown marked as
        Vietnamese). Empty on the Vietnamese home page."""
        default = default_locale_id()
        if self.locale_id == default:
            return []
        translated = NewsPage.objects.filter(locale_id=self.locale_id).values("translation_key")
        return list(
            news_queryset(default).exclude(translation_key__in=translated)[:UNTRANSLATED_SHOWN]
        )


class NewsIndexPage(LanguagePageMixin, CacheablePageMixin, Page):
    base_form_class = VietnamesePageForm
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.NewsPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index page")
        verbose_name_plural = _("news index pages")

    def route(self, request, path_components):
        """An article is found in one query, with the category and image its page shows (not
        Wagtail's two, then one each for those)."""
        if len(path_components) == 1:
            found = NewsPage.objects.filter(
                path__startswith=self.path, depth=self.depth + 1, slug=path_components[0]
            ).select_related("category", "hero_image")
            article = next(iter(found.order_by()[:1]), None)  # slugs are unique among siblings
            if article is not None:
                return article.route(request, [])
        return super().route(request, path_components)

    def filtered_news(self, request):
        """News under this index narrowed by the category, tag and month in the query string."""
        news = news_queryset().descendant_of(self)
        filters = {}
        category_slug = request.GET.get("chuyen-muc", "").strip()
        if category_slug:
            category = NewsCategory.objects.filter(slug=category_slug).first()
            if category is None:
                raise Http404
            news = news.filter(category=category)
            filters["category"] = category
        tag = request.GET.get("the", "").strip()[:100]
        if tag:
            news = news.filter(tags__slug=tag)
            filters["tag"] = tag
        month = request.GET.get("thang", "").strip()
        if month:
            try:
                start = datetime.strptime(month, "%Y-%m").replace(
                    tzinfo=timezone.get_current_timezone()
                )
            except ValueError:
                raise Http404 from None
            if not 1900 <= start.year <= 2100:
                raise Http404
            end = (
                start.replace(year=start.year + 1, month=1)
                if start.month == 12
                else (start.replace(month=start.month + 1))
            )
            news = news.filter(date__gte=start, date__lt=end)
            filters["month"] = start
        return news, filters

    def get_context(self, request, *args, **kwargs):
        from .cache import tag

        context = super().get_context(request, *args, **kwargs)
        tag(request, "news")
        news, filters = self.filtered_news(request)
        page_obj = paginate(request, news, NEWS_PER_PAGE)
        context.update(
            page_obj=page_obj,
            news=page_obj.object_list,
            filters=filters,
            categories=NewsCategory.objects.all(),
        )
        return context


class NewsPage(LanguagePageMixin, CacheablePageMixin, Page):
    base_form_class = VietnamesePageForm
    date = models.DateTimeField(
        _("date and time shown"),
        default=timezone.now,
        help_text=_("Shown on the article as, for example, Thứ Sáu, 03/01/2020 | 16:27."),
    )
    lead = models.TextField(
        _("lead paragraph"), max_length=1000, help_text=_("One or two sentences shown in bold.")
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_caption = models.CharField(_("main image caption"), max_length=300, blank=True)
    hero_credit = models.CharField(
        _("main image credit"), max_length=100, blank=True, help_text=_('Shown as "Ảnh: M.Đ".')
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    author = models.CharField(_("author"), max_length=150, blank=True)
    source_unit = models.ForeignKey(
        "accounts.Unit",
        verbose_name=_("source unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("When the source is not one of our units."),
    )
    category = models.ForeignKey(
        NewsCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news",
    )
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))
    featured = models.BooleanField(_("featured on the home page"), default=False)
    comments_open = models.BooleanField(_("reader comments allowed"), default=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("lead"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_caption"), FieldPanel("hero_credit")],
            heading=_("Main image"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("author"), FieldPanel("source_unit"), FieldPanel("source")],
            heading=_("Author and source"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("category"),
                FieldPanel("tags"),
                FieldPanel("featured"),
                FieldPanel("comments_open"),
            ],
            heading=_("Classification"),
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["portal.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")
        indexes = [
            models.Index(fields=["date"], name="portal_newspage_date"),
            models.Index(fields=["category", "-date"], name="portal_newspage_cat_date"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # The tags were written with the page (modelcluster); give them its date.
        NewsPageTag.objects.filter(content_object_id=self.pk).exclude(date=self.date).update(
            date=self.date
        )

    def searchable_text(self):
        """What the site search indexes beside the title and lead (portal/search.py)."""
        return " ".join([stream_text(self.body), self.hero_caption or ""])

    @cached_property
    def body_text(self):
        return stream_text(self.body)

    @property
    def reading_minutes(self):
        syllables = len(f"{self.lead} {self.body_text}".split())
        return max(1, math.ceil(syllables / SYLLABLES_PER_MINUTE))

    @property
    def source_label(self):
        return self.source_unit.name if self.source_unit_id else self.source

    def related_news(self, limit=4):
        """The latest live, public articles sharing the category or a tag, newest first.

        Each source (the category, each of the first RELATED_TAGS tags) gives at most `limit`
        candidates read in date order from its own index, and only those few are sorted, so
        the time does not grow with the archive; one query whatever the number of tags.
        """
        sql, params = related_news_sql(self, limit)
        return list(
            NewsPage.objects.filter(pk__in=RawSQL(sql, params))
            .select_related("category", "hero_image")
            .prefetch_related("hero_image__renditions")
            .order_by("-date", "-pk")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        """What the article shows. Each part is read when the template first uses it, so a
        part kept in the cache (templates' `sharedfragment`) costs no query; each records the
        page-cache tags of what it shows as it is read."""
        from . import cache
        from .forms import CommentForm
        from .polls import current_poll

        context = super().get_context(request, *args, **kwargs)

        def read_tags():
            found = list(self.tags.all())
            cache.tag(request, *(f"tag:{item.pk}" for item in found))
            return found

        tags = SimpleLazyObject(read_tags)

        def read_comments():
            cache.tag(request, cache.comments_tag(self.pk))
            return list(self.comments.filter(status=Comment.Status.APPROVED).order_by("created_at"))

        def read_related():
            # The list changes with the category's and the tags' articles.
            cache.tag(request, *(f"tag:{item.pk}" for item in tags))
            if self.category_id:
                cache.tag(request, f"category:{self.category_id}")
            found = self.related_news()
            cache.tag(request, *(f"page:{item.pk}" for item in found))
            return found

        def read_poll():
            cache.tag(request, "polls")
            if self.locale_id != default_locale_id():
                return None
            return current_poll(placement="articles")

        context.update(
            related=SimpleLazyObject(read_related),
            comments=SimpleLazyObject(read_comments),
            comment_form=CommentForm(initial=comment_prefill(request)),
            tags=tags,
            poll=SimpleLazyObject(read_poll),
        )
        return context


def comment_prefill(request):
    """A signed-in reader's name and email in the comment form; on a page rendered for the
    page cache, placeholders each response replaces with its own reader's (or nothing)."""
    from . import cache

    state = getattr(request, "portal_page_cache", None)
    if state is not None and state.shared:
        return {"name": cache.NAME_PLACEHOLDER, "email": cache.EMAIL_PLACEHOLDER}
    user = request.user
    if user.is_authenticated:
        return {"name": user.full_name, "email": user.email}
    return {}


class StandardPage(LanguagePageMixin, CacheablePageMixin, Page):
    base_form_class = VietnamesePageForm

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["portal.HomePage", "portal.StandardPage", "portal.OrganisationPage"]
    subpage_types = ["portal.StandardPage", "portal.OrganisationPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")

    def __str__(self):
        return self.title

    def searchable_text(self):
        """What the site search indexes beside the title and introduction."""
        return stream_text(self.body)

    def get_context(self, request, *args, **kwargs):
        from .cache import tag

        context = super().get_context(request, *args, **kwargs)
        context["children"] = list(self.get_children().live().public().specific())
        tag(
            request, f"children:{self.path}", *(f"page:{child.pk}" for child in context["children"])
        )
        return context


# ------------------------------------------------------------------------------------------
# Comments
# ------------------------------------------------------------------------------------------


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    page = models.ForeignKey(
        NewsPage, verbose_name=_("article"), on_delete=models.CASCADE, related_name="comments"
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"), help_text=_("Never shown to readers."))
    body = models.TextField(_("comment"), max_length=3000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("written at"), default=timezone.now, db_index=True)
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("status"), FieldPanel("name"), FieldPanel("body")]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reader comment")
        verbose_name_plural = _("reader comments")
        indexes = [models.Index(fields=["page", "status"], name="portal_comment_page_status")]

    def __str__(self):
        return f"{self.name}: {self.body[:60]}"


# ------------------------------------------------------------------------------------------
# Polls
# ------------------------------------------------------------------------------------------


class Poll(ClusterableModel):
    class Placement(models.TextChoices):
        HOME = "home", _("Home page")
        ARTICLES = "articles", _("News articles")
        EVERYWHERE = "everywhere", _("Home page and news articles")

    question = models.CharField(_("question"), max_length=255)
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    placement = models.CharField(
        _("where shown"), max_length=12, choices=Placement.choices, default=Placement.HOME
    )

    panels = [
        FieldPanel("question"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("placement"),
        InlinePanel("choices", label=_("Choices"), min_num=2),
    ]

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("opinion poll")
        verbose_name_plural = _("opinion polls")

    def __str__(self):
        return self.question

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now and (self.closes_at is None or now < self.closes_at)


class PollChoice(Orderable):
    poll = ParentalKey(Poll, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("choice"), max_length=200)

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("poll choice")
        verbose_name_plural = _("poll choices")

    def __str__(self):
        return self.text


class PollVote(models.Model):
    poll = models.ForeignKey(
        Poll, verbose_name=_("poll"), on_delete=models.CASCADE, related_name="votes"
    )
    choice = models.ForeignKey(
        PollChoice, verbose_name=_("choice"), on_delete=models.CASCADE, related_name="votes"
    )
    # "user:<id>" for accounts, "browser:<hash of the cookie>" for anonymous readers.
    voter_key = models.CharField(_("voter"), max_length=80)
    created_at = models.DateTimeField(_("voted at"), default=timezone.now)

    class Meta:
        verbose_name = _("poll vote")
        verbose_name_plural = _("poll votes")
        constraints = [
            models.UniqueConstraint(fields=["poll", "voter_key"], name="portal_one_vote_per_voter")
        ]

    def __str__(self):
        return f"{self.poll_id}: {self.choice_id}"


# ------------------------------------------------------------------------------------------
# Site settings
# ------------------------------------------------------------------------------------------


@register_setting(icon="site")
class PortalSettings(BaseGenericSetting):
    class AlertLevel(models.TextChoices):
        INFO = "info", _("Information")
        WARNING = "warning", _("Warning")
        DANGER = "danger", _("Urgent")

    agency_name = models.CharField(_("agency name"), max_length=200, blank=True)
    agency_name_en = models.CharField(
        _("agency name in English"),
        max_length=200,
        blank=True,
        help_text=_("Shown on the English pages."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    address_en = models.CharField(_("address in English"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)

    # What Decree 42/2022/ND-CP asks a state agency's portal to show at the foot of every page.
    governing_body = models.CharField(
        _("governing body"),
        max_length=200,
        blank=True,
        help_text=_("The agency that owns the portal (cơ quan chủ quản)."),
    )
    responsible_person = models.CharField(
        _("person in charge"),
        max_length=200,
        blank=True,
        help_text=_("Name and position of the person chiefly responsible, e.g. Giám đốc Sở …"),
    )
    licence_number = models.CharField(
        _("licence number"),
        max_length=100,
        blank=True,
        help_text=_("The number of the licence to set up the portal, if one was issued."),
    )
    licence_date = models.DateField(_("licence issued on"), null=True, blank=True)
    licence_issuer = models.CharField(
        _("licence issued by"),
        max_length=200,
        blank=True,
        help_text=_("The authority that issued the licence."),
    )

    alert_text = models.CharField(_("alert banner text"), max_length=300, blank=True)
    alert_text_en = models.CharField(
        _("alert banner text in English"),
        max_length=300,
        blank=True,
        help_text=_("Empty: the English pages show the Vietnamese text, marked as Vietnamese."),
    )
    alert_level = models.CharField(
        _("alert level"), max_length=10, choices=AlertLevel.choices, default=AlertLevel.INFO
    )
    alert_link = models.CharField(
        _("alert link"),
        max_length=300,
        blank=True,
        validators=[validate_link],
        help_text=_("An address starting with https:// or a path on this site such as /cuoc-thi/."),
    )
    alert_expires_at = models.DateTimeField(
        _("alert shown until"), null=True, blank=True, help_text=_("Empty: shown until removed.")
    )

    info_title = models.CharField(
        _("good-to-know box title"), max_length=100, blank=True, default="Thông tin cần biết"
    )
    info_body = RichTextField(
        _("good-to-know box text"), blank=True, features=["bold", "italic", "link", "ul"]
    )
    info_updated_at = models.DateTimeField(
        _("good-to-know box updated at"),
        null=True,
        blank=True,
        help_text=_("Set automatically whenever the box text changes."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("agency_name"),
                FieldPanel("agency_name_en"),
                FieldPanel("logo"),
                FieldPanel("address"),
                FieldPanel("address_en"),
                FieldPanel("phone"),
                FieldPanel("email"),
            ],
            heading=_("Agency"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("governing_body"),
                FieldPanel("responsible_person"),
                FieldRowPanel(
                    [
                        FieldPanel("licence_number"),
                        FieldPanel("licence_date"),
                        FieldPanel("licence_issuer"),
                    ]
                ),
            ],
            heading=_("Legal notice in the footer"),
            help_text=_("Each line shows in the footer of every page; empty lines are hidden."),
        ),
        MultiFieldPanel(
            [
                FieldPanel("alert_text"),
                FieldPanel("alert_text_en"),
                FieldPanel("alert_level"),
                FieldPanel("alert_link"),
                FieldPanel("alert_expires_at"),
            ],
            heading=_("Alert banner"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("info_title"),
                FieldPanel("info_body"),
                FieldPanel("info_updated_at", read_only=True),
            ],
            heading=_("Good-to-know box"),
        ),
    ]

    class Meta:
        verbose_name = _("portal settings")
        verbose_name_plural = _("portal settings")

    def save(self, *args, **kwargs):
        # The box shows readers when it was last updated: stamp it when its text changes.
        stored = (
            PortalSettings.objects.filter(pk=self.pk).values_list("info_body", flat=True).first()
            if self.pk
            else None
        )
        if self.info_body and self.info_body != (stored or ""):
            self.info_updated_at = timezone.now()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "info_body" in update_fields:
                kwargs["update_fields"] = {*update_fields, "info_updated_at"}
        super().save(*args, **kwargs)

    def alert_is_active(self, now=None):
        if not self.alert_text:
            return False
        return self.alert_expires_at is None or (now or timezone.now()) < self.alert_expires_at


# ------------------------------------------------------------------------------------------
# Site search index
# ------------------------------------------------------------------------------------------


class SearchDocument(models.Model):
    """One thing the site search can find: a news article, a page, or whatever another app
    contributes through the `register_search_documents` hook (see portal/search.py).

    The word columns hold whole words separated by single spaces, with a space at each end, so
    that " hoi " is found in them as a whole word and never inside " thoi ". The full-text
    index over `text_words` (FTS5 on SQLite, a GIN index on a tsvector on PostgreSQL) is created
    by the migration: Django's fields cannot declare it.
    """

    kind = models.CharField(_("kind"), max_length=30)
    object_id = models.CharField(_("object id"), max_length=64)
    language = models.CharField(_("language"), max_length=8, default="vi")
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("plain text"), blank=True)
    url = models.CharField(_("address"), max_length=500)
    date = models.DateTimeField(_("date"), null=True, blank=True)
    title_words = models.TextField(_("title words (no tone marks)"), editable=False)
    text_words = models.TextField(_("words (no tone marks)"), editable=False)
    exact_words = models.TextField(_("words (with tone marks)"), editable=False)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="portal_searchdoc_unique")
        ]

    def __str__(self):
        return self.title


# ------------------------------------------------------------------------------------------
# The agency: leaders, the organisation page, links to the public-service portals
# ------------------------------------------------------------------------------------------


class Leader(models.Model):
    """A person in the agency's leadership, shown on the organisation page."""

    name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(
        _("position"), max_length=200, help_text=_("For example: Giám đốc Sở, Phó Giám đốc Sở.")
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Without a photo the page shows the person's initials."),
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    duties = models.TextField(
        _("areas of responsibility"), blank=True, max_length=1000, help_text=_("Optional.")
    )
    sort_order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Smaller numbers come first.")
    )
    active = models.BooleanField(
        _("shown"), default=True, help_text=_("Untick when the person leaves the post.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("position"),
        FieldPanel("photo"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("duties"),
        FieldRowPanel([FieldPanel("sort_order"), FieldPanel("active")]),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")

    def __str__(self):
        return f"{self.name} ({self.position})"

    @property
    def initials(self):
        """Vietnamese names end with the given name: "Nguyễn Văn An" gives "NA"."""
        words = self.name.split()
        if not words:
            return ""
        if len(words) == 1:
            return words[0][0].upper()
        return (words[0][0] + words[-1][0]).upper()


class OrganisationPage(CacheablePageMixin, Page):
    """ "Cơ cấu tổ chức": the agency's functions and duties, its leaders and its divisions."""

    base_form_class = VietnamesePageForm
    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    functions = RichTextField(
        _("position and functions"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
    )
    duties = RichTextField(
        _("duties and powers"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
    )
    structure = RichTextField(
        _("divisions and units"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text=_("The divisions and the units under the agency."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("functions"),
        FieldPanel("duties"),
        InlinePanel(
            "leader_placements",
            label=_("Leaders"),
            heading=_("Leaders, in the order shown"),
        ),
        FieldPanel("structure"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("functions"),
        index.SearchField("duties"),
    ]

    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    subpage_types = ["portal.StandardPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("organisation page")
        verbose_name_plural = _("organisation pages")

    def __str__(self):
        return self.title

    def searchable_text(self):
        """What the site search indexes beside the title and introduction."""
        from django.utils.html import strip_tags

        return "\n".join(
            strip_tags(text) for text in (self.functions, self.duties, self.structure) if text
        )

    def leaders(self):
        """The active leaders placed on the page, in the page's order (two queries: the
        leaders with their photos, and the photos' renditions)."""
        return [
            placement.leader
            for placement in self.leader_placements.filter(leader__active=True)
            .select_related("leader", "leader__photo")
            .prefetch_related("leader__photo__renditions")
            .order_by("sort_order", "pk")
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["leaders"] = self.leaders()
        return context


class OrganisationPageLeader(Orderable):
    page = ParentalKey(OrganisationPage, on_delete=models.CASCADE, related_name="leader_placements")
    leader = models.ForeignKey(
        Leader, verbose_name=_("leader"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("leader")]

    class Meta(Orderable.Meta):
        verbose_name = _("leader on the page")
        verbose_name_plural = _("leaders on the page")
        constraints = [
            models.UniqueConstraint(fields=["page", "leader"], name="portal_org_leader_once")
        ]


class ServiceLink(models.Model):
    """A link to a public-service portal (national, provincial), shown in every page's footer."""

    title = models.CharField(_("title"), max_length=150)
    url = models.URLField(
        _("address"),
        max_length=300,
        validators=[validate_http_url],
        help_text=_("A full address starting with https://."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Smaller numbers come first.")
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("url"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "title"]
        verbose_name = _("public-service portal link")
        verbose_name_plural = _("public-service portal links")

    def __str__(self):
        return self.title
