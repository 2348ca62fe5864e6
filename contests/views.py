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
from common.views import too_many_requests

from . import services
from .forms import EntryForm
from .models import Answer, Attempt, Choice, Contest, Entry, Prize, Question, Round, TeamPrize
from .services import ContestError

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


def index(request):
    contests = Contest.objects.filter(is_published=True).prefetch_related(
        Prefetch("rounds", queryset=Round.objects.order_by("opens_at"))
    )
    return render(request, "contests/index.html", {"contests": contests, "now": timezone.now()})


def _published_contest(slug):
    return get_object_or_404(Contest, slug=slug, is_published=True)


def detail(request, slug):
    contest = _published_contest(slug)
    rounds = list(contest.rounds.order_by("opens_at"))
    entry = None
    attempts = {}
    if request.user.is_authenticated:
        entry = Entry.objects.filter(contest=contest, person=request.user).first()
        if entry:
            for attempt in entry.attempts.order_by("number"):
                attempts.setdefault(attempt.round_id, []).append(attempt)
    for round_ in rounds:
        round_.my_attempts = attempts.get(round_.pk, [])
        round_.my_open = next((a for a in round_.my_attempts if a.is_open), None)
        round_.attempts_left = round_.attempts_allowed - len(round_.my_attempts)
    return render(
        request,
        "contests/detail.html",
        {
            "contest": contest,
            "rounds": rounds,
            "entry": entry,
            "now": timezone.now(),
            "groups": contest.groups.all(),
        },
    )


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
        except ContestError as exc:
            form.add_error(None, exc.message)
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
    try:
        attempt = services.start_attempt(round_, request.user)
    except ContestError as exc:
        messages.error(request, exc.message)
        return redirect(round_.contest)
    return redirect("contests:attempt", pk=attempt.pk)


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
    ids = attempt.question_ids()
    texts = dict(Question.objects.filter(pk__in=ids).values_list("pk", "text"))
    choice_texts = dict(Choice.objects.filter(question_id__in=ids).values_list("pk", "text"))
    saved = dict(Answer.objects.filter(attempt=attempt).values_list("question_id", "choices"))
    questions = []
    for number, (question_id, choice_ids, several) in enumerate(attempt.draw, start=1):
        chosen = set(saved.get(question_id) or [])
        questions.append(
            {
                "number": number,
                "id": question_id,
                "text": texts.get(question_id, ""),
                "several": several,
                "choices": [
                    {
                        "position": position,
                        "letter": "ABCD"[position] if position < 4 else str(position + 1),
                        "text": choice_texts.get(choice_id, ""),
                        "checked": choice_id in chosen,
                    }
                    for position, choice_id in enumerate(choice_ids)
                ],
            }
        )
    response = render(
        request,
        "contests/attempt.html",
        {
            "attempt": attempt,
            "round": attempt.round,
            "questions": questions,
            "remaining": max(0, int((attempt.deadline - now).total_seconds())),
            "grace": attempt.round.grace_seconds,
        },
    )
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
    except ContestError as exc:
        status = (
            404
            if exc.code == "not_found"
            else 409
            if exc.code in ("deadline", "attempt_closed")
            else 400
        )
        return JsonResponse(
            {"ok": False, "error": str(exc.message), "code": exc.code}, status=status
        )
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
    try:
        if answers or prediction is not None:
            try:
                services.save_form(pk, request.user, answers, prediction)
            except ContestError as exc:
                # Past the deadline (or already closed) what was saved in time is graded;
                # anything else goes back to the page to be corrected.
                if exc.code not in ("deadline", "attempt_closed"):
                    if exc.code == "not_found":
                        raise
                    messages.error(request, exc.message)
                    return redirect("contests:attempt", pk=pk)
        attempt = services.submit(pk, request.user)
    except ContestError as exc:
        messages.error(request, exc.message)
        return redirect("contests:index")
    return redirect("contests:attempt_result", pk=attempt.pk)


@login_required
def attempt_result(request, pk):
    attempt = _attempt_for(request, pk)
    if attempt.is_open:
        return redirect("contests:attempt", pk=attempt.pk)
    round_ = attempt.round
    show_score = round_.reveals("show_score", attempt_done=True)
    show_answers = round_.reveals("show_answers", attempt_done=True)
    review = []
    if show_answers:
        ids = attempt.question_ids()
        questions = Question.objects.in_bulk(ids)
        choices = {c.pk: c for c in Choice.objects.filter(question_id__in=ids)}
        saved = dict(Answer.objects.filter(attempt=attempt).values_list("question_id", "choices"))
        for number, (question_id, choice_ids, _several) in enumerate(attempt.draw, start=1):
            question = questions.get(question_id)
            if question is None:
                continue
            chosen = set(saved.get(question_id) or [])
            review.append(
                {
                    "number": number,
                    "question": question,
                    "choices": [
                        {
                            "letter": "ABCD"[i] if i < 4 else str(i + 1),
                            "text": choices[cid].text,
                            "correct": choices[cid].is_correct,
                            "chosen": cid in chosen,
                        }
                        for i, cid in enumerate(choice_ids)
                        if cid in choices
                    ],
                }
            )
    return render(
        request,
        "contests/attempt_result.html",
        {
            "attempt": attempt,
            "round": round_,
            "show_score": show_score,
            "show_answers": show_answers,
            "review": review,
            "duration_seconds": (attempt.duration_ms or 0) // 1000,
        },
    )


def results(request, slug, pk):
    round_ = get_object_or_404(
        Round.objects.select_related("contest"),
        pk=pk,
        contest__slug=slug,
        contest__is_published=True,
        results_published_at__isnull=False,
    )
    stats = services.round_statistics(round_)
    prizes = Prize.objects.filter(round=round_).select_related("attempt__entry", "unit", "group")
    team_prizes = TeamPrize.objects.filter(round=round_).select_related("unit", "unit_group")
    peak = max((band["count"] for band in stats["bands"]), default=0) or 1
    for index, band in enumerate(stats["bands"]):
        band["width"] = round(band["count"] * 300 / peak)
        band["y"] = index * 34
    return render(
        request,
        "contests/results.html",
        {
            "round": round_,
            "contest": round_.contest,
            "stats": stats,
            "prizes": prizes,
            "team_prizes": team_prizes,
            "chart_height": len(stats["bands"]) * 34,
        },
    )


def live(request, slug, pk):
    round_ = get_object_or_404(
        Round.objects.select_related("contest"),
        pk=pk,
        contest__slug=slug,
        contest__is_published=True,
    )
    stats = services.round_statistics(round_)
    return render(
        request,
        "contests/live.html",
        {"round": round_, "contest": round_.contest, "stats": stats, "now": timezone.now()},
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
