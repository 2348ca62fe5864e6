"""Questions and feedback in the Wagtail admin, under their own "Questions and answers" menu:
the list (filters by status, kind and topic; search; export) and the answer screen
(admin_views.AnswerView) in place of the generic edit form."""

from django.urls import path
from django.utils.translation import pgettext_lazy
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import AnswerView, QuestionIndexView
from .models import Question


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = pgettext_lazy("qa section", "Questions and answers")
    menu_name = "questions"
    menu_order = 270
    add_to_admin_menu = True
    index_view_class = QuestionIndexView
    add_to_reference_index = False
    search_fields = ["title", "body", "name", "email", "reference"]
    list_display = ["title", "reference", "kind", "area", "status", "submitted_at"]
    list_filter = ["status", "kind", "area"]
    list_export = [
        "reference",
        "kind",
        "area",
        "title",
        "body",
        "status",
        "submitted_at",
        "answered_at",
        "published_at",
    ]
    export_filename = "hoi-dap"
    ordering = ["-submitted_at", "-pk"]
    list_per_page = 50

    def get_queryset(self, request):
        return Question.objects.defer("search_folded", "answer")

    def get_urlpatterns(self):
        # Every link to a question (the list, breadcrumbs) opens the answer screen.
        return [
            path("edit/<int:pk>/", AnswerView.as_view(), name="edit")
            if getattr(pattern, "name", None) == "edit"
            else pattern
            for pattern in super().get_urlpatterns()
        ]
