"""Move the English pages into the English locale tree.

Until now the English pages were ordinary pages of the Vietnamese tree marked with a `language`
field: a page with the slug "en" under the home page and its children. They now live in the
English tree: an English home page beside the Vietnamese one (its translation, served at /en/),
with the old English pages below it, in the English locale. The old "en" page's title and
introduction become the English home page's. Nothing to do on a database without English pages.
"""

import uuid

from django.db import migrations
from django.utils import timezone

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP = 4


def _next_child_path(Page, parent):
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    if last is None:
        return parent.path + "0001"
    number = 0
    for char in last[-STEP:]:
        number = number * len(ALPHABET) + ALPHABET.index(char)
    number += 1
    step = ""
    for _ in range(STEP):
        number, rest = divmod(number, len(ALPHABET))
        step = ALPHABET[rest] + step
    return parent.path + step


def _move_subtree(Page, node, new_parent, locale):
    """Moves `node` and its descendants under `new_parent` (as its last child), in `locale`."""
    old_path, old_depth, old_url = node.path, node.depth, node.url_path
    old_parent = Page.objects.get(path=old_path[:-STEP])
    new_path = _next_child_path(Page, new_parent)
    new_url = f"{new_parent.url_path}{node.slug}/"
    for page in Page.objects.filter(path__startswith=old_path).order_by("path"):
        page.path = new_path + page.path[len(old_path) :]
        page.depth = page.depth - old_depth + new_parent.depth + 1
        page.url_path = new_url + page.url_path[len(old_url) :]
        page.locale_id = locale.pk
        page.save(update_fields=["path", "depth", "url_path", "locale"])
    Page.objects.filter(pk=new_parent.pk).update(numchild=new_parent.numchild + 1)
    new_parent.numchild += 1
    Page.objects.filter(pk=old_parent.pk).update(numchild=max(0, old_parent.numchild - 1))


def _english_home(apps, vi_home, landing, locale):
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("portal", "HomePage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    existing = HomePage.objects.filter(
        translation_key=vi_home.translation_key, locale=locale
    ).first()
    if existing is not None:
        return existing
    root = Page.objects.get(depth=1, path=vi_home.path[:STEP])
    slug = "en"
    if Page.objects.filter(depth=2, slug=slug).exists():
        slug = f"home-en-{uuid.uuid4().hex[:6]}"
    title = landing.title if landing is not None else "Home"
    now = timezone.now()
    home = HomePage.objects.create(
        title=title,
        draft_title=title,
        slug=slug,
        content_type=ContentType.objects.get_for_model(HomePage),
        path=_next_child_path(Page, root),
        depth=2,
        numchild=0,
        url_path=f"/{slug}/",
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        locale=locale,
        translation_key=vi_home.translation_key,
        intro=f"<p>{landing.intro}</p>" if landing is not None and landing.intro else "",
        featured_count=vi_home.featured_count,
        latest_count=vi_home.latest_count,
    )
    Page.objects.filter(pk=root.pk).update(numchild=root.numchild + 1)
    return home


def forwards(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Locale = apps.get_model("wagtailcore", "Locale")
    StandardPage = apps.get_model("portal", "StandardPage")
    HomePage = apps.get_model("portal", "HomePage")
    english = list(StandardPage.objects.filter(language="en").order_by("path"))
    if not english:
        return
    locale, _created = Locale.objects.get_or_create(language_code="en")
    english_paths = {page.path for page in english}
    # The tops of the English sections: English pages whose parent is not English.
    tops = [page for page in english if page.path[:-STEP] not in english_paths]
    for top in tops:
        vi_home = HomePage.objects.filter(path=top.path[: 2 * STEP]).first()
        if vi_home is None:
            Page.objects.filter(path__startswith=top.path).update(locale=locale)
            continue
        landing = top if top.depth == 3 and top.slug == "en" else None
        home = _english_home(apps, vi_home, landing, locale)
        if landing is None:
            _move_subtree(Page, Page.objects.get(pk=top.pk), home, locale)
            continue
        for child in Page.objects.filter(
            path__startswith=landing.path, depth=landing.depth + 1
        ).order_by("path"):
            home = Page.objects.get(pk=home.pk)
            _move_subtree(Page, child, home, locale)
        Page.objects.filter(pk=landing.pk).delete()
        Page.objects.filter(pk=vi_home.pk).update(
            numchild=Page.objects.filter(
                path__startswith=vi_home.path, depth=vi_home.depth + 1
            ).count()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_search_index"),
        ("wagtailcore", "0094_alter_page_locale"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
