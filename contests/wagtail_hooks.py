"""Organizers' admin: the question bank (with import, export, appraisal), contests, rounds,
entries (with voiding), results (compute, preview, publish, export) and live monitoring."""

import uuid

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
)
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from common.admin_views import ProtectedDeleteView
from common.spreadsheets import xlsx_response

from . import exports, importers, services
from .forms import ContestAdminForm, ImportForm, QuestionAdminForm, VoidForm
from .models import Attempt, Contest, Entry, Prize, Question, Round, TeamPrize
from .services import ContestError

# ----------------------------------------------------------------------------------------------
# Audit actions
# ----------------------------------------------------------------------------------------------


@hooks.register("register_log_actions")
def register_contest_actions(actions):
    actions.register_action("contests.appraise", _("Appraise question"), _("Question appraised"))
    actions.register_action("contests.retire", _("Retire question"), _("Question retired"))
    actions.register_action(
        "contests.reopen",
        _("Return question to draft"),
        _("Question edited after appraisal and returned to draft"),
    )
    actions.register_action("contests.import", _("Import questions"), _("Questions imported"))
    actions.register_action(
        "contests.compute_results", _("Compute results"), _("Round results computed")
    )
    actions.register_action(
        "contests.publish_results", _("Publish results"), _("Round results published")
    )
    actions.register_action("contests.void_entry", _("Void entry"), _("Entry voided"))


# ----------------------------------------------------------------------------------------------
# Viewsets
# ----------------------------------------------------------------------------------------------


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Question bank")
    menu_order = 100
    list_display = ["text", "area", "kind", "difficulty", "audience", "status"]
    list_filter = ["area", "status", "audience", "difficulty", "kind"]
    list_export = ["text", "area", "kind", "difficulty", "audience", "status", "legal_source"]
    export_filename = "ngan-hang-cau-hoi"
    search_fields = ["text"]
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldPanel("text"),
            FieldRowPanel([FieldPanel("area"), FieldPanel("difficulty")]),
            FieldRowPanel([FieldPanel("audience"), FieldPanel("kind")]),
            InlinePanel("choices", min_num=2, max_num=4, label=_("Choices (A–D)")),
            FieldPanel("explanation"),
            FieldPanel("legal_source"),
        ],
        base_form_class=QuestionAdminForm,
    )


class ContestViewSet(SnippetViewSet):
    model = Contest
    icon = "trophy"
    delete_view_class = ProtectedDeleteView
    menu_label = _("Contests")
    menu_order = 200
    list_display = ["title", "is_published", "created_at"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("slug"),
            FieldPanel("summary"),
            FieldPanel("rules_url"),
            FieldPanel("is_published"),
            MultiFieldPanel(
                [
                    FieldPanel("require_date_of_birth"),
                    FieldPanel("require_cccd"),
                    FieldPanel("require_phone"),
                    FieldPanel("consent_text"),
                ],
                heading=_("Registration"),
            ),
            InlinePanel("groups", min_num=1, label=_("Entrant groups")),
            MultiFieldPanel(
                [
                    FieldPanel("one_prize_per_person"),
                    FieldPanel("team_prizes_per_group"),
                    FieldPanel("team_min_rate"),
                    FieldPanel("certificate_template"),
                ],
                heading=_("Prizes"),
            ),
        ],
        base_form_class=ContestAdminForm,
    )


class RoundViewSet(SnippetViewSet):
    model = Round
    icon = "date"
    menu_label = _("Rounds")
    menu_order = 300
    list_display = ["title", "contest", "opens_at", "closes_at", "results_published_at"]
    list_filter = ["contest"]
    panels = [
        FieldPanel("contest"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("grace_seconds")]),
        FieldRowPanel([FieldPanel("attempts_allowed"), FieldPanel("counted_attempt")]),
        FieldRowPanel([FieldPanel("show_score"), FieldPanel("show_answers")]),
        FieldPanel("question_count"),
        InlinePanel("blueprint", label=_("Blueprint: questions per reform area")),
        FieldRowPanel([FieldPanel("predicts"), FieldPanel("prediction_question")]),
        InlinePanel("quotas", label=_("Prizes per entrant group")),
        FieldPanel("course"),
    ]

    def get_queryset(self, request):
        return Round.objects.select_related("contest")


