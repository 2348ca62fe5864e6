"""Registers the organizers' admin: the viewsets of the question bank, contests, rounds and
entries, the audit actions, the listing buttons and the custom screens of admin_views.py."""

from django.forms import CheckboxSelectMultiple
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TitleFieldPanel,
)
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from common.admin_views import PermissionMenuItem, ProtectedDeleteView

from .bulk_actions import ACTIONS as QUESTION_BULK_ACTIONS
from .filters import QuestionFilterSet
from .forms import ContestAdminForm, QuestionAdminForm, RoundAdminForm
from .models import Contest, Entry, Question, Round

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
    actions.register_action(
        "contests.set_area", _("Change question area"), _("Question moved to another area")
    )
    actions.register_action(
        "contests.set_difficulty",
        _("Change question difficulty"),
        _("Question difficulty changed"),
    )
    actions.register_action(
        "contests.set_truth",
        _("Enter the prediction's true value"),
        _("True value of the prediction entered"),
    )


for _bulk_action in QUESTION_BULK_ACTIONS:
    hooks.register("register_bulk_action", _bulk_action)


# ----------------------------------------------------------------------------------------------
# Viewsets
# ----------------------------------------------------------------------------------------------


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Question bank")
    menu_order = 100
    list_display = ["text", "area", "kind", "difficulty", "audience", "status", "author"]
    filterset_class = QuestionFilterSet
    list_export = ["text", "area", "kind", "difficulty", "audience", "status", "legal_source"]
    export_filename = "ngan-hang-cau-hoi"
    search_fields = ["text"]
    list_per_page = 50

    def get_queryset(self, request):
        return Question.objects.select_related("author")

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


@hooks.register("register_admin_viewset")
def register_contest_viewsets():
    return ContestToolsGroup()


@hooks.register("after_create_snippet")
def set_question_author(request, instance):
    if isinstance(instance, Question):
        from . import services

        services.set_question_author(instance, request.user)


@hooks.register("register_admin_urls")
def register_contest_admin_urls():
    from . import admin_views

    return admin_views.urlpatterns


@hooks.register("register_snippet_listing_buttons")
def contest_listing_buttons(snippet, user, next_url=None):
    from wagtail.admin.widgets import ListingButton

    if isinstance(snippet, Question) and snippet.status == Question.Status.DRAFT:
        yield ListingButton(
            _("Appraise"), reverse("contests_admin_appraise", args=[snippet.pk]), priority=20
        )
    if isinstance(snippet, Question):
        yield ListingButton(
            _("Preview as an entrant"),
            reverse("contests_admin_preview_question", args=[snippet.pk]),
            priority=25,
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


@hooks.register("register_learning_record")
def register_contests_learning_record():
    from . import learning

    return learning.SECTION


# The portal's home page and search show open contests, after the courses.
@hooks.register("register_home_section", order=20)
def contests_home_section(request, limit):
    from . import public

    return public.home_section(request, limit=limit)


@hooks.register("register_search_results", order=20)
def contests_search_results(query, limit):
    from . import public

    return public.search_results(query, limit=limit)


@hooks.register("register_certificate_source")
def register_contest_certificate_sources():
    from . import certificates

    return certificates.SOURCES


@hooks.register("register_admin_today")
def register_admin_today():
    from . import dashboard

    return dashboard.rows
