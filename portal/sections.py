"""Sections other apps contribute to the home page and to search, through Wagtail hooks.

An app that has something to show registers, in its wagtail_hooks.py:

    @hooks.register("register_home_section", order=10)
    def home_section(request, limit):  # -> HTML, or "" when there is nothing to show
        ...

    @hooks.register("register_search_results", order=10)
    def search_results(query, limit):  # -> [{"kind", "title", "url", "summary"}, ...]
        ...

Search results given this way are listed after the site search's ranked list; an app whose
content belongs in that list (with facets) registers `register_search_documents` instead
(portal/search.py, docs/data-model.md).

The portal imports none of them: an app that is not installed simply adds nothing.
"""

from wagtail import hooks


def other_app_sections(request, limit=3):
    """HTML sections of upcoming courses and open contests (already rendered by their apps)."""
    sections = []
    for home_section in hooks.get_hooks("register_home_section"):
        html = home_section(request, limit=limit)
        if html:
            sections.append(html)
    return sections


def other_app_results(query, limit=20):
    results = []
    for search_results in hooks.get_hooks("register_search_results"):
        results.extend(search_results(query, limit=limit))
    return results
