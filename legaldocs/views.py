"""The public register: the list with its filters and search, a document's page, its files."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from common.pagination import paginate

from . import public
from .forms import RegisterFilterForm
from .models import Attachment, Issuer

PER_PAGE = 20

#: What a PDF shown in the page's frame may do: nothing but be shown. Chrome draws a PDF
#: through an <embed> of the file itself, which `object-src 'none'` (the site's policy) blocks.
PDF_POLICY = "default-src 'none'; object-src 'self'; frame-ancestors 'self'"


@require_safe
def register(request):
    issuers = list(Issuer.objects.filter(documents__is_public=True).distinct())
    years = list(public.published().order_by("-year").values_list("year", flat=True).distinct())
    form = RegisterFilterForm(request.GET or None, issuers=issuers, years=years)
    filters = form.filters()
    query = filters.get("q", "")
    documents = public.matching(query) if query.strip() else public.published()
    if filters.get("loai"):
        documents = documents.filter(doc_type=filters["loai"])
    if filters.get("co_quan"):
        documents = documents.filter(issuer_id=filters["co_quan"])
    if filters.get("linh_vuc"):
        documents = documents.filter(area=filters["linh_vuc"])
    if filters.get("nam"):
        documents = documents.filter(year=filters["nam"])
    documents = documents.select_related("issuer", "replaced_by").defer(
        "search_folded", "replaced_by__search_folded", "replaced_by__summary"
    )
    page_obj = paginate(request, documents, PER_PAGE)
    filtered = any(filters.get(name) for name in ("q", "loai", "co_quan", "linh_vuc", "nam"))
    return render(
        request,
        "legaldocs/register.html",
        {"form": form, "page_obj": page_obj, "filtered": filtered},
    )


@require_safe
def detail(request, slug):
    document = get_object_or_404(
        public.published().select_related("issuer", "replaced_by"), slug=slug
    )
    if document.replaced_by_id and not document.replaced_by.is_public:
        document.replaced_by = None
    attachments = list(document.attachments.select_related("file").order_by("sort_order"))
    shown = next((attachment for attachment in attachments if attachment.is_pdf), None)
    replaces = list(public.published().filter(replaced_by=document).only("number", "title", "slug"))
    return render(
        request,
        "legaldocs/detail.html",
        {
            "document": document,
            "attachments": attachments,
            "shown": shown,
            "replaces": replaces,
        },
    )


@require_safe
def attachment_file(request, slug, file_id):
    """A published document's file: a PDF inline (for the page's frame and the browser's
    viewer), anything else, or `?tai-ve=1`, as a download. Only files attached to a published
    document, and never one from a collection with view restrictions."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("file__collection"),
        pk=file_id,
        legal_document__slug=slug,
        legal_document__is_public=True,
    )
    wagtail_document = attachment.file
    if wagtail_document.collection.get_view_restrictions().exists():
        raise Http404
    try:
        handle = wagtail_document.file.open("rb")
    except OSError:
        raise Http404 from None
    inline = attachment.is_pdf and not request.GET.get("tai-ve")
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=wagtail_document.filename,
        content_type=wagtail_document.content_type,
    )
    if inline:
        response["Content-Security-Policy"] = PDF_POLICY
    return response
