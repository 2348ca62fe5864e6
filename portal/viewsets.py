"""The portal's snippets in the Wagtail admin, grouped under one "Portal" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import CommentEditView
from .models import Comment, Leader, NewsCategory, Poll, ServiceLink


class CommentViewSet(SnippetViewSet):
    model = Comment
    edit_view_class = CommentEditView
    icon = "comment"
    menu_label = _("Reader comments")
    list_display = ["body", "name", "page", "status", "created_at"]
    list_filter = ["status"]
    list_export = ["page", "name", "body", "status", "created_at", "moderated_at"]
    search_fields = ["body", "name"]
    ordering = ["-created_at"]
    list_per_page = 50

    def get_queryset(self, request):
        return Comment.objects.select_related("page")


class PollViewSet(SnippetViewSet):
    model = Poll
    icon = "list-ul"
    menu_label = _("Opinion polls")
    list_display = ["question", "opens_at", "closes_at", "placement"]


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "folder-open-inverse"
    menu_label = _("News categories")
    list_display = ["name", "slug", "sort_order"]


class LeaderViewSet(SnippetViewSet):
    model = Leader
    icon = "user"
    menu_label = _("Leaders")
    list_display = ["name", "position", "sort_order", "active"]
    list_filter = ["active"]
    search_fields = ["name", "position"]


class ServiceLinkViewSet(SnippetViewSet):
    model = ServiceLink
    icon = "link-external"
    menu_label = _("Public-service portal links")
    list_display = ["title", "url", "sort_order"]


class PortalViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Portal")
    menu_icon = "globe"
    menu_order = 200
    items = (
        CommentViewSet,
        PollViewSet,
        NewsCategoryViewSet,
        LeaderViewSet,
        ServiceLinkViewSet,
    )
