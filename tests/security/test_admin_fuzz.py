"""Crafted POSTs to every admin screen, as each role: no answer may be a 500.

Every URL pattern under /admin/ (Wagtail's own and the project's viewsets and custom screens)
gets its path arguments filled with ids of a small seeded data set, is fetched once as the
superuser to learn its form (fields and inline formsets), then receives POSTs whose every field
holds one hostile value: empty, 100,000 characters, a NUL byte, a non-number, a negative number,
1e999, a list where one value is expected, an unknown choice, an impossible date, a broken file.
Requests go in a fixed order, so a run is repeatable; delete screens go last.

A 500 raised inside Wagtail or Django itself, that the project cannot fix, is listed in
UPSTREAM with the reason and the upstream issue; anything else fails the test.
"""

import io
import logging
import re
import traceback
from collections import defaultdict

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.signals import got_request_exception
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.admin.viewsets import viewsets
from wagtail.documents.models import Document
from wagtail.images.models import Image

from accounts import roles
from portal.models import Comment
from tests.contests.factories import EntryFactory, QuestionFactory, RoundFactory
from tests.courses.factories import CourseFactory
from tests.factories import UserFactory
from tests.helpers import admin_client
from tests.portal.conftest import article, category, home, news_index  # noqa: F401
from tests.portal.rendition_files import _close_rendition_files  # noqa: F401
from tests.security.payloads import form_data

pytestmark = pytest.mark.django_db

HOSTILE = {
    "empty": "",
    "huge": "x" * 100_000,
    "nul": "a\x00b",
    "not_a_number": "abc",
    "negative": "-1",
    "1e999": "1e999",
    "list": ["1", "2"],
    "unknown_choice": "không-có-lựa-chọn-này",
    "bad_date": "31/02/2026 25:61",
}
# Keys a screen without a Django form may still read from request.POST.
GUESSED_KEYS = ["id", "pk", "q", "action", "next", "title", "name", "value", "ids", "status"]
# Screens that end the session or are not forms at all.
SKIPPED = re.compile(
    r"logout|wagtailadmin_api|sprite|autocomplete|preview|workflow_history|wagtailadmin_reports"
    r"|wagtailadmin_error_test"
)
# Every snippet chooser is the same Wagtail view; one stands for all of them.
CHOOSERS = re.compile(r"^wagtailsnippetchoosers_(?!portal_comment:)")

# 500s raised inside Wagtail, modelcluster or Django that the project cannot fix: (URL names,
# exception and where it is raised) → reason and upstream issue. Narrow on purpose: the same
# URL failing anywhere else, or in another way, fails the test.
_SNIPPET_FORMS = r"wagtailsnippets_\w+:(edit|copy)"
UPSTREAM = [
    (
        rf"{_SNIPPET_FORMS}|wagtailsites:(edit|copy)|wagtailadmin_pages:(copy|move)",
        "ValueError at django/db/models/fields/__init__.py:2130",
        "Wagtail's chooser widget (wagtail/admin/widgets/chooser.py, get_instance) re-renders "
        "an invalid form with objects.get(pk=<the posted text>); a non-numeric id raises. "
        "No exact upstream issue found; nearest: https://github.com/wagtail/wagtail/pull/4380",
    ),
    (
        rf"{_SNIPPET_FORMS}|wagtailadmin_workflows:edit",
        "ValidationError at django/db/models/fields/__init__.py:2147",
        "modelcluster's child formset (_construct_form) converts a posted child id with "
        "to_python() without catching ValidationError, which Django's own model formset fixed "
        "in ticket #22229: https://github.com/django/django/pull/8679",
    ),
    (
        r"wagtailadmin_pages:(edit|copy)",
        "MultiValueDictKeyError at django/utils/datastructures.py:86",
        "StreamField reads request.POST['body-count'] (and page copy 'new_parent_page') "
        "without a default: https://github.com/wagtail/wagtail/issues/11920",
    ),
    (
        r"wagtailadmin_pages:(lock|unlock)|wagtailadmin_workflows:(enable|enable_task|remove)",
        "NoReverseMatch at django/urls/resolvers.py:831",
        "These Wagtail views reverse a URL from posted data; no upstream issue found.",
    ),
    (
        r"wagtailredirects:process_import",
        "KeyError at wagtail/contrib/redirects/forms.py:96",
        "The redirect import confirmation form indexes its fields without checking them; "
        "no upstream issue found.",
    ),
    (
        r"wagtailadmin_choose_page_external_link",
        "AttributeError at wagtail/admin/forms/choosers.py:16",
        "The external link chooser calls .startswith() on a missing URL; no upstream issue found.",
    ),
    (
        r"wagtailsnippetchoosers_\w+:create",
        "AttributeError at wagtail/admin/views/generic/chooser.py:573",
        "Posting to a snippet chooser's create view of a model without a creation form; no "
        "upstream issue found.",
    ),
]


