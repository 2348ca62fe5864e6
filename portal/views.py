import secrets

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST
from wagtail import hooks
from wagtail.models import Page

from common.errors import ServiceError
from common.pagination import PAGE_PARAM
from common.ratelimit import hit_ip

from . import cache as page_cache
from . import pdf, polls, search, services
from .errors import PortalError
from .forms import CommentForm
from .models import NewsPage, Poll, page_language
from .sections import other_app_results

RESULTS_PER_PAGE = 10
VOTER_COOKIE = "portal_voter"
VOTER_COOKIE_SALT = "portal.poll.voter"
# A school or an office shares one address: generous, but a script cannot stuff a poll.
VOTES_PER_IP_PER_HOUR = 30
COMMENTS_PER_IP_PER_10_MIN = 5


# ------------------------------------------------------------------------------------------
# Search
# ------------------------------------------------------------------------------------------


KIND_PARAM = "loai"


def _page_number(request):
    try:
        return max(1, int(request.GET.get(PAGE_PARAM, 1)))
    except (TypeError, ValueError):
        return 1


@require_GET
def search_view(request):
    raw = request.GET.get("q", "")
    context = {"query": raw[: search.MAX_QUERY_LENGTH], "page_obj": None, "other_results": []}
    try:
        parsed = search.parse(raw)
    except ServiceError as error:
        context["error"] = error.message
        return render(request, "portal/search.html", context, status=error.status)
    if parsed is None:
        return render(request, "portal/search.html", context)
    labels = search.kind_labels()
    kind = request.GET.get(KIND_PARAM, "")
    kind = kind if kind in labels else ""
    number = _page_number(request)
    found = search.search(parsed, kind=kind, page=number, per_page=RESULTS_PER_PAGE)
    # The page's number checked against the total the query gave (one query, no count first);
    # a number past the end shows the last page, as everywhere else.
    page_obj = Paginator(range(found["total"]), RESULTS_PER_PAGE).get_page(number)
    if page_obj.number != number:
        found = search.search(parsed, kind=kind, page=page_obj.number, per_page=RESULTS_PER_PAGE)
    page_obj.object_list = found["rows"]
    for row in found["rows"]:
        row["kind_label"] = labels.get(row["kind"], search.UNKNOWN_KIND)
    context.update(
        page_obj=page_obj,
        rows=found["rows"],
        total=found["total"],
        capped=found["capped"],
        kind=kind,
        facets=[
            {"kind": key, "label": label, "count": found["facets"][key]}
            for key, label in labels.items()
            if found["facets"].get(key)
        ],
        all_count=min(sum(found["facets"].values()), search.MAX_CANDIDATES),
        suggestion=found["suggestion"],
        max_candidates=search.MAX_CANDIDATES,
    )
    if page_obj.number == 1 and not kind:
        # Apps still on the older hook (a list of results per query) are shown after the index.
        terms = search.highlight_terms(parsed)
        context["other_results"] = [
            {**row, "title_html": search.highlight(row["title"], terms)}
            for row in other_app_results(parsed.text)
        ]
    return render(request, "portal/search.html", context)


# ------------------------------------------------------------------------------------------
# Comments
# ------------------------------------------------------------------------------------------


def _refuse_robots(request):
    """The hidden field only a robot fills in, then the per-network limit."""
    if request.POST.get("website"):
        raise PortalError("spam")
    if not hit_ip(request, "portal-comment", COMMENTS_PER_IP_PER_10_MIN, 600):
        raise PortalError("too_many")


@require_POST
def comment_view(request, page_id):
    page = get_object_or_404(NewsPage.objects.live().public(), pk=page_id)
    form = CommentForm(request.POST)
    try:
        _refuse_robots(request)
        if form.is_valid():
            services.submit_comment(
                page=page,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                body=form.cleaned_data["body"],
            )
            messages.success(
                request,
                _("Thank you! Your comment will appear once an editor has approved it."),
                extra_tags="place:comments",
            )
            # Straight to the message beside the form, not the top of the page.
            return redirect(page.url + "#comment-sent")
        error, status = None, 400
    except ServiceError as refusal:
        error, status = refusal.message, refusal.status
    return render(
        request,
        "portal/comment_error.html",
        {"page": page, "form": form, "error": error},
        status=status,
    )


# ------------------------------------------------------------------------------------------
# Polls
# ------------------------------------------------------------------------------------------


def _voter_key(request):
    token = request.get_signed_cookie(VOTER_COOKIE, default=None, salt=VOTER_COOKIE_SALT)
    return services.voter_key_for(user=request.user, browser_token=token), token


