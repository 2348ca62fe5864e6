"""What the public results pages show, and the cache of their bodies.

The ranking, the charts per area and a unit's detail are read in a fixed number of queries
whatever the number of units; their rendered bodies are cached for every reader (they hold no
form and nothing personal) under a generation number that publishing, and marking evidence
public, move on, so a new publication shows at once.
"""

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from common.charts import bar_chart

from . import services
from .models import Assessment, Evidence, IndexSet

GENERATION_KEY = "parindex:public:generation"
#: Above this many units, a chart per area shows how many units reached each share of the
#: area's maximum instead of one bar per unit (3,500 communes would make a page of bars).
MAX_BARS = 60
BRACKETS = ((90, "≥ 90%"), (70, "70–90%"), (50, "50–70%"), (0, "< 50%"))


def timeout():
    return getattr(settings, "PARINDEX_PAGE_CACHE_SECONDS", 600)


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def purge():
    """Drop every cached public body (after a publication or a change of what is public)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def cached_body(name, render):
    """The body called `name` from the cache, or `render()` stored there."""
    key = f"parindex:public:{generation()}:{get_language()}:{name}"
    body = cache.get(key)
    if body is None:
        body = render()
        cache.set(key, body, timeout())
    # Our own template's output, stored as text: safe to show as it was rendered.
    return mark_safe(body)


def ranking(index_set):
    """Rows of the ranking with points by area and the change from the level's previous
    published set: three queries whatever the number of units."""
    areas = list(index_set.areas.all())
    assessments = list(index_set.assessments.select_related("unit").order_by("rank", "unit__name"))
    by_area = services.area_scores(index_set)
    previous = dict(
        Assessment.objects.filter(
            index_set__level_id=index_set.level_id,
            index_set__year=index_set.year - 1,
            index_set__published_at__isnull=False,
        ).values_list("unit_id", "index_value")
    )
    rows = []
    for a in assessments:
        before = previous.get(a.unit_id)
        rows.append(
            {
                "assessment": a,
                "areas": [by_area.get(a.pk, {}).get(area.pk, 0) for area in areas],
                "change": a.index_value - before
                if before is not None and a.index_value is not None
                else None,
            }
        )
    return areas, rows


def preview_ranking(index_set):
    """The same rows from the current scores, for the organizers before publication (nothing
    is frozen yet): ranks, totals and bands from `services.results`, units in one query."""
    areas = list(index_set.areas.all())
    computed = {row["pk"]: row for row in services.results(index_set)}
    by_area = services.area_scores(index_set)
    rows = []
    for a in index_set.assessments.select_related("unit"):
        row = computed.get(a.pk)
        if row is None:
            continue
        a.total, a.index_value, a.rank, a.band = (
            row["total"],
            row["index"],
            row["rank"],
            row["band"],
        )
        rows.append(
            {
                "assessment": a,
                "areas": [by_area.get(a.pk, {}).get(area.pk, 0) for area in areas],
                "change": None,
            }
        )
    rows.sort(key=lambda row: (row["assessment"].rank, row["assessment"].unit.name))
    return areas, rows


def _share(points, maximum):
    return float(points) * 100 / float(maximum) if maximum else None


def area_charts(areas, rows):
    """One chart per area: each unit's share of the area's maximum, best first; or, for a
    level of many units, how many units reached each bracket of that share."""
    charts = []
    for i, area in enumerate(areas):
        title = f"{area.number}. {area.title}"
        shares = [
            (row["assessment"].unit.name, _share(row["areas"][i], area.max_points)) for row in rows
        ]
        if len(shares) <= MAX_BARS:
            shares.sort(key=lambda item: (-(item[1] or 0), item[0]))
            charts.append(
                bar_chart(
                    title, shares, percent=True, decimals=1, value_label=_("Share of the maximum")
                )
            )
            continue
        counts = dict.fromkeys(floor for floor, _label in BRACKETS)
        for _name, share in shares:
            floor = next(f for f, _label in BRACKETS if (share or 0) >= f)
            counts[floor] = (counts[floor] or 0) + 1
        charts.append(
            bar_chart(
                title,
                [(label, counts[floor] or 0) for floor, label in BRACKETS],
                maximum=len(shares),
                value_label=_("Units"),
            )
        )
    return charts


def history_chart(history):
    """The unit's index in each published year, with its rank and classification."""
    if not history:
        return None
    return bar_chart(
        _("Index over the years"),
        [
            (
                str(a.index_set.year),
                float(a.index_value) if a.index_value is not None else None,
                f"{a.rank or '—'} · {a.band or '—'}",
            )
            for a in history
        ],
        maximum=100,
        decimals=2,
        value_label=_("Index"),
        note_label=_("Rank · classification"),
    )


def public_evidence(assessment):
    """Evidence the organizers marked public, with its sub-criterion, in one query."""
    return list(
        Evidence.objects.filter(score__assessment=assessment, is_public=True)
        .select_related("score__sub")
        .order_by("score__sub__sort_order", "score__sub__pk", "pk")
    )


def _published_sets():
    return (
        IndexSet.objects.filter(published_at__isnull=False)
        .select_related("level")
        .only("year", "title", "published_at", "level__code", "level__name")
        .order_by("-year", "level__sort_order", "pk")
    )


def sitemap_entries() -> list[dict]:
    """Every published ranking, for the portal's XML sitemap (hook `register_sitemap_entries`):
    one query."""
    return [
        {
            "location": reverse("parindex:results", args=[index_set.year, index_set.level.code]),
            "lastmod": index_set.published_at,
        }
        for index_set in _published_sets()
    ]


def site_map_section():
    """The published rankings for the portal's HTML site map (hook `register_site_map_section`),
    or None before the first is published: one query."""
    sets = list(_published_sets())
    if not sets:
        return None
    children = [
        {
            "title": str(index_set),
            "url": reverse("parindex:results", args=[index_set.year, index_set.level.code]),
        }
        for index_set in sets
    ]
    return {
        "title": _("PAR index results"),
        "url": children[0]["url"],
        "order": 50,
        "children": children,
    }