def upstream(url_name, signature):
    return any(
        re.fullmatch(names, url_name) and signature == expected
        for names, expected, _reason in UPSTREAM
    )


def admin_patterns():
    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}:{pattern.name}" if namespace else (pattern.name or "")
                yield prefix + str(pattern.pattern), name

    found = [
        (path, name)
        for path, name in walk(get_resolver().url_patterns)
        if path.startswith("admin/")
        and not SKIPPED.search(f"{path} {name}")
        and not CHOOSERS.match(name)
    ]
    # Deleting screens last, so they do not take away what the other screens edit.
    return sorted(set(found), key=lambda item: ("delete" in item[0] + item[1], item[1], item[0]))


class Ids:
    """Path arguments: an existing object of the right model wherever it can be told."""

    def __init__(self, seed):
        self.seed = seed
        self.by_namespace = {
            viewset.url_namespace: viewset.model
            for viewset in viewsets.viewsets
            if isinstance(getattr(viewset, "model", None), type) and getattr(viewset, "name", None)
        }

    def model_id(self, model):
        obj = model._default_manager.order_by("pk").first()
        return obj.pk if obj else 1

    def value(self, name, converter, url_name):
        namespace = url_name.partition(":")[0]
        seed = self.seed
        if name in ("page_id", "parent_page_id", "page_pk", "page_to_move_id", "destination_id"):
            return seed["page"].pk
        if name in ("document_id", "doc_id"):
            return seed["document"].pk
        if name == "image_id":
            return seed["image"].pk
        if name == "filter_spec":
            return "original"
        if name in ("app_label", "content_type_app_name", "app_name"):
            return "portal"
        if name in ("model_name", "content_type_model_name"):
            return "comment"
        if name == "course_id":
            return seed["course"].pk
        if name == "session_id":
            return seed["course"].sessions.first().pk
        if name in ("pk", "object_id", "user_id") and namespace in self.by_namespace:
            return self.model_id(self.by_namespace[namespace])
        if name in ("pk", "object_id") and namespace == "wagtailusers_groups":
            return Group.objects.order_by("pk").first().pk
        if converter in ("int", "") or name.endswith("id") or name == "pk":
            return 1
        return "x"

    def fill(self, path, url_name):
        def replace(match):
            converter, _, name = match.group(1).rpartition(":")
            return str(self.value(name, converter, url_name))

        return "/" + re.sub(r"<([^>]+)>", replace, path)


KINDS = list(HOSTILE)
# url name → the fields its form sends, learned once per run (as the superuser, who sees them all).
LEARNED = {}


def hostile_payload(fields, mix):
    """Every field spoiled, field i with the (i + 3 × mix)-th hostile value: each mix gives each
    field another value, and every value reaches every screen that has a few fields."""
    data = {}
    for index, (name, original) in enumerate(sorted(fields.items())):
        if name.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")):
            data[name] = original  # the formset's own bookkeeping, which Django validates
        else:
            data[name] = HOSTILE[KINDS[(index + 3 * mix) % len(KINDS)]]
    return data


