"""The organizers' and editors' admin (Wagtail) reads Vietnamese, everywhere.

Wagtail's own Vietnamese catalogue covers about a fifth of its strings; ours, in locale_vendor/
(the last folder of LOCALE_PATHS), covers the rest and overrides wording that disagrees with
docs/admin-glossary.md. These tests fail when a Wagtail upgrade brings a string nobody translated
(run `make vendor-messages`, then translate what it lists).
"""

import json
import re
from pathlib import Path

import django
import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation.trans_real import DjangoTranslation
from wagtail.users.models import UserProfile

from tests.factories import UserFactory
from tests.helpers import admin_client

VENDOR = Path(settings.BASE_DIR) / "locale_vendor" / "vi" / "LC_MESSAGES"
VENDORED = ("wagtail/", "taggit/", "django/")  # references of the entries refresh_wagtail.py keeps
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|</?[a-z][^>]*>")
# A browser set to English: the admin must still answer in Vietnamese.
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def wagtail_app_folders():
    """Wagtail's installed apps, and django-taggit (the tag field in the editor; no Vietnamese)."""
    return [
        Path(config.path)
        for config in apps.get_app_configs()
        if config.name in ("wagtail", "taggit") or config.name.startswith("wagtail.")
    ]


def django_folders():
    """Django's core and auth catalogues: our vendor catalogue fills what their Vietnamese lacks
    (the "12 phút trước" of every listing, the password rules on Wagtail's user form)."""
    return [Path(django.__file__).parent / "conf", Path(apps.get_app_config("auth").path)]


def english_entries(domain):
    """Every msgid Wagtail's installed apps (and Django, for django.po) can show, from their
    English catalogues."""
    entries = []
    for folder in wagtail_app_folders() + (django_folders() if domain == "django" else []):
        path = folder / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
        if path.exists():
            entries += [e for e in polib.pofile(str(path)) if e.msgid and not e.obsolete]
    return entries


def catalogue_key(entry):
    """How Django's merged catalogue keys an entry (context, plural form 0)."""
    msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
    return (msgid, 0) if entry.msgid_plural else msgid


def vietnamese_catalogue(domain):
    if domain == "django":
        return translation.trans_real.translation("vi")._catalog
    # What the admin's JavaScriptCatalog view builds: the apps' djangojs catalogues plus
    # LOCALE_PATHS (where ours is).
    localedirs = [str(folder / "locale") for folder in wagtail_app_folders()]
    return DjangoTranslation("vi", domain="djangojs", localedirs=localedirs)._catalog


def vendor_wagtail_entries():
    for domain in ("django", "djangojs"):
        for entry in polib.pofile(str(VENDOR / f"{domain}.po")):
            if any(path.startswith(VENDORED) for path, _line in entry.occurrences):
                yield entry


def vietnamese_of(entry):
    return entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr


def in_page(phrase, text):
    """The phrase as HTML shows it, or as it sits JSON-escaped in the sidebar's props."""
    return phrase in text or json.dumps(phrase)[1:-1] in text


# --- The catalogues -------------------------------------------------------------------------


def test_the_installed_wagtail_apps_have_catalogues_to_check():
    assert len(english_entries("django")) > 2000
    assert len(english_entries("djangojs")) > 50


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_wagtail_msgid_has_a_vietnamese_translation(domain):
    catalogue = vietnamese_catalogue(domain)
    missing = sorted(
        {
            entry.msgid
            for entry in english_entries(domain)
            if not (catalogue.get(catalogue_key(entry)) or "").strip()
        }
    )
    assert missing == [], f"{len(missing)} Wagtail strings have no Vietnamese: {missing[:50]}"


def test_vendor_catalogues_are_complete_valid_and_one_plural_form():
    for domain in ("django", "djangojs"):
        catalogue = polib.pofile(str(VENDOR / f"{domain}.po"))
        assert catalogue.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
        for entry in catalogue:
            assert "fuzzy" not in entry.flags and not entry.obsolete, entry.msgid
            assert vietnamese_of(entry).strip(), entry.msgid


