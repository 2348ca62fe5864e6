"""The contests' public pages in the page cache (common/page_cache.py; portal/cache.py serves it).

The list of contests, a contest's page, a round's results and its live figures are stored once
per address and language, rendered as an anonymous reader sees them, and served to everyone.

* What is personal on a contest's page (the entrant's status, "Enter", "Start the round" with
  its form, their own attempts) sits between markers. The shared copy holds the anonymous
  version ("Log in to enter"); a signed-in reader's response gets their own, filled in by
  `fill_detail` (one query for a reader who has not entered, four for an entrant), so nothing of
  one reader reaches another's page or the shared copy.
* Whether a round is open depends on the clock: a copy showing rounds is kept no longer than
  the next opening or closing among them (`common.page_cache.expire_at`), so a round opening at 08:00
  shows as open from 08:00 without anyone editing it.
* The live figures change with every attempt: their copy is kept `LIVE_SECONDS` at most.

Tags (each purged by the changes listed in `connect`):

* `contests`: the list of contests;
* `contest:<id>`: the contest's page (its fields, entrant groups and rounds);
* `contest-info:<id>`: the contest's title and groups as its results and live pages show them;
* `round:<id>`: the round's results and live pages;
* `entries:<id>`: the contest's results and live pages, which leave voided entries out.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils import timezone

from common import page_cache
from common.csrf import get_token

#: <!--contests-me:<contest id>:<slug>--> ... <!--/contests-me-->: the entrant's status.
ME_START = "<!--contests-me:"
ME_END = "<!--/contests-me-->"
#: <!--contests-round-me:<round id>--> ... <!--/contests-round-me:<round id>-->
ROUND_START = "<!--contests-round-me:{}-->"
ROUND_END = "<!--/contests-round-me:{}-->"

ENTRANT_TEMPLATE = "contests/includes/entrant_status.html"
ROUND_TEMPLATE = "contests/includes/round_entrant.html"


def live_seconds():
    """How old the live figures may be (the page itself refreshes every minute)."""
    return getattr(settings, "CONTESTS_LIVE_CACHE_SECONDS", 30)


# ------------------------------------------------------------------------------------------
# Rendering for the cache
# ------------------------------------------------------------------------------------------


def next_change(rounds, now):
    """When the first of `rounds` opens or closes after `now` (None when none will)."""
    moments = [
        moment
        for round_ in rounds
        for moment in (round_.opens_at, round_.closes_at)
        if moment > now
    ]
    return min(moments, default=None)


def shows_rounds(request, rounds, now, *tags):
    """The page being rendered shows `rounds` open or not as of `now`, and `tags`."""
    page_cache.tag(request, *tags)
    page_cache.expire_at(request, next_change(rounds, now))


def shows_results(request, round_):
    """The page being rendered shows the round's figures (its results or live page)."""
    page_cache.tag(
        request,
        f"round:{round_.pk}",
        f"contest-info:{round_.contest_id}",
        f"entries:{round_.contest_id}",
    )


def shows_live_figures(request, round_, now):
    shows_results(request, round_)
    page_cache.expire_at(request, now + timedelta(seconds=live_seconds()))


def annotate_rounds(rounds, attempts):
    """Each round gets the reader's attempts in it (`attempts`: round id -> list), their open
    one, the attempts they have left and the number of questions."""
    from . import services

    for round_ in rounds:
        round_.my_attempts = attempts.get(round_.pk, [])
        round_.my_open = next((a for a in round_.my_attempts if a.is_open), None)
        round_.attempts_left = round_.attempts_allowed - len(round_.my_attempts)
        round_.question_total = services.round_question_total(round_)


# ------------------------------------------------------------------------------------------
# A signed-in reader's own parts
# ------------------------------------------------------------------------------------------


def _replace_between(content, start, end, replacement):
    begin = content.find(start)
    if begin < 0:
        return content
    finish = content.find(end, begin)
    if finish < 0:
        return content
    return content[: begin + len(start)] + replacement + content[finish:]


