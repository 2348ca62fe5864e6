"""The register in the Wagtail admin: documents (list with filters, search with or without tone
marks, export) and issuing agencies, grouped under one menu item."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from . import search
from .models import Issuer, LegalDocument


class LegalDocumentIndexView(IndexView):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        matching = search.filter_words(queryset, self.search_query)
        return queryset.filter(pk__in=matching.values("pk"))


class LegalDocumentViewSet(SnippetViewSet):
    model = LegalDocument
    icon = "doc-full"
    menu_label = pgettext_lazy("legal documents menu", "Documents")
    menu_name = "legal-documents"
    menu_order = 100
    index_view_class = LegalDocumentIndexView
    add_to_reference_index = False
    search_fields = ["number", "title"]
    list_display = [
        "number",
        "title",
        "doc_type",
        "issuer",
        "issued_on",
        "status",
        BooleanColumn("is_public", label=capfirst(_("shown on the portal"))),
    ]
    list_filter = ["doc_type", "issuer", "area", "status", "is_public", "year"]
    list_export = [
        "number",
        "doc_type",
        "issuer",
        "signer",
        "issued_on",
        "effective_on",
        "area",
        "title",
        "status",
        "replaced_by",
        "is_public",
    ]
    export_filename = "so-van-ban"
    ordering = ["-issued_on", "-pk"]
    list_per_page = 50

    def get_queryset(self, request):
        return LegalDocument.objects.select_related("issuer", "replaced_by")

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("number"), FieldPanel("doc_type")]),
                # A handful of agencies: a plain list is quicker than the chooser's window.
                FieldPanel("issuer", widget=forms.Select),
                FieldPanel("signer"),
                FieldRowPanel([FieldPanel("issued_on"), FieldPanel("effective_on")]),
                FieldPanel("area"),
                FieldPanel("title"),
                FieldPanel("summary"),
            ],
            heading=pgettext_lazy("legal document", "Document"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("replaced_by"),
                FieldPanel("is_public"),
            ],
            heading=_("Validity and publication"),
        ),
        InlinePanel("attachments", heading=_("Files"), label=_("File")),
    ]


class IssuerViewSet(SnippetViewSet):
    model = Issuer
    icon = "site"
    menu_label = _("Issuing agencies")
    menu_name = "issuers"
    menu_order = 110
    add_to_reference_index = False
    list_display = ["name", "short_name", "sort_order"]
    search_fields = ["name", "short_name"]
    ordering = ["sort_order", "name"]


class LegalDocsGroup(SnippetViewSetGroup):
    items = (LegalDocumentViewSet, IssuerViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("Legal documents")
    menu_name = "legal-documents-group"
    menu_order = 260