def test_translations_keep_placeholders_and_html_exactly():
    wrong = []
    for entry in vendor_wagtail_entries():
        # Vietnamese has one plural form: msgstr[0] serves every count, so it follows the
        # plural msgid (which has the count placeholder the singular sometimes spells "one").
        source = entry.msgid_plural or entry.msgid
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(vietnamese_of(entry))):
            wrong.append((entry.msgid, vietnamese_of(entry)))
    assert wrong == []


# One Vietnamese term per concept (docs/admin-glossary.md): every msgid naming the concept uses
# the term, and the words of Wagtail's own catalogue we replaced never come back.
GLOSSARY = {
    r"\bdrafts?\b": "bản nháp",
    r"\bpublish": "xuất bản",
    r"\bsnippets?\b": "đoạn dùng chung",
    r"\bworkflows?\b(?! tasks?\b)": "quy trình duyệt",  # a "workflow task" is a "bước duyệt"
    r"\brevisions?\b": "phiên bản",
    r"\bcollections?\b": "bộ sưu tập",
    r"\bmoderation\b": "duyệt",
    r"\breject": "từ chối",
    r"\bschedul": "lịch",
    r"\bredirects?\b": "chuyển hướng",
    r"\bimages?\b": "ảnh",
    r"\bdocuments?\b": "tài liệu",
    r"\bprivacy\b": "quyền xem",
    r"\bcomments?\b": "bình luận",
}
REPLACED_WORDS = ["bản thảo", "phê chuẩn", "phê duyệt", "luồng công việc", "tác vụ", "đăng tải"]


def test_key_terms_read_the_same_everywhere():
    off = []
    for entry in vendor_wagtail_entries():
        if not any(path.startswith(("wagtail/", "taggit/")) for path, _ in entry.occurrences):
            continue  # Django's own strings (a CSRF page speaks of "privacy" in its own sense)
        # Placeholder names ("%(workflow)s") and markup are not words of the sentence.
        words = PLACEHOLDER.sub(" ", entry.msgid_plural or entry.msgid)
        vietnamese = vietnamese_of(entry).lower()
        for pattern, term in GLOSSARY.items():
            if re.search(pattern, words, re.IGNORECASE) and term not in vietnamese:
                off.append((entry.msgid, term, vietnamese))
        off += [(entry.msgid, word, vietnamese) for word in REPLACED_WORDS if word in vietnamese]
    assert off == []


def test_our_wording_wins_over_wagtails_own_catalogue():
    with translation.override("vi"):
        # Wagtail's vi says "Yêu cầu xem xét" and "Phê chuẩn".
        assert translation.gettext("Submit for moderation") == "Gửi duyệt"
        assert translation.gettext("Approve") == "Duyệt"
        assert translation.gettext("Save draft") == "Lưu bản nháp"
        # The LIVE badge is Wagtail's; the contests' "Live" monitor has its own context.
        assert translation.gettext("Live") == "Đang xuất bản"
        assert translation.pgettext("live monitor of a contest round", "Live") == "Trực tiếp"
        assert translation.gettext("Group") == "Nhóm"
        # Django's own Vietnamese lacks the minutes of "12 minutes ago".
        assert translation.ngettext("%(num)d minute", "%(num)d minutes", 12) % {"num": 12} == (
            "12 phút"
        )


# --- Screens --------------------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return UserFactory(email="quantri@example.com", is_staff=True, is_superuser=True)


@pytest.mark.django_db
def test_admin_login_page_is_vietnamese_for_an_english_browser(client):
    """The admin's login address leads to the one login (allauth's), in Vietnamese."""
    response = client.get(reverse("wagtailadmin_login"), follow=True, **ENGLISH_BROWSER)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    text = response.content.decode()
    for phrase in ["Đăng nhập", "Quên mật khẩu?", "Ghi nhớ đăng nhập", "Mật khẩu"]:
        assert phrase in text, phrase
    for english in ["Sign in to Wagtail", "Forgot your password?", "Remember Me", "Sign In"]:
        assert english not in text, english


