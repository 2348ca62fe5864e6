"""Project-wide behaviour: demo data, roles, periodic work, static assets."""

import io
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command

from common.periodic import collect


@pytest.mark.django_db(transaction=True)
def test_seed_demo_is_idempotent_and_loads_every_app():
    call_command("seed_demo", stdout=io.StringIO())
    counts = {model._meta.label: model.objects.count() for model in apps.get_models()}
    call_command("seed_demo", stdout=io.StringIO())
    again = {model._meta.label: model.objects.count() for model in apps.get_models()}
    # Logs, queued tasks and Wagtail's reference index (derived data, rebuilt whenever an object is
    # saved again) may grow; the content itself must not be duplicated.
    changed = {
        label: (counts[label], again[label])
        for label in counts
        if counts[label] != again[label]
        and not label.startswith(
            (
                "wagtailcore.ModelLogEntry",
                "wagtailcore.PageLogEntry",
                "wagtailcore.ReferenceIndex",
                "django_tasks_db.",
            )
        )
    }
    assert not changed, changed
    assert counts["accounts.User"] >= 5
    assert counts["accounts.Unit"] == 41


@pytest.mark.django_db
def test_seed_demo_refuses_production(settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.django_db
def test_roles_exist_with_permissions():
    from django.contrib.auth.models import Group

    from accounts import roles

    call_command("setup_roles", stdout=io.StringIO())
    for name in (roles.EDITORS, roles.ORGANIZERS, roles.COORDINATORS):
        assert Group.objects.filter(name=name).exists()
    organizers = Group.objects.get(name=roles.ORGANIZERS)
    assert organizers.permissions.filter(codename="access_admin").exists()


@pytest.mark.django_db
def test_scheduler_once_enqueues_every_periodic_task():
    jobs = collect()
    out = io.StringIO()
    call_command("scheduler", once=True, stdout=out)
    assert f"Enqueued {len(jobs)} periodic tasks." in out.getvalue()
    for _task, every in jobs:
        assert every >= 1


def test_fonts_cover_every_vietnamese_letter():
    from fontTools.ttLib import TTFont

    letters = "ăâđêôơưĂÂĐÊÔƠƯ" + "".join(chr(code) for code in range(0x1EA0, 0x1EFA))
    for name in (
        "LiberationSerif-Regular.ttf",
        "LiberationSerif-Bold.ttf",
        "LiberationSans-Regular.ttf",
    ):
        cmap = TTFont(Path(settings.BASE_DIR) / "static" / "fonts" / name).getBestCmap()
        assert [ch for ch in letters if ord(ch) not in cmap] == [], name


def test_no_template_or_css_loads_anything_from_another_host():
    base = Path(settings.BASE_DIR)
    offenders = []
    for pattern in (
        "templates/**/*.html",
        "*/templates/**/*.html",
        "static/**/*.css",
        "static/**/*.js",
    ):
        for path in base.glob(pattern):
            if ".venv" in path.parts:
                continue
            text = path.read_text(encoding="utf-8", errors="ignore")
            for marker in (
                "https://fonts.",
                "cdn.",
                "unpkg.com",
                "jsdelivr",
                "googleapis",
                "cdnjs",
            ):
                if marker in text:
                    offenders.append(f"{path.relative_to(base)}: {marker}")
    assert not offenders, offenders
