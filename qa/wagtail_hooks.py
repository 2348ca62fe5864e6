"""Registers questions and answers: the admin (viewsets.py), the search documents, the sitemap
entries and the personal-data section."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .viewsets import QuestionViewSet

register_snippet(QuestionViewSet)


@hooks.register("register_search_documents")
def qa_search_documents():
    from . import public

    return public.SEARCH_SOURCE


@hooks.register("register_sitemap_entries")
def qa_sitemap_entries():
    from . import public

    return public.sitemap_entries()


@hooks.register("register_personal_data")
def qa_personal_data():
    from . import personal_data

    return personal_data.SECTION


@hooks.register("register_admin_today")
def qa_admin_today():
    from . import dashboard

    return dashboard.rows


@hooks.register("register_site_map_section")
def qa_site_map_section():
    from . import public

    return public.site_map_section()