class EntryViewSet(SnippetViewSet):
    model = Entry
    icon = "user"
    menu_label = _("Entries")
    menu_order = 400
    list_display = [
        "full_name",
        "masked_cccd",
        "unit",
        "group",
        "contest",
        "created_at",
        "voided_at",
    ]
    list_filter = ["contest", "group", "voided_at"]
    search_fields = ["full_name"]
    list_export = [
        "full_name",
        "masked_cccd",
        "unit",
        "group",
        "contest",
        "created_at",
        "voided_at",
        "void_reason",
    ]
    export_filename = "bai-du-thi"
    panels = [FieldPanel("full_name"), FieldPanel("unit"), FieldPanel("phone")]

    def get_queryset(self, request):
        return Entry.objects.select_related("unit", "group", "contest")


class ContestToolsGroup(SnippetViewSetGroup):
    items = (QuestionViewSet, ContestViewSet, RoundViewSet, EntryViewSet)
    menu_icon = "trophy"
    menu_label = _("Contests")
    menu_name = "contests"
    menu_order = 300

    def get_submenu_items(self):
        items = super().get_submenu_items()
        items.append(
            PermissionMenuItem(
                _("Import questions"),
                reverse("contests_admin_import"),
                icon_name="upload",
                order=150,
                permission="contests.add_question",
            )
        )
        items.append(
            PermissionMenuItem(
                _("Results and monitoring"),
                reverse("contests_admin_rounds"),
                icon_name="table",
                order=350,
                permission="contests.change_round",
            )
        )
        return items


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_viewset")
def register_contest_viewsets():
    return ContestToolsGroup()


@hooks.register("after_create_snippet")
def set_question_author(request, instance):
    if isinstance(instance, Question) and instance.author_id is None:
        Question.objects.filter(pk=instance.pk).update(author=request.user)


# ----------------------------------------------------------------------------------------------
# Custom admin views
# ----------------------------------------------------------------------------------------------


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


IMPORT_CACHE_SECONDS = 3600


def import_view(request):
    """Upload → preview of every row with its errors → confirm; saving is all or nothing."""
    _require(request, "contests.add_question")
    if request.method == "POST" and request.POST.get("token"):
        key = f"contests-import:{request.user.pk}:{request.POST['token']}"
        rows = cache.get(key)
        if rows is None:
            messages.error(request, _("The preview has expired; upload the file again."))
            return redirect("contests_admin_import")
        saved = importers.save_questions(rows, request.user)
        cache.delete(key)
        messages.success(
            request,
            _("%(count)s questions were added to the bank as drafts.") % {"count": len(saved)},
        )
        return redirect(reverse("wagtailsnippets_contests_question:list"))
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        try:
            parsed = importers.parse(
                form.cleaned_data["file"],
                form.cleaned_data["file_format"],
                form.cleaned_data["default_area"],
            )
        except importers.ImportFileError as exc:
            context["file_error"] = exc.message
        else:
            error_count = sum(len(item.errors) for item in parsed)
            context.update(parsed=parsed, error_count=error_count)
            if not error_count:
                token = uuid.uuid4().hex
                cache.set(
                    f"contests-import:{request.user.pk}:{token}",
                    [item.as_dict() for item in parsed],
                    IMPORT_CACHE_SECONDS,
                )
                context["token"] = token
    return TemplateResponse(request, "contests/admin/import.html", context)


def template_view(request):
    _require(request, "contests.add_question")
    headers, rows = importers.template_rows()
    return xlsx_response("mau-ngan-hang-cau-hoi", headers, rows, sheet_title="Câu hỏi")


def export_bank_view(request):
    _require(request, "contests.view_question")
    questions = Question.objects.exclude(status=Question.Status.RETIRED).order_by("area", "pk")
    return xlsx_response(
        "ngan-hang-cau-hoi",
        importers.HEADERS,
        importers.export_rows(questions),
        sheet_title="Câu hỏi",
    )


