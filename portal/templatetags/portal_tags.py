from django import template
from django.conf import settings
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def programme_link(kind, slug):
    """{"title", "url"} of a course or contest by slug, or None when it does not exist (yet)."""
    try:
        if kind == "course":
            from courses.models import Course as Model
        else:
            from contests.models import Contest as Model
    except ImportError:
        return None
    # Only what the public may see: a draft course or an unpublished contest stays hidden.
    visible = (
        Model.objects.visible() if kind == "course" else Model.objects.filter(is_published=True)
    )
    obj = visible.filter(slug=slug).first()
    if obj is None:
        return None
    return {
        "title": obj.title,
        "url": obj.get_absolute_url(),
        "kind": _("Course") if kind == "course" else _("Contest"),
    }


@register.filter
def percent_width(value):
    """A CSS width from a percentage, clamped to 0-100."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "0%"
    return f"{max(0.0, min(100.0, number)):.1f}%"


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's address without query string (pagination and filters excepted)."""
    request = context.get("request")
    if request is None:
        return ""
    page = context.get("page")
    path = page.url if page is not None and getattr(page, "url", None) else request.path
    query = {key: request.GET[key] for key in ("trang", "chuyen-muc") if request.GET.get(key)}
    url = request.build_absolute_uri(path)
    if query and page is not None and page.specific_class.__name__ == "NewsIndexPage":
        from urllib.parse import urlencode

        url += "?" + urlencode(query)
    return url


_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def news_article_jsonld(context, page):
    """schema.org NewsArticle for search engines, safe to place inside <script>."""
    import json

    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "description": page.lead,
        "datePublished": page.date.isoformat(),
        "dateModified": (page.last_published_at or page.date).isoformat(),
        "mainEntityOfPage": request.build_absolute_uri(page.url),
        "inLanguage": "vi",
        "publisher": {"@type": "GovernmentOrganization", "name": context.get("AGENCY_NAME", "")},
    }
    if page.author:
        data["author"] = {"@type": "Person", "name": page.author}
    image_url = context.get("hero_image_url")
    if image_url:
        data["image"] = [request.build_absolute_uri(image_url)]
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    # A data block runs nothing, but carries the nonce so the policy never has to allow it.
    # Rendered for the page cache, a placeholder each response fills in (portal.cache.fill).
    state = getattr(request, "portal_page_cache", None)
    if state is not None and state.shared:
        from portal.cache import NONCE_PLACEHOLDER

        nonce = NONCE_PLACEHOLDER
    else:
        nonce = escape(str(getattr(request, "csp_nonce", "")))
    return mark_safe(f'<script type="application/ld+json" nonce="{nonce}">{payload}</script>')


@register.simple_tag(takes_context=True)
def page_alternates(context, page):
    """[(hreflang, absolute address)] of a translated page's versions, then x-default (the
    Vietnamese one); empty when the page exists in one language only."""
    from portal.languages import translations

    request = context.get("request")
    if request is None or not getattr(page, "translation_key", None):
        return []
    versions = translations(page, request)
    if len(versions) < 2:
        return []
    links = [(code, request.build_absolute_uri(url)) for code, url in versions.items()]
    default = versions.get(settings.LANGUAGE_CODE) or next(iter(versions.values()))
    return [*links, ("x-default", request.build_absolute_uri(default))]


@register.simple_tag(takes_context=True)
def language_targets(context):
    """{language code: address} the language switch goes to from this page (its translation,
    else that language's home page); empty away from the pages (the reader stays where they are)."""
    from portal.languages import switch_targets

    page = context.get("page")
    if not getattr(page, "translation_key", None):
        return {}
    return switch_targets(page, context.get("request"))


@register.simple_tag(takes_context=True)
def poll_state(context, poll):
    """ "form" (the reader may vote), "voted" (they did), or "shared" when the page is
    rendered for the page cache: then both parts are written and each response keeps one."""
    given = context.get("poll_state")
    if given:
        return given
    request = context.get("request")
    if request is None:
        return "form"
    state = getattr(request, "portal_page_cache", None)
    if state is not None and state.shared:
        return "shared"
    from portal.polls import voter_key
    from portal.services import has_voted

    key = voter_key(request)
    return "voted" if key is not None and has_voted(poll, key) else "form"


class SharedFragmentNode(template.Node):
    def __init__(self, name, vary, nodelist):
        self.name = name
        self.vary = vary
        self.nodelist = nodelist

    def render(self, context):
        from portal import cache

        request = context.get("request")
        if request is None or not cache.fragments_apply(request):
            # Rendered for this response alone: its own token, nothing kept.
            return self.nodelist.render(context)
        vary = [value.resolve(context) for value in self.vary]

        def render():
            # The token and nonce of the request rendering it must not be kept: placeholders
            # that each response fills in (portal.cache.fill).
            with context.push(csrf_token=cache.CSRF_PLACEHOLDER):
                return self.nodelist.render(context)

        return cache.fragment(request, self.name, vary, render)


@register.tag
def sharedfragment(parser, token):
    """{% sharedfragment "name" value… %}…{% endsharedfragment %}: the enclosed part of a page
    rendered for the page cache is kept across purges of the page, under its name, the
    language, the host and the values given (see portal.cache.fragment); rendered as usual
    otherwise. Only what every reader sees belongs inside: no nonce, nothing personal."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("sharedfragment needs a name")
    name = bits[1].strip("\"'")
    vary = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endsharedfragment",))
    parser.delete_first_token()
    return SharedFragmentNode(name, vary, nodelist)


@register.simple_tag(takes_context=True)
def image_cache_tag(context, image_id):
    """Records that the page (and the fragment) being rendered for the page cache shows the
    image: replacing its file or editing it purges them (its renditions change). Writes nothing."""
    request = context.get("request")
    if request is not None and image_id:
        from portal import cache

        cache.tag(request, f"image:{image_id}")
    return ""