@pytest.mark.django_db
def test_admin_password_reset_page_is_vietnamese(client):
    """Wagtail's own reset screen is closed; the portal's (allauth's) is the one, in Vietnamese."""
    text = client.get(reverse("account_reset_password"), **ENGLISH_BROWSER).content.decode()
    assert "Đặt lại mật khẩu" in text
    assert "Password Reset" not in text and "Reset your password" not in text


@pytest.mark.django_db
def test_dashboard_and_sidebar_are_vietnamese(client, superuser):
    admin_client(client, superuser)
    text = client.get(reverse("wagtailadmin_home"), **ENGLISH_BROWSER).content.decode()
    for phrase in ["Tóm tắt trang web", "Ảnh", "Tài liệu", "Báo cáo", "Trợ giúp", "Cài đặt"]:
        assert in_page(phrase, text), phrase
    for english in ["Site summary", '"Images"', '"Documents"', '"Reports"', '"Settings"']:
        assert english not in text, english


@pytest.mark.django_db
def test_staff_who_chose_english_get_english(client, superuser):
    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "en"
    profile.save()
    admin_client(client, superuser)
    text = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Site summary" in text
    assert "Tóm tắt trang web" not in text


@pytest.mark.django_db
def test_the_admins_javascript_catalogue_is_vietnamese(client):
    response = client.get(reverse("wagtailadmin_javascript_catalog"), **ENGLISH_BROWSER)
    text = response.content.decode()
    assert response.status_code == 200
    # Wagtail ships no Vietnamese for this one: it comes from locale_vendor's djangojs.po.
    assert json.dumps("Trình duyệt trang") in text
    # Wagtail's own reads "Lưu lỗi" (save the error); ours wins.
    assert json.dumps("Lỗi khi lưu") in text


# --- Nothing leaves the machine -------------------------------------------------------------

EXTERNAL_LOAD = re.compile(
    r"""<(?:script|img|iframe|source)\b[^>]*\bsrc=["'](?:https?:)?//(?!127\.0\.0\.1|localhost|testserver)"""
    r"""|<link\b[^>]*\bhref=["'](?:https?:)?//(?!127\.0\.0\.1|localhost|testserver)""",
    re.IGNORECASE,
)


@pytest.mark.django_db
def test_the_dashboard_loads_nothing_from_other_hosts(client, superuser):
    admin_client(client, superuser)
    text = client.get(reverse("wagtailadmin_home")).content.decode()
    assert EXTERNAL_LOAD.findall(text) == []
    assert "gravatar" not in text
    assert "data-w-upgrade" not in text  # the release check asks releases.wagtail.io


# Our app catalogues come first in LOCALE_PATHS, so a project msgid equal to a Wagtail or Django
# one ("Name", "Sessions") replaces its translation everywhere unless it has a context.


@pytest.mark.django_db
def test_a_course_page_calls_its_sessions_class_meetings(client):
    from tests.courses.factories import CourseFactory

    course = CourseFactory(sessions=2)
    html = client.get(course.get_absolute_url(), **ENGLISH_BROWSER).content.decode()
    heading = re.search(r'<h2 id="sessions-title">([^<]*)</h2>', html).group(1)
    assert "buổi học" in heading.lower()  # the course's class meetings…
    assert "Phiên đăng nhập" not in html  # …not login sessions


@pytest.mark.django_db
def test_the_group_permission_table_keeps_wagtails_name_column(client, superuser):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Nhóm thử")
    admin_client(client, superuser)
    html = client.get(reverse("wagtailusers_groups:edit", args=[group.pk])).content.decode()
    headers = re.findall(r"<th[^>]*>\s*([^<]+?)\s*</th>", html)
    assert "Tên" in headers  # the permission table's "Name" column: Wagtail's Vietnamese
    assert "Họ và tên" not in headers  # not a person's full name
    assert "Name" not in headers
