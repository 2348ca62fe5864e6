"""The benchmarks under bench/ stay runnable: each module that serves the site next to its
baseline view builds a URL configuration Django accepts (the site's own patterns use
i18n_patterns, which may only sit in a root URLconf, so a bench must not `include()` them)."""

import importlib
from pathlib import Path

import pytest
from django.urls import get_resolver

BENCH = Path(__file__).resolve().parent.parent / "bench"
SERVING = sorted(
    path.stem
    for path in BENCH.glob("*.py")
    if not path.stem.startswith("_") and "urlpatterns" in path.read_text(encoding="utf-8")
)


def test_every_serving_bench_is_listed():
    assert {"portal_pages", "portal_search", "healthz", "contests_quiz"} <= set(SERVING)


@pytest.mark.parametrize("name", SERVING)
def test_bench_urlconf_resolves_its_baseline_and_the_site(name):
    module = importlib.import_module(f"bench.{name}")
    resolver = get_resolver(module.__name__)
    resolver.check()  # raises ImproperlyConfigured for an i18n_patterns inside include()
    assert resolver.resolve("/healthz")
    baselines = [
        p for p in module.urlpatterns if str(getattr(p, "pattern", "")).startswith("bench/")
    ]
    for pattern in baselines:
        assert resolver.resolve("/" + str(pattern.pattern))
