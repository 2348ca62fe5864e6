"""Organizer-entered links accept only http(s) (and, where editors link inside the site, a path
on this site); anything else is refused by the forms and blocks and never rendered as a link."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.forms import modelform_factory
from django.template import Context, Template
from django.urls import reverse
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.blocks import StreamBlock, StructBlock, URLBlock
from wagtail.fields import StreamField

from common.blocks import HttpURLBlock
from common.validators import is_http_url
from contests.models import Contest
from courses.models import Course
from portal.models import PortalSettings
from tests.contests.factories import ContestFactory
from tests.courses.factories import CourseFactory

# Links that run script or show forged content: refused by every field and block.
SCRIPT_LINKS = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "\njavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\rscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://files.example.vn/the-le.pdf",
]
# Not http(s) as typed; address fields (URLField, URLBlock) read some of them as https://...
# before validating, text fields for links refuse them.
BAD = [
    *SCRIPT_LINKS,
    "//evil.example/the-le",
    "/\\evil.example/the-le",
    "http:evil.example",
    "https://",
    "the-le/",
]
GOOD_ABSOLUTE = [
    "https://cchc.anlac.gov.vn/the-le/",
    "http://hop.anlac.gov.vn/phong-1",
    "HTTPS://X.VN",
]
SITE_PATHS = ["/the-le-hoi-thi/", "/cuoc-thi/?vong=1"]


@pytest.mark.parametrize("value", BAD)
def test_bad_links_are_not_http(value):
    assert not is_http_url(value)
    assert not is_http_url(value, site_paths=True)


def test_good_links():
    for value in GOOD_ABSOLUTE:
        assert is_http_url(value) and is_http_url(value, site_paths=True)
    for value in SITE_PATHS:
        assert not is_http_url(value) and is_http_url(value, site_paths=True)


def form_errors(model, field, value, instance=None):
    """The errors of `field` in a form built as the Wagtail admin builds its edit forms."""
    form_class = modelform_factory(model, form=WagtailAdminModelForm, fields=[field])
    return form_class({field: value}, instance=instance).errors.get(field)


@pytest.mark.django_db
@pytest.mark.parametrize("value", BAD)
def test_link_text_fields_refuse_bad_links(value, vi):
    assert form_errors(Contest, "rules_url", value, ContestFactory())
    assert form_errors(PortalSettings, "alert_link", value, PortalSettings.load())


@pytest.mark.django_db
@pytest.mark.parametrize("value", SCRIPT_LINKS)
def test_address_fields_refuse_script_links(value, vi):
    assert form_errors(Course, "online_link", value, CourseFactory())


@pytest.mark.django_db
def test_forms_take_good_links_with_a_translated_message(vi):
    contest = ContestFactory()
    for value in [*GOOD_ABSOLUTE, *SITE_PATHS]:
        assert form_errors(Contest, "rules_url", value, contest) is None
        assert form_errors(PortalSettings, "alert_link", value, PortalSettings.load()) is None
    for value in GOOD_ABSOLUTE:
        assert form_errors(Course, "online_link", value, CourseFactory()) is None
    errors = form_errors(Contest, "rules_url", "javascript:alert(1)", contest)
    assert "Nhập địa chỉ bắt đầu bằng http:// hoặc https://" in errors[0]


@pytest.mark.parametrize("value", SCRIPT_LINKS)
def test_http_url_block_refuses_script_links(value):
    with pytest.raises(ValidationError):
        HttpURLBlock().clean(value)


def test_http_url_block_takes_http_links():
    for value in GOOD_ABSOLUTE:
        assert HttpURLBlock().clean(value)


def _url_blocks(block):
    if isinstance(block, URLBlock):
        yield block
    if isinstance(block, StreamBlock | StructBlock):
        for child in block.child_blocks.values():
            yield from _url_blocks(child)
    elif getattr(block, "child_block", None) is not None:
        yield from _url_blocks(block.child_block)


def test_every_url_block_in_every_stream_field_is_http_only():
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                for block in _url_blocks(field.stream_block):
                    assert isinstance(block, HttpURLBlock), (model, field.name, block)


@pytest.mark.parametrize("value", BAD)
def test_the_filter_never_renders_a_bad_link(value):
    html = Template('{% load links %}<a href="{{ value|http_link }}">x</a>').render(
        Context({"value": value})
    )
    assert html == '<a href="">x</a>'


@pytest.mark.django_db
def test_bad_links_saved_before_the_validator_are_not_rendered(client, vi):
    """Rows written before the validators existed (here: around the forms) show no script link."""
    contest = ContestFactory()
    Contest.objects.filter(pk=contest.pk).update(rules_url=" javascript:alert(1)")
    course = CourseFactory()
    Course.objects.filter(pk=course.pk).update(online_link="JAVASCRIPT:alert(1)")
    settings_row = PortalSettings.load()
    settings_row.alert_text = "Hệ thống tạm dừng"
    settings_row.alert_link = "java\tscript:alert(1)"
    settings_row.save()  # save() does not validate: as an old row would be
    for url in [contest.get_absolute_url(), reverse("courses:detail", args=[course.slug])]:
        body = client.get(url).content.decode()
        assert "Hệ thống tạm dừng" in body
        assert not re.search(r"href=\"[^\"]*script", body, re.IGNORECASE)
    assert "Xem thể lệ" not in client.get(contest.get_absolute_url()).content.decode()
    contest.refresh_from_db()
    contest.rules_url = "/the-le/"
    contest.save()  # through save(), which purges the cached contest page
    assert 'href="/the-le/"' in client.get(contest.get_absolute_url()).content.decode()
