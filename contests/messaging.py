"""Who an organizer may email about a contest round: the contest's entrants (voided entries
left out), by what they did in the round. Declared to common/messaging.py through the
`register_mailing_audience` hook (wagtail_hooks.py)."""

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.messaging import Audience

from .models import Attempt, Entry, Round

FINISHED = (Attempt.Status.SUBMITTED, Attempt.Status.TIMED_OUT)

FILTERS = {
    "all": gettext_lazy("Every entrant of the contest"),
    "not_attempted": gettext_lazy("Not yet attempted this round"),
    "in_progress": gettext_lazy("Attempt in progress"),
    "completed": gettext_lazy("Completed this round (submitted)"),
}


def filters(round_):
    return list(FILTERS.items())


def recipients(round_, value):
    """The ids of the entrants the filter chooses, in the order they entered."""
    attempts = Attempt.objects.filter(round=round_, entry=OuterRef("pk"))
    qs = Entry.objects.filter(contest_id=round_.contest_id, voided_at__isnull=True)
    if value == "not_attempted":
        qs = qs.filter(~Exists(attempts))
    elif value == "in_progress":
        qs = qs.filter(Exists(attempts.filter(status=Attempt.Status.OPEN)))
    elif value == "completed":
        qs = qs.filter(Exists(attempts.filter(status__in=FINISHED)))
    elif value != "all":
        raise KeyError(value)
    return qs.order_by("created_at", "pk").values_list("person_id", flat=True)


def values(round_):
    return {"cuoc_thi": round_.contest.title, "vong_thi": round_.title}


def reason(round_):
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return _("You receive this email because you entered “%(contest)s”: %(url)s") % {
        "contest": round_.contest.title,
        "url": base_url + round_.get_absolute_url(),
    }


def load(pk):
    return Round.objects.select_related("contest").filter(pk=pk).first()


AUDIENCE = Audience(
    name="contests.round",
    filters=filters,
    recipients=recipients,
    values=values,
    placeholders={
        "cuoc_thi": gettext_lazy("the contest's title"),
        "vong_thi": gettext_lazy("the round's title"),
    },
    reason=reason,
    load=load,
    label=lambda round_: f"{round_.contest.title} – {round_.title}",
)
