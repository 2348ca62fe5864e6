"""One way to page a list: the `trang` query parameter everywhere, public pages and admin screens.

Views call `paginate(request, items, per_page)`; templates show `{% pagination page_obj %}`
(`common/templatetags/ui.py`), which keeps the other query parameters (filters, search).
"""

from django.core.paginator import Paginator

PAGE_PARAM = "trang"


def paginate(request, items, per_page):
    """The requested page of `items`; a missing, malformed or too large number gives the first
    or last page, never an error (links are shared and archives shrink)."""
    return Paginator(items, per_page).get_page(request.GET.get(PAGE_PARAM))


def query_without_page(request) -> str:
    """The request's query string without the page number, URL-encoded."""
    query = request.GET.copy()
    query.pop(PAGE_PARAM, None)
    return query.urlencode()
