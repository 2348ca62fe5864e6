"""What other apps (the portal's home page and search) may use from contests."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import page_cache
from .models import Contest, Round


def home_section(request, limit=3) -> str:
    """A `<section>` listing the rounds open now or opening next; "" when there are none.

    Two queries whatever the number of rounds (rounds with their contest in one join).
    """
    now = timezone.now()
    rounds = list(
        Round.objects.filter(contest__is_published=True, closes_at__gt=now)
        .select_related("contest")
        .order_by("opens_at")[:limit]
    )
    if not rounds:
        return ""
    # The cached home page is kept no longer than the first of them opens or closes.
    page_cache.shows_rounds(request, rounds, now)
    return render_to_string(
        "contests/includes/home_section.html",
        {"rounds": rounds, "now": now},
        request=request,
    )


def search_documents(ids=None):
    """The published contests (the portal's site search; see `SEARCH_SOURCE`)."""
    qs = Contest.objects.filter(is_published=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    for contest in qs.only("title", "slug", "summary", "created_at").order_by("created_at", "pk"):
        yield {
            "id": contest.pk,
            "title": contest.title,
            "summary": contest.summary,
            "url": contest.get_absolute_url(),
            "date": contest.created_at,
        }


#: What the portal's site search indexes from contests (hook `register_search_documents`).
SEARCH_SOURCE = {
    "kind": "contest",
    "label": pgettext_lazy("search facet", "Contests"),
    "order": 40,
    "documents": search_documents,
    "watch": {Contest: lambda contest: [contest.pk]},
}


def participants_by_unit(unit_ids, year) -> dict:
    """{unit id: number of the units' confirmed members who submitted an attempt in a contest
    in `year`} (the PAR index's communication criterion). One query."""
    from django.db.models import Count

    from accounts.models import User

    from .models import Attempt

    rows = (
        Attempt.objects.filter(
            submitted_at__year=year,
            entry__person__in=User.objects.confirmed_members(unit_ids),
        )
        .values("entry__person__unit")
        .annotate(people=Count("entry__person", distinct=True))
    )
    return {row["entry__person__unit"]: row["people"] for row in rows}


def participants_of_unit(unit_id, year) -> list[dict]:
    """The entrants behind `participants_by_unit` for one unit: one row per round in which a
    confirmed member of the unit submitted an attempt in `year` — {"name", "contest", "round",
    "date"} (the first submission), by name. The PAR index shows them as the evidence of its
    contest criterion. One query."""
    from django.db.models import Min

    from accounts.models import User

    from .models import Attempt

    rows = (
        Attempt.objects.filter(
            submitted_at__year=year,
            entry__person__in=User.objects.confirmed_members(unit_id),
        )
        .values_list(
            "entry__person_id", "entry__person__full_name", "round__contest__title", "round__title"
        )
        .annotate(first=Min("submitted_at"))
        .order_by("entry__person__full_name", "entry__person_id", "first")
    )
    return [
        {"name": name, "contest": contest, "round": round_title, "date": first}
        for _person, name, contest, round_title, first in rows
    ]


def _published_rounds():
    return (
        Round.objects.filter(contest__is_published=True, results_published_at__isnull=False)
        .select_related("contest")
        .only("title", "results_published_at", "contest__slug", "contest__title")
        .order_by("-results_published_at", "pk")
    )


def sitemap_entries() -> list[dict]:
    """The contests page, every published contest and every published round's results, for
    the portal's XML sitemap (hook `register_sitemap_entries`): two queries."""
    entries = [{"location": reverse("contests:index"), "lastmod": None}]
    contests = Contest.objects.filter(is_published=True).only("slug", "created_at")
    entries += [
        {"location": contest.get_absolute_url(), "lastmod": None}
        for contest in contests.order_by("pk")
    ]
    entries += [
        {
            "location": reverse("contests:results", args=[round_.contest.slug, round_.pk]),
            "lastmod": round_.results_published_at,
        }
        for round_ in _published_rounds()
    ]
    return entries


#: How many published results the HTML site map lists (the newest); the contests page has all.
SITE_MAP_RESULTS = 12


def site_map_section() -> dict:
    """The contests' entry pages and the newest results, for the portal's HTML site map (hook
    `register_site_map_section`): one query."""
    results = [
        {
            "title": _("Results: %(round)s")
            % {"round": f"{round_.contest.title} – {round_.title}"},
            "url": reverse("contests:results", args=[round_.contest.slug, round_.pk]),
        }
        for round_ in _published_rounds()[:SITE_MAP_RESULTS]
    ]
    return {
        "title": _("Contests"),
        "url": reverse("contests:index"),
        "order": 30,
        "children": [{"title": _("My contests"), "url": reverse("contests:my_entries")}, *results],
    }
