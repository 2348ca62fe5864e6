"""Which poll a page shows, and its results."""

from django.db.models import Count, Q
from django.utils import timezone

from .models import Poll, PollChoice


def current_poll(placement, now=None):
    """The most recently opened poll that is open now and shown at `placement` (home/articles)."""
    now = now or timezone.now()
    return (
        Poll.objects.filter(
            Q(placement=placement) | Q(placement=Poll.Placement.EVERYWHERE),
            opens_at__lte=now,
        )
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .prefetch_related("choices")
        .order_by("-opens_at", "-pk")
        .first()
    )


def results(poll):
    """[(choice, votes, percent)] in the editor's order, and the total, in one query."""
    choices = list(
        PollChoice.objects.filter(poll=poll)
        .annotate(count=Count("votes"))
        .order_by("sort_order", "pk")
    )
    total = sum(choice.count for choice in choices)
    rows = [
        (choice, choice.count, round(100 * choice.count / total, 1) if total else 0)
        for choice in choices
    ]
    return rows, total