def appraise_view(request, pk):
    _require(request, "contests.change_question")
    question = get_object_or_404(Question, pk=pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "retire":
                services.retire_question(question, request.user)
                messages.success(request, _("The question was retired."))
            else:
                services.appraise_question(question, request.user)
                messages.success(request, _("The question was appraised."))
        except ContestError as exc:
            messages.error(request, exc.message)
        return redirect(reverse("wagtailsnippets_contests_question:edit", args=[pk]))
    return TemplateResponse(
        request,
        "contests/admin/appraise.html",
        {"question": question, "choices": question.choices.all()},
    )


def rounds_view(request):
    _require(request, "contests.change_round")
    rounds = Round.objects.select_related("contest").order_by("-opens_at")
    return TemplateResponse(
        request, "contests/admin/rounds.html", {"rounds": rounds, "now": timezone.now()}
    )


def results_view(request, pk):
    _require(request, "contests.change_round")
    round_ = get_object_or_404(Round.objects.select_related("contest"), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "compute":
                services.compute_results(round_, user=request.user)
                messages.success(request, _("The results were computed; review them below."))
            elif action == "publish":
                services.publish_results(round_, user=request.user)
                messages.success(request, _("The results were published."))
        except ContestError as exc:
            messages.error(request, exc.message)
        return redirect("contests_admin_results", pk=pk)
    ranked = (
        Attempt.objects.filter(round=round_, counted=True)
        .select_related("entry__unit", "entry__group")
        .order_by("entry__group__sort_order", "rank")
    )
    if request.GET.get("export") == "xlsx":
        return exports.results_response(round_, ranked)
    context = {
        "round": round_,
        "ranked": ranked[:200],
        "prizes": Prize.objects.filter(round=round_).select_related(
            "attempt__entry", "unit", "group"
        ),
        "team_prizes": TeamPrize.objects.filter(round=round_).select_related("unit", "unit_group"),
        "stats": services.round_statistics(round_),
        "now": timezone.now(),
    }
    return TemplateResponse(request, "contests/admin/results.html", context)


def monitor_view(request, pk):
    _require(request, "contests.change_round")
    round_ = get_object_or_404(Round.objects.select_related("contest"), pk=pk)
    hours = services.entries_per_hour(round_)
    peak = max((row["count"] for row in hours), default=0) or 1
    for row in hours:
        row["bar"] = round(row["count"] * 100 / peak)
    context = {"round": round_, "stats": services.round_statistics(round_), "hours": hours}
    return TemplateResponse(request, "contests/admin/monitor.html", context)


def void_view(request, pk):
    _require(request, "contests.change_entry")
    entry = get_object_or_404(Entry.objects.select_related("contest", "unit"), pk=pk)
    form = VoidForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.void_entry(entry, form.cleaned_data["reason"], user=request.user)
        except ContestError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The entry was voided and the results recomputed."))
            return redirect(reverse("wagtailsnippets_contests_entry:list"))
    return TemplateResponse(request, "contests/admin/void.html", {"entry": entry, "form": form})


@hooks.register("register_admin_urls")
def register_contest_admin_urls():
    return [
        path("cuoc-thi/nhap-cau-hoi/", import_view, name="contests_admin_import"),
        path("cuoc-thi/nhap-cau-hoi/mau.xlsx", template_view, name="contests_admin_template"),
        path("cuoc-thi/xuat-ngan-hang.xlsx", export_bank_view, name="contests_admin_export_bank"),
        path("cuoc-thi/cau-hoi/<int:pk>/tham-dinh/", appraise_view, name="contests_admin_appraise"),
        path("cuoc-thi/vong-thi/", rounds_view, name="contests_admin_rounds"),
        path("cuoc-thi/vong-thi/<int:pk>/ket-qua/", results_view, name="contests_admin_results"),
        path("cuoc-thi/vong-thi/<int:pk>/theo-doi/", monitor_view, name="contests_admin_monitor"),
        path("cuoc-thi/bai-du-thi/<int:pk>/huy/", void_view, name="contests_admin_void"),
    ]


@hooks.register("register_snippet_listing_buttons")
def contest_listing_buttons(snippet, user, next_url=None):
    from wagtail.admin.widgets import ListingButton

    if isinstance(snippet, Question) and snippet.status == Question.Status.DRAFT:
        yield ListingButton(
            _("Appraise"), reverse("contests_admin_appraise", args=[snippet.pk]), priority=20
        )
    if isinstance(snippet, Round):
        yield ListingButton(
            _("Results"), reverse("contests_admin_results", args=[snippet.pk]), priority=20
        )
        yield ListingButton(
            pgettext_lazy("live monitor of a contest round", "Live"),
            reverse("contests_admin_monitor", args=[snippet.pk]),
            priority=21,
        )
    if isinstance(snippet, Entry) and not snippet.voided_at:
        yield ListingButton(
            _("Void"), reverse("contests_admin_void", args=[snippet.pk]), priority=20
        )


@hooks.register("register_personal_data")
def register_contests_personal_data():
    from . import personal_data

    return personal_data.SECTION


@hooks.register("register_admin_today")
def register_admin_today():
    from . import dashboard

    return dashboard.rows
