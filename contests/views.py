"""Public and entrant pages. Thin: parse, call one service, show its refusal as a message.

Attempt pages and the save endpoint identify choices by their position in the person's shuffled
draw, never by database id, and nothing about correctness reaches them before the round allows.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common import ratelimit
from common.errors import ServiceError, error_json, run_service
from common.page_cache import shareable
from common.views import too_many_requests

from . import page_cache, services
from .errors import ContestError
from .forms import EntryForm
from .models import Attempt, Contest, Entry, Prize, Round, TeamPrize

SAVE_LIMIT = (120, 60)  # saves per account per minute: plenty for a person, not for a script
# Per account per minute: a person starts, submits or enters a handful of times at most.
START_LIMIT = (20, 60)
SUBMIT_LIMIT = (20, 60)
ENTER_LIMIT = (10, 60)
MAX_POSTED_ANSWERS = 200


def _rate_limited(request, scope, limit):
    """None while the account is within `limit`, else the 429 page to return."""
    if ratelimit.hit(scope, str(request.user.pk), *limit):
        return None
    return too_many_requests(
        request, _("You are doing this too often; wait a minute and try again."), limit[1]
    )


@shareable
def index(request):
    contests = list(
        Contest.objects.filter(is_published=True).prefetch_related(
            Prefetch("rounds", queryset=Round.objects.order_by("opens_at"))
        )
    )
    now = timezone.now()
    rounds = [round_ for contest in contests for round_ in contest.rounds.all()]
    page_cache.shows_rounds(request, rounds, now, "contests")
    return render(request, "contests/index.html", {"contests": contests, "now": now})


def _published_contest(slug):
    return get_object_or_404(Contest, slug=slug, is_published=True)


@shareable
def detail(request, slug):
    """Rendered for the page cache as an anonymous reader sees it; a signed-in reader's own
    parts are filled in by `page_cache.fill_detail` (or rendered here when not cached)."""
    contest = _published_contest(slug)
    rounds = list(contest.rounds.prefetch_related("blueprint").order_by("opens_at"))
    now = timezone.now()
    page_cache.shows_rounds(request, rounds, now, f"contest:{contest.pk}")
    entry = None
    attempts = {}
    if request.user.is_authenticated:
        entry = Entry.objects.filter(contest=contest, person=request.user).first()
        if entry:
            for attempt in entry.attempts.order_by("number"):
                attempts.setdefault(attempt.round_id, []).append(attempt)
    page_cache.annotate_rounds(rounds, attempts)
    return render(
        request,
        "contests/detail.html",
        {
            "contest": contest,
            "rounds": rounds,
            "entry": entry,
            "signed_in": request.user.is_authenticated,
            "now": now,
            "groups": contest.groups.all(),
        },
    )


#: The service's refusals that belong next to one field of the entry form.
ENTRY_ERROR_FIELDS = {
    "duplicate_cccd": "cccd",
    "cccd_format": "cccd",
    "cccd_century": "cccd",
    "cccd_birth_year": "cccd",
    "cccd_required": "cccd",
    "dob_required": "date_of_birth",
    "dob_required_public": "date_of_birth",
    "too_young": "date_of_birth",
    "phone_required": "phone",
    "unit_required": "unit",
    "unit_not_eligible": "unit",
}


@login_required
def enter(request, slug):
    contest = _published_contest(slug)
    if request.method == "POST":
        limited = _rate_limited(request, "contests-enter", ENTER_LIMIT)
        if limited:
            return limited
    if Entry.objects.filter(contest=contest, person=request.user).exists():
        messages.info(request, _("You have already entered this contest."))
        return redirect(contest)
    form = EntryForm(request.POST or None, contest=contest, person=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.create_entry(
                contest,
                request.user,
                group=data["group"],
                unit=data["unit"],
                full_name=data["full_name"],
                date_of_birth=data["date_of_birth"],
                cccd=data["cccd"],
                phone=data["phone"],
                consent=data["consent"],
            )
        except ServiceError as error:
            # Shown on the form, next to what the person typed, rather than as a message.
            form.add_error(ENTRY_ERROR_FIELDS.get(error.code), error.as_validation_error())
        else:
            messages.success(request, _("You have entered the contest. Good luck!"))
            return redirect(contest)
    return render(request, "contests/enter.html", {"contest": contest, "form": form})


@login_required
@require_POST
def start(request, slug, pk):
    limited = _rate_limited(request, "contests-start", START_LIMIT)
    if limited:
        return limited
    round_ = get_object_or_404(Round.objects.select_related("contest"), pk=pk, contest__slug=slug)
    outcome = run_service(request, services.start_attempt, round_, request.user)
    if not outcome:
        return redirect(round_.contest)
    return redirect("contests:attempt", pk=outcome.value.pk)


def _attempt_for(request, pk):
    try:
        return Attempt.objects.select_related("round__contest").get(
            pk=pk, entry__person=request.user
        )
    except Attempt.DoesNotExist:
        raise Http404 from None


@login_required
def attempt_page(request, pk):
    attempt = _attempt_for(request, pk)
    now = timezone.now()
    if attempt.is_open and now > attempt.deadline:
        services.submit(attempt.pk, request.user, now=now)
        attempt.refresh_from_db()
    if not attempt.is_open:
        return redirect("contests:attempt_result", pk=attempt.pk)
    context = {"attempt": attempt, "round": attempt.round}
    context.update(services.attempt_sheet(attempt, now=now))
    response = render(request, "contests/attempt.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def save(request, pk):
    """JSON autosave: {"question": id, "choices": [positions]} or {"prediction": "123"}."""
    if not ratelimit.hit("contests-save", str(request.user.pk), *SAVE_LIMIT):
        return JsonResponse(
            {"ok": False, "error": _("Too many saves in a short time; wait a moment.")},
            status=429,
        )
    try:
        payload = json.loads(request.body or b"{}")
        if not isinstance(payload, dict):
            raise ValueError
    except ValueError:
        return JsonResponse({"ok": False, "error": _("The request could not be read.")}, status=400)
    # No `now` from here: the services read the clock once they hold the attempt's lock, so a
    # save that waited for a submit is judged by when it could write.
    try:
        if "prediction" in payload:
            attempt = services.save_prediction(pk, request.user, payload["prediction"])
        else:
            positions = payload.get("choices")
            if not isinstance(positions, list):
                raise ContestError("choice_not_in_question")
            attempt = services.save_answer(
                pk, request.user, payload.get("question"), positions, by_position=True
            )
    except ServiceError as error:
        return error_json(error)
    remaining = (attempt.deadline - timezone.now()).total_seconds()
    return JsonResponse({"ok": True, "remaining": max(0, int(remaining))})


@login_required
@require_POST
def submit(request, pk):
    """Store what the form carries (a prediction typed just before pressing submit has had no
    autosave yet), then grade, in this one request."""
    limited = _rate_limited(request, "contests-submit", SUBMIT_LIMIT)
    if limited:
        return limited
    answers = {key[2:]: request.POST.getlist(key) for key in request.POST if key.startswith("q-")}
    prediction = request.POST.get("prediction", "").strip() or None
    if len(answers) > MAX_POSTED_ANSWERS:
        answers = {}
    outcome = run_service(request, services.submit_form, pk, request.user, answers, prediction)
    if outcome:
        return redirect("contests:attempt_result", pk=outcome.value.pk)
    if outcome.error.status == 404:
        return redirect("contests:index")
    # Something the person can correct (a mistyped prediction): back to the attempt.
    return redirect("contests:attempt", pk=pk)


@login_required
def attempt_result(request, pk):
    attempt = _attempt_for(request, pk)
    if attempt.is_open:
        return redirect("contests:attempt", pk=attempt.pk)
    context = {"attempt": attempt, "round": attempt.round}
    context.update(services.attempt_review(attempt))
    return render(request, "contests/attempt_result.html", context)


@shareable
def results(request, slug, pk):
    round_ = get_object_or_404(
        Round.objects.select_related("contest"),
        pk=pk,
        contest__slug=slug,
        contest__is_published=True,
        results_published_at__isnull=False,
    )
    stats = services.round_statistics(round_)
    prizes = list(
        Prize.objects.filter(round=round_).select_related("attempt__entry", "unit", "group")
    )
    # What decided each place, shown so a tie reads as fair: score, then the prediction's
    # distance from the truth, then the time taken (to the millisecond, as ranked).
    for prize in prizes:
        prediction = prize.attempt.prediction
        truth = round_.prediction_truth
        prize.distance = (
            abs(prediction - truth) if prediction is not None and truth is not None else None
        )
    team_prizes = TeamPrize.objects.filter(round=round_).select_related("unit", "unit_group")
    page_cache.shows_results(request, round_)
    return render(
        request,
        "contests/results.html",
        {
            "round": round_,
            "contest": round_.contest,
            "stats": stats,
            "band_chart": services.score_band_chart(stats),
            "unit_chart": services.unit_participation_chart(stats["units"]),
            "prizes": prizes,
            "team_prizes": team_prizes,
        },
    )


@shareable
def live(request, slug, pk):
    round_ = get_object_or_404(
        Round.objects.select_related("contest"),
        pk=pk,
        contest__slug=slug,
        contest__is_published=True,
    )
    stats = services.round_statistics(round_)
    now = timezone.now()
    page_cache.shows_live_figures(request, round_, now)
    return render(
        request,
        "contests/live.html",
        {"round": round_, "contest": round_.contest, "stats": stats, "now": now},
    )


@login_required
def my_entries(request):
    entries = (
        Entry.objects.filter(person=request.user)
        .select_related("contest", "unit", "group")
        .prefetch_related(
            Prefetch(
                "attempts",
                queryset=Attempt.objects.select_related("round").order_by(
                    "round__opens_at", "number"
                ),
            )
        )
    )
    return render(request, "contests/my_entries.html", {"entries": entries})
