"""The PAR index's editable models in the Wagtail admin, grouped in one menu."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import AppraiserAssignment, Area, Criterion, IndexSet, Level, SubCriterion, UnitOfficer


class LevelViewSet(SnippetViewSet):
    model = Level
    icon = "list-ul"
    menu_label = _("Levels")
    list_display = ["name", "code", "unit_kinds"]
    search_backend_name = None


class IndexSetViewSet(SnippetViewSet):
    model = IndexSet
    icon = "table"
    menu_label = _("Index sets")
    list_display = ["title", "year", "level", "self_closes_at", "published_at"]
    list_filter = ["year", "level"]
    search_fields = ["title"]
    search_backend_name = None
    panels = [
        FieldPanel("year"),
        FieldPanel("level"),
        FieldPanel("title"),
        FieldPanel("decision"),
        FieldPanel("max_total"),
        MultiFieldPanel(
            [
                FieldPanel("self_opens_at"),
                FieldPanel("self_closes_at"),
                FieldPanel("appraisal_closes_at"),
                FieldPanel("explanation_closes_at"),
            ],
            heading=_("Period"),
        ),
        InlinePanel("bands", heading=_("Classification bands"), label=_("classification band")),
    ]


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "folder-open-1"
    menu_label = _("Areas")
    list_display = ["number", "title", "max_points", "index_set"]
    list_filter = ["index_set"]
    search_backend_name = None


class CriterionViewSet(SnippetViewSet):
    model = Criterion
    icon = "folder-inverse"
    menu_label = _("Criteria")
    list_display = ["number", "title", "max_points", "area"]
    list_filter = ["area__index_set"]
    search_backend_name = None


class SubCriterionViewSet(SnippetViewSet):
    model = SubCriterion
    icon = "doc-full"
    menu_label = _("Sub-criteria")
    list_display = ["number", "title", "max_points", "method", "criterion"]
    list_filter = ["index_set", "method"]
    search_fields = ["title", "number"]
    search_backend_name = None


class UnitOfficerViewSet(SnippetViewSet):
    model = UnitOfficer
    icon = "user"
    menu_label = _("Unit reform officers")
    list_display = ["person", "unit", "added_at"]
    list_filter = ["unit"]
    search_backend_name = None


class AppraiserAssignmentViewSet(SnippetViewSet):
    model = AppraiserAssignment
    icon = "group"
    menu_label = _("Appraiser assignments")
    list_display = ["appraiser", "unit", "index_set"]
    list_filter = ["index_set"]
    search_backend_name = None


class ParIndexGroup(SnippetViewSetGroup):
    items = (
        IndexSetViewSet,
        AreaViewSet,
        CriterionViewSet,
        SubCriterionViewSet,
        UnitOfficerViewSet,
        AppraiserAssignmentViewSet,
        LevelViewSet,
    )
    menu_icon = "table"
    menu_label = _("PAR index")
    menu_name = "parindex"
    menu_order = 450
    # The custom screens (board, appraisals) join this menu through this hook.
    submenu_hook = "register_parindex_menu_item"


BOARD_URL = reverse_lazy("parindex_admin:board")
APPRAISALS_URL = reverse_lazy("parindex_admin:appraisals")
