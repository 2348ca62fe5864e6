"""The demo app: installed for development and tests only, its data read through the project's
own importers."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files import File

from contests import importers
from contests.models import Question
from demo.files import path
from demo.seeders import contests as contests_demo

# Settings only: loading the apps (django.setup()) would add seconds and prove nothing more here.
INSTALLED = "from django.conf import settings; print('demo' in settings.INSTALLED_APPS)"


def installed_in(mode):
    result = subprocess.run(
        [sys.executable, "-c", INSTALLED],
        env={
            "DJANGO_SETTINGS_MODULE": f"training_site.settings.{mode}",
            "PATH": "/usr/bin",
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "cchc.example.gov.vn",
            # Production refuses to start without PostgreSQL and Redis; nothing connects here.
            "DATABASE_URL": "postgres://cchc@db.example:5432/cchc",
            "REDIS_URL": "redis://redis.example:6379/0",
        },
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip() == "True"


def test_production_has_no_demo_app():
    assert not installed_in("production")
    assert installed_in("local")
    assert "demo" in settings.INSTALLED_APPS


@pytest.mark.django_db
def test_the_question_bank_is_a_clean_import_file():
    with path("contests/questions.xlsx").open("rb") as handle:
        parsed = importers.parse(File(handle, name="questions.xlsx"))
    assert len(parsed) == 123
    assert not [item.errors for item in parsed if item.errors]
    kinds = {item.kind for item in parsed}
    assert kinds == {Question.Kind.SINGLE, Question.Kind.TRUE_FALSE}


@pytest.mark.django_db
def test_seeding_the_bank_again_adds_nothing(django_user_model):
    author = django_user_model.objects.create(email="bantochuc@example.com")
    contests_demo.seed_bank("questions.xlsx", author, author, now=None)
    assert Question.objects.count() == 123
    assert not Question.objects.filter(status=Question.Status.DRAFT).exists()
    contests_demo.seed_bank("questions.xlsx", author, author, now=None)
    assert Question.objects.count() == 123
