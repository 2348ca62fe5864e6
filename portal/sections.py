"""Sections other apps contribute to the home page and to search, used only when they exist."""

import logging
from importlib import import_module

logger = logging.getLogger(__name__)

PROVIDERS = ("courses.public", "contests.public")


def _providers(function_name):
    for dotted in PROVIDERS:
        try:
            module = import_module(dotted)
        except ImportError:
            continue
        function = getattr(module, function_name, None)
        if callable(function):
            yield dotted, function


def other_app_sections(request, limit=3):
    """HTML sections of upcoming courses and open contests (already rendered by their apps)."""
    sections = []
    for _dotted, home_section in _providers("home_section"):
        html = home_section(request, limit=limit)
        if html:
            sections.append(html)
    return sections


def other_app_results(query, limit=20):
    results = []
    for _dotted, search_results in _providers("search_results"):
        results.extend(search_results(query, limit=limit))
    return results
