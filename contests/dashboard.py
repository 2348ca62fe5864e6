"""The contests' rows on the admin's "Today" panel (see common/dashboard.py)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.dashboard import ITEMS_SHOWN, TodayItem, TodayRow

from .models import Question, Round

#: A round "closes soon" when it closes within this time.
CLOSING_SOON = dt.timedelta(days=2)


def _items(rounds, url_name, note=None):
    rounds = rounds.select_related("contest").order_by("closes_at", "pk")[:ITEMS_SHOWN]
    return [
        TodayItem(
            label=f"{round_.contest.title} – {round_.title}",
            url=reverse(url_name, args=[round_.pk]),
            note=note(round_) if note else "",
        )
        for round_ in rounds
    ]


def _closes(round_):
    when = timezone.localtime(round_.closes_at).strftime("%H:%M %d/%m/%Y")
    return _("closes %(when)s") % {"when": when}


def rows(user, now):
    result = []
    if user.has_perm("contests.change_round"):
        closing = Round.objects.filter(
            opens_at__lte=now, closes_at__gt=now, closes_at__lte=now + CLOSING_SOON
        )
        unpublished = Round.objects.filter(closes_at__lte=now, results_published_at__isnull=True)
        result += [
            TodayRow(
                label=_("Rounds open and closing within two days"),
                count=closing.count(),
                url=reverse("contests_admin_rounds"),
                icon="time",
                order=30,
                items=_items(closing, "contests_admin_monitor", note=_closes),
            ),
            TodayRow(
                label=_("Closed rounds whose results are not published"),
                count=unpublished.count(),
                url=reverse("contests_admin_rounds"),
                icon="list-ol",
                order=40,
                items=_items(unpublished, "contests_admin_results"),
            ),
        ]
    if user.has_perm("contests.change_question"):
        result.append(
            TodayRow(
                label=_("Questions awaiting appraisal"),
                count=Question.objects.filter(status=Question.Status.DRAFT).count(),
                url=reverse("wagtailsnippets_contests_question:list")
                + f"?status={Question.Status.DRAFT}",
                icon="help",
                order=50,
            )
        )
    return result
