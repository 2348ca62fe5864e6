"""Public pages: the published questions with their answers (by topic, with search), one
question's page, the form to send one, and the thank-you page with the reference."""

import secrets

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from common.errors import ServiceError
from common.pagination import paginate
from common.ratelimit import hit_ip

from . import public, services
from .errors import QaError
from .forms import OTHER_AREA, PublicFilterForm, QuestionForm
from .models import Question

PER_PAGE = 15
# An office shares one address: a few questions an hour each is plenty for people, not bots.
QUESTIONS_PER_IP_PER_HOUR = 5
THANKS_SESSION_KEY = "qa_sent_reference"


@require_safe
def question_list(request):
    form = PublicFilterForm(request.GET or None)
    filters = form.filters()
    query = filters.get("q", "")
    questions = public.matching(query) if query.strip() else public.published()
    if filters.get("chu_de"):
        questions = questions.filter(
            area="" if filters["chu_de"] == OTHER_AREA else filters["chu_de"]
        )
    if filters.get("loai"):
        questions = questions.filter(kind=filters["loai"])
    questions = questions.only(
        "title", "body", "kind", "area", "name", "show_as", "published_at"
    ).order_by("-published_at", "-pk")
    page_obj = paginate(request, questions, PER_PAGE)
    filtered = any(filters.get(name) for name in ("q", "chu_de", "loai"))
    return render(
        request,
        "qa/list.html",
        {"form": form, "page_obj": page_obj, "filtered": filtered},
    )


@require_safe
def detail(request, pk):
    question = get_object_or_404(public.published(), pk=pk)
    return render(request, "qa/detail.html", {"question": question})


def _initial(request):
    initial = {"token": secrets.token_urlsafe(32)}
    user = request.user
    if user.is_authenticated:
        initial.update(name=getattr(user, "full_name", "") or "", email=user.email)
        unit = getattr(user, "unit", None)
        if unit is not None:
            initial["unit"] = str(unit)
    return initial


def _refuse_robots(request):
    if request.POST.get("website"):
        raise QaError("spam")
    if not hit_ip(request, "qa-question", QUESTIONS_PER_IP_PER_HOUR, 3600):
        raise QaError("too_many")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def submit(request):
    if request.method != "POST":
        form = QuestionForm(initial=_initial(request))
        return render(request, "qa/submit.html", {"form": form})
    form = QuestionForm(request.POST)
    error, status = None, 400
    try:
        _refuse_robots(request)
        if form.is_valid():
            data = form.cleaned_data
            question = services.submit(
                kind=data["kind"],
                area=data["area"],
                title=data["title"],
                body=data["body"],
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                unit=data["unit"],
                show_as=data["show_as"],
                consent=data["consent"],
                token=data["token"],
                user=request.user,
            )
            request.session[THANKS_SESSION_KEY] = question.reference
            return redirect("qa:thanks")
    except ServiceError as refusal:
        error, status = refusal.message, refusal.status
    if not form.data.get("token"):
        form.data = form.data.copy()
        form.data["token"] = secrets.token_urlsafe(32)
    return render(request, "qa/submit.html", {"form": form, "error": error}, status=status)


@never_cache
@require_safe
def thanks(request):
    """Only the person who sent it sees the reference (it is kept in their session)."""
    reference = request.session.get(THANKS_SESSION_KEY)
    if not reference:
        return redirect("qa:submit")
    question = (
        Question.objects.filter(reference=reference).only("reference", "email", "kind").first()
    )
    return render(request, "qa/thanks.html", {"reference": reference, "question": question})
