"""The organizers' admin of the question bank, contests, rounds and entries (snippet viewsets,
grouped in one "Contests" menu with the custom screens of admin_views.py)."""

from django.db.models import Prefetch
from django.forms import CheckboxSelectMultiple
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TitleFieldPanel,
)
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from common.admin_views import PermissionMenuItem, ProtectedDeleteView

from .editor import FormattedInlineTextArea, FormattedTextArea
from .filters import QuestionFilterSet
from .forms import ContestAdminForm, QuestionAdminForm, RoundAdminForm
from .models import Attempt, Contest, Entry, Question, Round


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Question bank")
    menu_order = 100
    list_display = ["text_summary", "area", "kind", "difficulty", "audience", "status", "author"]
    filterset_class = QuestionFilterSet
    list_export = ["text", "area", "kind", "difficulty", "audience", "status", "legal_source"]
    export_filename = "ngan-hang-cau-hoi"
    search_fields = ["text"]
    list_per_page = 50

    def get_queryset(self, request):
        return Question.objects.select_related("author")

    edit_handler = ObjectList(
        [
            FieldPanel("text", widget=FormattedTextArea),
            FieldRowPanel([FieldPanel("area"), FieldPanel("difficulty")]),
            FieldRowPanel([FieldPanel("audience"), FieldPanel("kind")]),
            InlinePanel(
                "choices",
                panels=[
                    FieldPanel("text", widget=FormattedInlineTextArea),
                    FieldPanel("is_correct"),
                    FieldPanel("sort_order"),
                ],
                min_num=2,
                max_num=4,
                label=_("Choices (A–D)"),
            ),
            FieldPanel("explanation", widget=FormattedTextArea),
            FieldPanel("legal_source"),
        ],
        base_form_class=QuestionAdminForm,
    )


class ContestViewSet(SnippetViewSet):
    model = Contest
    icon = "clipboard-list"
    delete_view_class = ProtectedDeleteView
    menu_label = _("Contests")
    menu_order = 200
    list_display = ["title", "is_published", "created_at"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            TitleFieldPanel("title"),
            FieldPanel("slug"),
            FieldPanel("summary"),
            FieldPanel("rules_url"),
            FieldPanel("is_published"),
            FieldPanel("committee", widget=CheckboxSelectMultiple),
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
        InlinePanel(
            "blueprint",
            heading=_("Blueprint: questions per reform area and difficulty"),
            label=_("Blueprint line"),
            panels=[
                FieldRowPanel([FieldPanel("area"), FieldPanel("difficulty"), FieldPanel("count")])
            ],
        ),
        FieldPanel("exclude_recent_rounds"),
        FieldRowPanel([FieldPanel("predicts"), FieldPanel("prediction_question")]),
        InlinePanel("quotas", label=_("Prizes per entrant group")),
        FieldPanel("course"),
    ]

    def get_queryset(self, request):
        return Round.objects.select_related("contest")

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=RoundAdminForm).bind_to_model(self.model)


class AttemptsColumn(Column):
    """Each round the entry took part in, linked to its attempt for an organizer answering a
    complaint (the results screen links only the ranking's first rows)."""

    cell_template_name = "contests/admin/entry_attempts_cell.html"

    def get_value(self, instance):
        return instance.attempts.all()  # prefetched with their rounds

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["attempts"] = context["value"]
        context["may_open"] = bool(request and request.user.has_perm("contests.change_round"))
        return context


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
        AttemptsColumn("attempts", label=_("Attempts")),
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
        attempts = Attempt.objects.select_related("round").order_by("round__opens_at", "pk")
        return Entry.objects.select_related("unit", "group", "contest").prefetch_related(
            Prefetch("attempts", queryset=attempts)
        )


class ContestToolsGroup(SnippetViewSetGroup):
    items = (QuestionViewSet, ContestViewSet, RoundViewSet, EntryViewSet)
    menu_icon = "clipboard-list"
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
