"""The contests part of "Quá trình học tập của tôi" (accounts.learning): every entry with every
attempt, its score and time as the round's policy allows, and, once the round's results are
published, the rank and any prize. Four queries whatever the number of entries."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.learning import LearningSection

from .models import Attempt, Entry, Prize


@dataclass
class AttemptLine:
    attempt: Attempt
    shows_score: bool
    published: bool
    prize: Prize | None

    @property
    def rank(self):
        return self.attempt.rank if self.published and self.attempt.counted else None


def records(person, now=None):
    now = now or timezone.now()
    entries = list(
        Entry.objects.filter(person=person)
        .select_related("contest", "group")
        .prefetch_related(
            Prefetch(
                "attempts",
                queryset=Attempt.objects.select_related("round").order_by(
                    "round__opens_at", "number"
                ),
            )
        )
        .order_by("-created_at", "-pk")
    )
    prizes = {
        prize.attempt_id: prize
        for prize in Prize.objects.filter(person=person, round__results_published_at__isnull=False)
    }
    result = []
    for entry in entries:
        lines = []
        for attempt in entry.attempts.all():
            round_ = attempt.round
            published = round_.results_published_at is not None
            lines.append(
                AttemptLine(
                    attempt=attempt,
                    shows_score=not attempt.is_open
                    and round_.reveals("show_score", True, now)
                    and not entry.voided_at,
                    published=published and not entry.voided_at,
                    prize=prizes.get(attempt.pk) if not entry.voided_at else None,
                )
            )
        result.append((entry, lines))
    return result


def render(request, person) -> str:
    items = records(person)
    if not items:
        return ""
    return render_to_string(
        "contests/includes/learning_record.html", {"records": items}, request=request
    )


SECTION = LearningSection(name="contests", label=_("Contests"), render=render, order=20)