def fill_detail(request, content, user_pk):
    """A signed-in reader's status and buttons on a contest's page served from the shared copy
    (which holds the anonymous version): one query, four for an entrant."""
    from .models import Contest, Entry, Round

    begin = content.find(ME_START)
    close = content.find("-->", begin)
    contest_id, _sep, slug = content[begin + len(ME_START) : close].partition(":")
    if not contest_id.isdigit() or close < 0:
        return content  # not the marker this template writes
    contest = Contest(pk=int(contest_id), slug=slug)
    entry = (
        Entry.objects.filter(contest_id=contest.pk, person_id=user_pk)
        .select_related("group")
        .only("voided_at", "group__name")
        .first()
    )
    context = {"contest": contest, "entry": entry, "signed_in": True}
    marker = content[begin : close + 3]
    content = _replace_between(content, marker, ME_END, render_to_string(ENTRANT_TEMPLATE, context))
    if entry is None:
        return content  # the rounds' parts are empty for a reader who has not entered
    attempts = {}
    for attempt in entry.attempts.order_by("number"):
        attempts.setdefault(attempt.round_id, []).append(attempt)
    rounds = list(Round.objects.filter(contest_id=contest.pk).prefetch_related("blueprint"))
    annotate_rounds(rounds, attempts)
    now = timezone.now()
    context.update(now=now, csrf_token=get_token(request))
    for round_ in rounds:
        if not round_.my_attempts and not round_.is_open(now):
            continue  # nothing of the reader's to show: the part stays empty
        context["round"] = round_
        content = _replace_between(
            content,
            ROUND_START.format(round_.pk),
            ROUND_END.format(round_.pk),
            render_to_string(ROUND_TEMPLATE, context),
        )
    return content


# ------------------------------------------------------------------------------------------
# Purging
# ------------------------------------------------------------------------------------------


def purge_contest(instance, **_kwargs):
    """A contest edited, published, unpublished or deleted."""
    page_cache.purge("contests", f"contest:{instance.pk}", f"contest-info:{instance.pk}")


def purge_group(instance, **_kwargs):
    """An entrant group: listed on the contest's page, named on its results."""
    page_cache.purge(f"contest:{instance.contest_id}", f"contest-info:{instance.contest_id}")


def purge_round(instance, **_kwargs):
    """A round edited, deleted, or its results computed, recomputed or published (each saves
    the round)."""
    page_cache.purge("contests", f"contest:{instance.contest_id}", f"round:{instance.pk}")


def purge_entry(instance, created=False, update_fields=None, **_kwargs):
    """An entry voided (or otherwise changed by the organizers): the results and live figures
    leave voided entries out. A new entry shows on no public page."""
    if not created:
        page_cache.purge(f"entries:{instance.contest_id}")


def purge_rounds(round_ids):
    """Results pages showing something changed outside the ORM's signals (a person's name
    erased with their account)."""
    page_cache.purge(*(f"round:{pk}" for pk in round_ids))


def connect():
    """Connected once, from ContestsConfig.ready()."""
    from .models import Contest, EntrantGroup, Entry, Round

    page_cache.register_cached_views(
        "contests:index", "contests:detail", "contests:results", "contests:live"
    )
    page_cache.register_filler(ME_START, fill_detail)
    for model, receiver in (
        (Contest, purge_contest),
        (EntrantGroup, purge_group),
        (Round, purge_round),
    ):
        post_save.connect(receiver, sender=model, dispatch_uid=f"contests-cache-{model.__name__}")
        post_delete.connect(
            receiver, sender=model, dispatch_uid=f"contests-cache-del-{model.__name__}"
        )
    post_save.connect(purge_entry, sender=Entry, dispatch_uid="contests-cache-Entry")
    post_delete.connect(purge_entry, sender=Entry, dispatch_uid="contests-cache-del-Entry")