@require_POST
def poll_vote_view(request, poll_id):
    poll = get_object_or_404(Poll, pk=poll_id)
    voter_key, token = _voter_key(request)
    new_token = None
    if not request.user.is_authenticated and token is None:
        new_token = secrets.token_urlsafe(24)
        voter_key = services.voter_key_for(browser_token=new_token)
    try:
        if not request.user.is_authenticated and not hit_ip(
            request, "portal-vote", VOTES_PER_IP_PER_HOUR, 3600
        ):
            raise PortalError("too_many")
        services.vote(poll=poll, choice_id=request.POST.get("choice"), voter_key=voter_key)
    except ServiceError as error:
        if error.code == "poll_already_voted":
            # Not a mistake to correct: the results page answers it (a second tab, a back button).
            messages.info(request, error.message)
            return redirect("portal:poll", poll_id=poll.pk)
        response = render(
            request,
            "portal/poll_page.html",
            {"poll": poll, "error": error.message, **_poll_context(request, poll, voter_key)},
            status=error.status,
        )
    else:
        messages.success(request, _("Thank you for voting."))
        response = redirect("portal:poll", poll_id=poll.pk)
    if new_token:
        response.set_signed_cookie(
            VOTER_COOKIE,
            new_token,
            salt=VOTER_COOKIE_SALT,
            max_age=60 * 60 * 24 * 365 * 2,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


def _poll_context(request, poll, voter_key):
    voted = services.has_voted(poll, voter_key)
    show_results = voted or not poll.is_open()
    context = {"voted": voted, "show_results": show_results}
    if show_results:
        context["rows"], context["total"] = polls.results(poll)
    return context


@require_GET
def poll_view(request, poll_id):
    poll = get_object_or_404(Poll.objects.prefetch_related("choices"), pk=poll_id)
    if poll.opens_at > timezone.now():
        raise Http404  # not announced yet: neither "closed" nor empty results
    voter_key, _token = _voter_key(request)
    return render(
        request, "portal/poll_page.html", {"poll": poll, **_poll_context(request, poll, voter_key)}
    )


# ------------------------------------------------------------------------------------------
# PDF, sitemap, robots
# ------------------------------------------------------------------------------------------


@require_GET
def article_pdf_view(request, page_id):
    page = get_object_or_404(NewsPage.objects.live().public(), pk=page_id)
    data = pdf.article_pdf(page, request)
    response = HttpResponse(data, content_type="application/pdf")
    filename = (slugify(page.slug) or f"bai-viet-{page.pk}")[:80]
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


@require_GET
@cache_control(max_age=3600)
def sitemap_view(request):
    """Every public page; built once per language and kept until a page is published,
    unpublished, moved or deleted (see portal.cache.purge_sitemaps)."""
    key = page_cache.sitemap_key(get_language())
    content = cache.get(key)
    if content is None:
        content = render_sitemap(request)
        cache.set(key, content, page_cache.sitemap_timeout())
    origin = f"{request.scheme}://{request.get_host()}"
    return HttpResponse(
        content.replace(page_cache.ORIGIN_PLACEHOLDER, origin),
        content_type="application/xml; charset=utf-8",
    )


def render_sitemap(request):
    """The sitemap's XML, with ORIGIN_PLACEHOLDER where each address's scheme and host go."""
    pages = (
        Page.objects.live()
        .public()
        .filter(depth__gte=2)
        .exclude(content_type__model="page", content_type__app_label="wagtailcore")
        .only(
            "url_path",
            "last_published_at",
            "latest_revision_created_at",
            "depth",
            "path",
            "locale_id",
            "translation_key",
        )
        .order_by("path")
    )
    entries, versions = [], {}
    for page in pages:
        url_parts = page.get_url_parts(request)
        if url_parts is None:
            continue
        _site_id, _root_url, page_path = url_parts
        location = page_cache.ORIGIN_PLACEHOLDER + iri_to_uri(page_path)
        # A page and its translations list each other (hreflang), like the pages' own heads.
        alternates = versions.setdefault(page.translation_key, [])
        alternates.append((page_language(page), location))
        entries.append(
            {
                "location": location,
                "lastmod": page.last_published_at or page.latest_revision_created_at,
                "alternates": alternates,
            }
        )
    for alternates in versions.values():
        if len(alternates) < 2:
            alternates.clear()
        else:
            alternates.sort(key=lambda item: item[0] != settings.LANGUAGE_CODE)
            alternates.append(("x-default", alternates[0][1]))
    # Other apps' public pages (the document register), each hook giving [{"location": path,
    # "lastmod": datetime}, ...]; they send common.signals.public_content_changed on a change.
    for app_entries in hooks.get_hooks("register_sitemap_entries"):
        entries.extend(
            {**entry, "location": page_cache.ORIGIN_PLACEHOLDER + iri_to_uri(entry["location"])}
            for entry in app_entries()
        )
    return render_to_string("portal/sitemap.xml", {"entries": entries, "now": timezone.now()})


@require_GET
@cache_control(max_age=3600)
def robots_view(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /tai-khoan/",
        "Disallow: /tim-kiem/",
        "Disallow: /binh-luan/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('portal:sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
