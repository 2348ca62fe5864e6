"""Which poll a page shows, and its results."""

from django.db.models import Count, Q
from django.utils import timezone

from .models import Poll, PollChoice

VOTER_COOKIE = "portal_voter"
VOTER_COOKIE_SALT = "portal.poll.voter"


def voter_key(request):
    """Who votes: the signed-in reader, or the browser's signed voter cookie; None for a
    browser that never voted (it has no cookie yet), which costs no query."""
    from .services import voter_key_for

    if request.user.is_authenticated:
        return voter_key_for(user=request.user)
    token = request.get_signed_cookie(VOTER_COOKIE, default=None, salt=VOTER_COOKIE_SALT)
    if token is None:
        return None
    return voter_key_for(browser_token=token)


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