def learn_fields(client, url):
    """The form the screen renders, as the data a browser would send back."""
    response = client.get(url)
    fields = {}
    files = []
    for context in response.context or []:
        form = context.get("form") if hasattr(context, "get") else None
        if form is not None and hasattr(form, "fields"):
            fields = form_data(form)
            files = [
                bound.html_name
                for bound in form
                if bound.field.widget.__class__.__name__.endswith("FileInput")
            ]
            break
    return fields, files


@pytest.fixture
def seed(article):  # noqa: F811
    call_command("setup_roles", stdout=io.StringIO())
    entry = EntryFactory()
    round_ = RoundFactory(contest=entry.contest)
    QuestionFactory()
    Comment.objects.create(page=article, name="Bạn đọc", email="a@example.com", body="Rất hay")
    document = Document.objects.create(
        title="Tài liệu", file=SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4\n%%EOF\n")
    )
    from tests.security.test_media_uploads import png

    image = Image.objects.create(title="Ảnh", file=SimpleUploadedFile("anh.png", png(8, 8)))
    return {
        "page": article,
        "document": document,
        "image": image,
        "round": round_,
        "course": CourseFactory(),
    }


def person(role):
    if role == "superuser":
        return UserFactory(is_staff=True, is_superuser=True)
    if role == "civil_servant":
        return UserFactory()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


# The superuser reaches every screen, so gets every mix; the other roles mostly meet a refusal,
# which is what they must meet without a 500.
ROLES = {
    "superuser": [0, 1],
    roles.ORGANIZERS: [0, 1],
    roles.EDITORS: [0],
    roles.COORDINATORS: [0],
    "civil_servant": [0],
}


def where(exc):
    """The innermost frame of the exception, and whether it is in the project's code."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "site-packages" not in f.filename]
    last = frames[-1]
    place = f"{last.filename.rpartition('site-packages/')[2]}:{last.lineno}"
    project = f"{ours[-1].filename}:{ours[-1].lineno}" if ours else None
    return f"{type(exc).__name__} at {place}", project


@pytest.fixture
def errors():
    """Exceptions of the requests that became a 500, captured as Django reports them."""
    caught = []

    def record(sender, request=None, **kwargs):
        import sys

        caught.append(sys.exc_info()[1])

    got_request_exception.connect(record)
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # 100,000-character values in every error log line
    yield caught
    logger.setLevel(level)
    got_request_exception.disconnect(record)


class StatusClient(Client):
    """The test client without its record of every template and context a response rendered:
    the crafted POSTs are judged by their status alone (and their exceptions, caught through
    got_request_exception by `errors`); copying the contexts of every admin page they render
    again showed in a profile as several per cent of this test's time."""

    def request(self, **request):
        response = self.handler(self._base_environ(**request))
        if response.cookies:
            self.cookies.update(response.cookies)
        return response


@pytest.mark.parametrize("role", list(ROLES))
def test_no_admin_screen_answers_a_crafted_post_with_a_500(seed, role, errors):
    kinds = ROLES[role]
    client = StatusClient(raise_request_exception=False)
    user = person(role)
    if role == "civil_servant":
        client.force_login(user)
    else:
        admin_client(client, user)
    learner = admin_client(
        Client(raise_request_exception=False), UserFactory(is_staff=True, is_superuser=True)
    )
    ids = Ids(seed)
    failures = defaultdict(list)
    for path, url_name in admin_patterns():
        url = ids.fill(path, url_name)
        if url_name not in LEARNED:
            LEARNED[url_name] = learn_fields(learner, url)
        fields, files = LEARNED[url_name]
        if not fields:
            fields = dict.fromkeys(GUESSED_KEYS, "1")
        for kind in ["no_data", *kinds]:
            data = {} if kind == "no_data" else hostile_payload(fields, kind)
            kind = kind if kind == "no_data" else f"mix{kind}"
            for name in files:
                data[name] = SimpleUploadedFile("hong.pdf", b"MZ\x90\x00 not a document")
            errors.clear()
            response = client.post(url, data)
            if response.status_code >= 500:
                signature, project = where(errors[-1]) if errors else ("no exception", None)
                if project or not upstream(url_name, signature):
                    failures[url_name].append((kind, signature, project))

    assert dict(failures) == {}
